"""The constructor arguments Dense and the convolutions share: activation, bias, and how
each weight (kernel, bias, depthwise, pointwise) is initialized, regularized and constrained."""

from .. import activations, constraints, initializers, regularizers


def get_constraint(value, argument: str):
    """A constraint from any Keras identifier (name, config dict, Constraint, callable)."""
    try:
        return constraints.get(value)
    except ValueError as error:
        raise ValueError(f"Could not interpret `{argument}`: {error}") from None


def serialize_constraint(value):
    return None if value is None else constraints.serialize(value)


def weight_constraint(value):
    """What `add_weight(constraint=...)` gets: the constraint to apply after each update."""
    return value if callable(value) else None


def set_weight_args(layer, prefix: str, initializer, regularizer, constraint) -> None:
    """Stores `<prefix>_initializer`, `<prefix>_regularizer`, `<prefix>_constraint`."""
    setattr(layer, f"{prefix}_initializer", initializers.get(initializer))
    setattr(layer, f"{prefix}_regularizer", regularizers.get(regularizer))
    setattr(layer, f"{prefix}_constraint", get_constraint(constraint, f"{prefix}_constraint"))


def weight_args_config(layer, *prefixes: str) -> dict:
    """The initializers, then the regularizers, then the constraints, in Keras's key order."""
    return {
        **{f"{p}_initializer": initializers.serialize(getattr(layer, f"{p}_initializer")) for p in prefixes},
        **{f"{p}_regularizer": regularizers.serialize(getattr(layer, f"{p}_regularizer")) for p in prefixes},
        **{f"{p}_constraint": serialize_constraint(getattr(layer, f"{p}_constraint")) for p in prefixes},
    }


def set_kernel_args(layer, activation, use_bias, kernel_initializer, bias_initializer,
                    kernel_regularizer, bias_regularizer, kernel_constraint, bias_constraint) -> None:
    """Validates and stores the shared arguments under their Keras names."""
    layer.activation = activations.get(activation)
    layer.use_bias = bool(use_bias)
    set_weight_args(layer, "kernel", kernel_initializer, kernel_regularizer, kernel_constraint)
    set_weight_args(layer, "bias", bias_initializer, bias_regularizer, bias_constraint)


def kernel_args_config(layer) -> dict:
    """The shared arguments as Keras writes them in a layer config."""
    return {
        "activation": activations.serialize(layer.activation),
        "use_bias": layer.use_bias,
        **weight_args_config(layer, "kernel", "bias"),
    }
