"""Activation functions by Keras name, computed with torch.

Each function takes and returns a torch tensor. Layers keep the function itself and
serialize it by name, as Keras does (`"relu"`, `"softmax"`, `"linear"`).
"""

import torch
import torch.nn.functional as F


def linear(x):
    return x


def relu(x, negative_slope=0.0, max_value=None, threshold=0.0):
    if negative_slope == 0.0 and threshold == 0.0:
        out = F.relu(x)
    else:  # Keras's generalized relu: a slope below `threshold`
        out = torch.where(x >= threshold, x, negative_slope * (x - threshold))
    return out if max_value is None else out.clamp(max=max_value)


def relu6(x):
    return F.relu6(x)


def leaky_relu(x, negative_slope=0.2):
    return F.leaky_relu(x, negative_slope)


def elu(x, alpha=1.0):
    return F.elu(x, alpha)


def selu(x):
    return F.selu(x)


def celu(x, alpha=1.0):
    return F.celu(x, alpha)


def gelu(x, approximate=False):
    return F.gelu(x, approximate="tanh" if approximate else "none")


def silu(x):
    return F.silu(x)


def mish(x):
    return F.mish(x)


def sigmoid(x):
    return torch.sigmoid(x)


def hard_sigmoid(x):
    return F.hardsigmoid(x)


def hard_silu(x):
    return F.hardswish(x)


def log_sigmoid(x):
    return F.logsigmoid(x)


def tanh(x):
    return torch.tanh(x)


def softplus(x):
    return F.softplus(x)


def softsign(x):
    return F.softsign(x)


def exponential(x):
    return torch.exp(x)


_LOW_PRECISION = (torch.float16, torch.bfloat16)


def softmax(x, axis=-1):
    # Probabilities come out in float32 under mixed precision, as Keras recommends for outputs.
    return torch.softmax(x, dim=axis, dtype=torch.float32 if x.dtype in _LOW_PRECISION else None)


def log_softmax(x, axis=-1):
    return torch.log_softmax(x, dim=axis, dtype=torch.float32 if x.dtype in _LOW_PRECISION else None)


_BY_NAME = {
    fn.__name__: fn
    for fn in (
        linear, relu, relu6, leaky_relu, elu, selu, celu, gelu, silu, mish, sigmoid,
        hard_sigmoid, hard_silu, log_sigmoid, tanh, softplus, softsign, exponential,
        softmax, log_softmax,
    )
}
_ALIASES = {"swish": silu, "hard_swish": hard_silu}


def get(identifier):
    """A Keras activation identifier (`None`, a name, or a callable) -> a function."""
    if identifier is None:
        return linear
    if isinstance(identifier, dict) and identifier.get("class_name") == "function":
        identifier = identifier.get("config")  # Keras's form for a named function
    if isinstance(identifier, str):
        from .saving.custom_objects import current

        fn = _BY_NAME.get(identifier) or _ALIASES.get(identifier) or current().get(identifier)
        if fn is None:
            raise ValueError(
                f"Unknown activation function '{identifier}'. Valid names are: "
                f"{', '.join(sorted([*_BY_NAME, *_ALIASES]))}."
            )
        return fn
    if callable(identifier):
        return identifier
    raise TypeError(
        f"Could not interpret activation identifier {identifier!r}: expected a name, "
        "a callable or None."
    )


def serialize(fn) -> str:
    """The name Keras writes in a layer config; plain functions keep their `__name__`
    (load them back with `custom_objects={name: fn}`)."""
    for name, known in _BY_NAME.items():
        if fn is known:
            return name
    name = getattr(fn, "__name__", type(fn).__name__)
    if name == "<lambda>":
        raise ValueError(
            "A lambda activation has no name, so it cannot be written to a config. Define it "
            "with `def`, and pass it in `custom_objects` when loading."
        )
    return name
