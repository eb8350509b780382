"""Activation functions of `keras.ops.nn`, elementwise on torch tensors.

Ops that torch only defines for floats take integer and bool inputs as floatx (Keras on
torch raises torch's "not implemented for 'Int'" there; the other Keras backends return
floats, which is what we do). Ops torch defines for integers keep the input dtype, as in Keras.
"""

import warnings

import torch
import torch.nn.functional as F

from ..convert import convert_to_tensor
from ..dtypes import floatx, to_torch_dtype

__all__ = [
    "celu", "elu", "gelu", "glu", "hard_shrink", "hard_sigmoid", "hard_silu", "hard_swish",
    "hard_tanh", "leaky_relu", "log_sigmoid", "log_softmax", "relu", "relu6", "selu",
    "sigmoid", "silu", "soft_shrink", "softmax", "softplus", "softsign", "sparse_plus",
    "sparse_sigmoid", "sparsemax", "squareplus", "swish", "tanh_shrink", "threshold",
]  # fmt: skip


def to_float(x) -> torch.Tensor:
    x = convert_to_tensor(x)
    if not (x.is_floating_point() or x.is_complex()):
        x = x.to(to_torch_dtype(floatx()))
    return x


def relu(x) -> torch.Tensor:
    """`max(x, 0)`."""
    return F.relu(convert_to_tensor(x))


def relu6(x) -> torch.Tensor:
    """`min(max(x, 0), 6)`."""
    return F.relu6(convert_to_tensor(x))


def sigmoid(x) -> torch.Tensor:
    """`1 / (1 + exp(-x))`."""
    return torch.sigmoid(convert_to_tensor(x))


def sparse_sigmoid(x) -> torch.Tensor:
    """0 for `x <= -1`, 1 for `x >= 1`, `(x + 1) / 2` in between."""
    x = to_float(x)
    return torch.clamp(0.5 * (x + 1), 0.0, 1.0)


def softplus(x) -> torch.Tensor:
    """`log(exp(x) + 1)`."""
    return F.softplus(to_float(x))


def softsign(x) -> torch.Tensor:
    """`x / (abs(x) + 1)`."""
    return F.softsign(convert_to_tensor(x))


def soft_shrink(x, threshold=0.5) -> torch.Tensor:
    """`x - threshold` above `threshold`, `x + threshold` below `-threshold`, else 0."""
    return F.softshrink(to_float(x), lambd=threshold)


def sparse_plus(x) -> torch.Tensor:
    """0 for `x <= -1`, `x` for `x >= 1`, `(x + 1)**2 / 4` in between."""
    x = to_float(x)
    return torch.where(x <= -1, torch.zeros_like(x), torch.where(x < 1, 0.25 * (x + 1) ** 2, x))


def silu(x) -> torch.Tensor:
    """`x * sigmoid(x)` (also called swish)."""
    return F.silu(to_float(x))


swish = silu


def squareplus(x, b=4) -> torch.Tensor:
    """`(x + sqrt(x**2 + b)) / 2`."""
    x = convert_to_tensor(x)
    return (x + torch.sqrt(x**2 + convert_to_tensor(b, device=x.device))) / 2


def log_sigmoid(x) -> torch.Tensor:
    """`log(sigmoid(x))`, computed stably."""
    return F.logsigmoid(to_float(x))


def leaky_relu(x, negative_slope=0.2) -> torch.Tensor:
    """`x` for `x >= 0`, `negative_slope * x` otherwise."""
    return F.leaky_relu(to_float(x), negative_slope=negative_slope)


def hard_sigmoid(x) -> torch.Tensor:
    """`relu6(x + 3) / 6`."""
    return F.hardsigmoid(to_float(x))


def hard_silu(x) -> torch.Tensor:
    """`x * relu6(x + 3) / 6` (also called hard swish)."""
    return F.hardswish(to_float(x))


hard_swish = hard_silu


def elu(x, alpha=1.0) -> torch.Tensor:
    """`x` for `x > 0`, `alpha * (exp(x) - 1)` otherwise."""
    return F.elu(to_float(x), alpha)


def selu(x) -> torch.Tensor:
    """Scaled ELU with the self-normalizing constants."""
    return F.selu(to_float(x))


def gelu(x, approximate=True) -> torch.Tensor:
    """Gaussian error linear unit; the tanh approximation unless `approximate=False`."""
    return F.gelu(to_float(x), approximate="tanh" if approximate else "none")


def celu(x, alpha=1.0) -> torch.Tensor:
    """`max(x, 0) + min(alpha * (exp(x / alpha) - 1), 0)`."""
    return F.celu(to_float(x), alpha=alpha)


