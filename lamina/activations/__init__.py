"""Activation functions by Keras name, computed with torch.

Each function takes and returns a torch tensor, with Keras's signature and numerics.
Layers keep the function itself and write it into configs by name (`"relu"`), as Keras
does; `get` turns a name, a Keras config dict, a callable or `None` back into a function.
"""

import types

from ..registry import get_registered_name, get_registered_object, register_builtin
from .normalizing import glu, log_softmax, softmax, sparsemax
from .rectifiers import celu, elu, leaky_relu, relu, relu6, selu, threshold
from .smooth import (
    exponential,
    gelu,
    hard_shrink,
    hard_sigmoid,
    hard_silu,
    hard_tanh,
    linear,
    log_sigmoid,
    mish,
    sigmoid,
    silu,
    soft_shrink,
    softplus,
    softsign,
    sparse_plus,
    sparse_sigmoid,
    squareplus,
    tanh,
    tanh_shrink,
)

swish = silu
hard_swish = hard_silu

__all__ = [
    "celu", "deserialize", "elu", "exponential", "gelu", "get", "glu", "hard_shrink",
    "hard_sigmoid", "hard_silu", "hard_swish", "hard_tanh", "leaky_relu", "linear",
    "log_sigmoid", "log_softmax", "mish", "relu", "relu6", "selu", "serialize", "sigmoid",
    "silu", "soft_shrink", "softmax", "softplus", "softsign", "sparse_plus", "sparse_sigmoid",
    "sparsemax", "squareplus", "swish", "tanh", "tanh_shrink", "threshold",
]

_BY_NAME = {
    fn.__name__: fn
    for fn in (
        celu, elu, exponential, gelu, glu, hard_shrink, hard_sigmoid, hard_silu, hard_tanh,
        leaky_relu, linear, log_sigmoid, log_softmax, mish, relu, relu6, selu, sigmoid, silu,
        soft_shrink, softmax, softplus, softsign, sparse_plus, sparse_sigmoid, sparsemax,
        squareplus, tanh, tanh_shrink, threshold,
    )
}
_ALIASES = {"swish": silu, "hard_swish": hard_silu}
for _fn in _BY_NAME.values():
    register_builtin("activations", _fn, *(alias for alias, f in _ALIASES.items() if f is _fn))


def _lookup(name: str, custom_objects=None):
    fn = _BY_NAME.get(name) or _ALIASES.get(name)
    if fn is None:  # the loading `custom_objects`, a scope, or `register_keras_serializable`
        fn = get_registered_object(name, custom_objects)
    if fn is None:
        raise ValueError(
            f"Unknown activation function '{name}'. Valid names are: "
            f"{', '.join(sorted([*_BY_NAME, *_ALIASES]))}. Pass your own functions in "
            "`custom_objects`."
        )
    return fn


def get(identifier):
    """A Keras activation identifier -> a function.

    `None` is `linear`; a name (`"relu"`, `"swish"`) or a Keras config dict
    (`{"class_name": "function", "config": "relu", ...}`) is looked up among Lamina's
    functions and the loading `custom_objects`, never imported; a callable passes through.
    """
    if identifier is None:
        return linear
    if isinstance(identifier, (str, dict)):
        return deserialize(identifier)
    if callable(identifier):
        return identifier
    raise ValueError(f"Could not interpret activation function identifier: {identifier!r}")


def serialize(activation):
    """What Keras writes for an activation in a layer config.

    Keras's own functions become their name (`"silu"` for `swish`). Other plain functions
    become Keras's function dict, loaded back by name through `custom_objects`; callable
    objects with `get_config` become their class dict.
    """
    for name, known in _BY_NAME.items():
        if activation is known:
            return name
    if isinstance(activation, types.FunctionType):
        if activation.__name__ == "<lambda>":
            raise ValueError(
                "A lambda activation has no name, so it cannot be written to a config. Define "
                "it with `def`, and pass it in `custom_objects` when loading."
            )
        # Exactly Keras's dict for an unregistered function (module "builtins", the
        # registered name of the `function` type), so that files load in both libraries.
        return {"module": "builtins", "class_name": "function",
                "config": get_registered_name(activation), "registered_name": "function"}
    if hasattr(activation, "get_config"):
        return {"module": type(activation).__module__, "class_name": type(activation).__name__,
                "config": activation.get_config(), "registered_name": type(activation).__name__}
    raise ValueError(
        f"Unknown activation function '{activation}' cannot be serialized: it is neither a "
        "function with a name nor an object with `get_config()`."
    )


def deserialize(config, custom_objects=None):
    """A name or a Keras config dict -> a function (see `get`)."""
    if isinstance(config, str):
        return _lookup(config, custom_objects)
    if isinstance(config, dict):
        class_name = config.get("class_name")
        inner = config.get("config")
        if class_name == "function" and isinstance(inner, str):
            return _lookup(inner, custom_objects)
        cls = get_registered_object(config.get("registered_name") or class_name, custom_objects)
        cls = cls or get_registered_object(class_name, custom_objects)
        if isinstance(cls, type) and hasattr(cls, "from_config"):
            return cls.from_config(inner or {})
        raise ValueError(
            f"Could not deserialize the activation {config!r:.200}: only Keras's functions "
            "and objects passed in `custom_objects` are loaded."
        )
    raise ValueError(f"Could not interpret serialized activation function: {config!r:.200}")
