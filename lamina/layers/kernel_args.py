"""The constructor arguments Dense and the convolutions share: activation, bias, and how
their kernel and bias are initialized and regularized."""

from .. import activations, initializers, regularizers


def reject_constraints(layer, *constraints) -> None:
    if any(c is not None for c in constraints):
        raise ValueError(
            f"{type(layer).__name__} '{layer.name}': weight constraints are not supported by Lamina yet. "
            "Remove `kernel_constraint`/`bias_constraint`."
        )


def set_kernel_args(layer, activation, use_bias, kernel_initializer, bias_initializer,
                    kernel_regularizer, bias_regularizer, kernel_constraint, bias_constraint) -> None:
    """Validates and stores the shared arguments under their Keras names."""
    reject_constraints(layer, kernel_constraint, bias_constraint)
    layer.activation = activations.get(activation)
    layer.use_bias = bool(use_bias)
    layer.kernel_initializer = initializers.get(kernel_initializer)
    layer.bias_initializer = initializers.get(bias_initializer)
    layer.kernel_regularizer = regularizers.get(kernel_regularizer)
    layer.bias_regularizer = regularizers.get(bias_regularizer)


def kernel_args_config(layer) -> dict:
    """The shared arguments as Keras writes them in a layer config."""
    return {
        "activation": activations.serialize(layer.activation),
        "use_bias": layer.use_bias,
        "kernel_initializer": initializers.serialize(layer.kernel_initializer),
        "bias_initializer": initializers.serialize(layer.bias_initializer),
        "kernel_regularizer": regularizers.serialize(layer.kernel_regularizer),
        "bias_regularizer": regularizers.serialize(layer.bias_regularizer),
        "kernel_constraint": None,
        "bias_constraint": None,
    }