def glu(x, axis=-1) -> torch.Tensor:
    """Gated linear unit: `a * sigmoid(b)` where `x` is split in halves `a, b` along `axis`."""
    x = to_float(x)
    if not -x.ndim <= axis < x.ndim:
        raise ValueError(f"`glu`: axis {axis} is out of bounds for an input of rank {x.ndim}.")
    if x.shape[axis] % 2:
        raise ValueError(
            f"`glu` splits `x` in two halves along axis {axis}, which needs an even size. "
            f"Received: x.shape={tuple(x.shape)}"
        )
    return F.glu(x, dim=axis)


def tanh_shrink(x) -> torch.Tensor:
    """`x - tanh(x)`."""
    return F.tanhshrink(convert_to_tensor(x))


def hard_tanh(x) -> torch.Tensor:
    """`x` clipped to `[-1, 1]`."""
    return F.hardtanh(convert_to_tensor(x), min_val=-1.0, max_val=1.0)


def hard_shrink(x, threshold=0.5) -> torch.Tensor:
    """`x` where `abs(x) > threshold`, else 0."""
    return F.hardshrink(to_float(x), lambd=threshold)


def threshold(x, threshold, default_value) -> torch.Tensor:
    """`x` where `x > threshold`, else `default_value`."""
    return F.threshold(convert_to_tensor(x), threshold, default_value)


def _over_axes(fn, x, axis, op):
    if axis is None:
        return fn(x.reshape(-1), dim=-1).reshape(x.shape)
    if isinstance(axis, (tuple, list)):
        axes = sorted(a % x.ndim for a in axis)
        keep = [a for a in range(x.ndim) if a not in axes]
        moved = x.permute(*keep, *axes)
        out = fn(moved.reshape(*moved.shape[: len(keep)], -1), dim=-1).reshape(moved.shape)
        return out.permute(*sorted(range(x.ndim), key=[*keep, *axes].__getitem__))
    try:
        size = x.shape[axis]
    except IndexError:
        raise ValueError(
            f"`{op}`: axis {axis} is out of bounds for an input of rank {x.ndim}."
        ) from None
    if size == 1:
        warnings.warn(
            f"You are using a {op} over axis {axis} of a tensor of shape {tuple(x.shape)}. "
            "This axis has size 1, so the result is always 1 (0 for log_softmax); did you "
            "mean to use a sigmoid instead?",
            stacklevel=3,
        )
    return fn(x, dim=axis)


_FAST = (torch.float32, torch.float64, torch.bfloat16)


def _fast(x, axis) -> bool:
    """A float tensor and a valid int axis of size > 1: nothing to convert or warn about."""
    return (type(x) is torch.Tensor and type(axis) is int and x.dtype in _FAST
            and -x.ndim <= axis < x.ndim and x.shape[axis] != 1)


def _normalized(fn, x, axis, op):
    if type(x) is not torch.Tensor or not x.is_floating_point():
        x = to_float(x)
    if x.dtype is torch.float16 and x.device.type == "cpu":  # no CPU half kernel
        return _over_axes(fn, x.float(), axis, op).half()
    return _over_axes(fn, x, axis, op)


def softmax(x, axis=-1) -> torch.Tensor:
    """`exp(x) / sum(exp(x))` along `axis` (an int, a tuple of axes, or `None` for all)."""
    if _fast(x, axis):
        return x.softmax(axis)  # the common case, without F.softmax's Python wrapper
    return _normalized(torch.softmax, x, axis, "softmax")


def log_softmax(x, axis=-1) -> torch.Tensor:
    """`x - log(sum(exp(x)))` along `axis` (an int, a tuple of axes, or `None` for all)."""
    if _fast(x, axis):
        return x.log_softmax(axis)
    return _normalized(torch.log_softmax, x, axis, "log_softmax")


def sparsemax(x, axis=-1) -> torch.Tensor:
    """Euclidean projection of `x` onto the probability simplex along `axis` (sparse outputs).

    Unlike Keras 3.15.1, whose threshold sums every cumulative sum in the support (so its
    outputs need not sum to 1 once two or more entries are non-zero), `tau` here is
    `(cumsum[k] - 1) / k` as in Martins & Astudillo (2016), so each output sums to 1.
    """
    x = to_float(x)
    axis = axis % x.ndim
    ordered = torch.sort(x, dim=axis, descending=True).values
    cumsum = torch.cumsum(ordered, dim=axis)
    shape = [1] * x.ndim
    shape[axis] = -1
    ranks = torch.arange(1, x.shape[axis] + 1, device=x.device, dtype=x.dtype).view(shape)
    support = ordered - (cumsum - 1) / ranks > 0
    k = support.sum(dim=axis, keepdim=True)
    tau = (torch.gather(cumsum, axis, k - 1) - 1) / k
    return torch.clamp(x - tau, min=0.0)
