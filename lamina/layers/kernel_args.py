"""The constructor arguments Dense and the convolutions share: activation, bias, and how
each weight (kernel, bias, depthwise, pointwise) is initialized, regularized and constrained."""

from .. import activations, initializers, regularizers


def get_constraint(value, argument: str):
    """Lamina has no constraints module yet: a constraint is kept as given (None, a Keras
    config dict, a name, or a callable) so that configs round-trip; only a callable reaches
    the weight (`Variable.constraint`)."""
    if value is None or isinstance(value, (dict, str)) or callable(value):
        return value
    raise TypeError(f"Could not interpret constraint identifier: {argument}={value!r}")


def serialize_constraint(value):
    if value is None or isinstance(value, (dict, str)):
        return value
    config = value.get_config() if hasattr(value, "get_config") else {}
    return {"module": "keras.constraints", "class_name": type(value).__name__, "config": config,
            "registered_name": None}


def weight_constraint(value):
    """What `add_weight(constraint=...)` gets: only a callable can be applied to a weight."""
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
