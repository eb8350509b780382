"""Statistics and normalizations of `keras.ops.nn`: moments, batch/layer/RMS norms, psnr.

Layer and RMS normalization compute in at least float32 (half inputs are upcast and the
result cast back), as Keras does for stability.
"""

import warnings

import torch
import torch.nn.functional as F

from ... import config
from ..convert import convert_to_tensor, tensors
from .activations import to_float

__all__ = [
    "batch_normalization", "layer_normalization", "moments", "normalize", "psnr",
    "rms_normalization",
]  # fmt: skip


def _axes(axis, ndim, op):
    axes = [axis] if isinstance(axis, int) else list(axis)
    for a in axes:
        if not -ndim <= a < ndim:
            raise ValueError(f"`{op}`: axis {a} is out of bounds for an input of rank {ndim}.")
    return sorted(a % ndim for a in axes)


def moments(x, axes, keepdims=False, synchronized=False):
    """`(mean, variance)` of `x` over `axes`; variance as `E[x**2] - E[x]**2`, like Keras."""
    if synchronized:
        raise NotImplementedError(
            "`moments`: `synchronized=True` is not supported with PyTorch (as in Keras)."
        )
    x = to_float(x)
    axes = _axes(axes, x.ndim, "moments")
    half = x.dtype == torch.float16
    if half:
        x = x.float()
    mean = x.mean(dim=axes, keepdim=True)
    variance = (x * x).mean(dim=axes, keepdim=True) - mean * mean
    if not keepdims:
        mean, variance = mean.squeeze(axes), variance.squeeze(axes)
    if half:  # clip so large statistics saturate instead of overflowing to inf
        limit = torch.finfo(torch.float16).max
        mean, variance = (t.clamp(-limit, limit).half() for t in (mean, variance))
    return mean, variance


def batch_normalization(x, mean, variance, axis, offset=None, scale=None, epsilon=1e-3):
    """`(x - mean) * scale / sqrt(variance + epsilon) + offset` with vectors along `axis`."""
    x, mean, variance = tensors(x, mean, variance)
    shape = [1] * x.ndim
    shape[axis] = mean.shape[0]
    mean, variance = mean.reshape(shape), variance.reshape(shape)
    inv = torch.rsqrt(variance + epsilon)
    if scale is not None:
        inv = inv * convert_to_tensor(scale, device=x.device).reshape(shape)
    out = (x - mean) * inv
    if offset is not None:
        out = out + convert_to_tensor(offset, device=x.device).reshape(shape)
    return out


def _compute_dtype(x):
    return x.dtype if x.dtype == torch.float64 else torch.float32


def layer_normalization(x, gamma=None, beta=None, axis=-1, epsilon=None, **kwargs):
    """Normalizes each sample over `axis` to zero mean and unit variance, then `gamma`, `beta`."""
    rms_scaling = kwargs.pop("rms_scaling", False)
    if kwargs:
        raise TypeError(f"`layer_normalization` got unexpected arguments: {sorted(kwargs)}")
    if rms_scaling:
        warnings.warn(
            "You passed `rms_scaling=True`, which is deprecated: it scales by the variance, "
            "not the root mean square. Use `lamina.ops.rms_normalization` instead.",
            stacklevel=2,
        )
    x = to_float(x)
    epsilon = config.epsilon() if epsilon is None else epsilon
    original = x.dtype
    x = x.to(_compute_dtype(x))
    axes = _axes(axis, x.ndim, "layer_normalization")
    shape = [x.shape[a] if a in axes else 1 for a in range(x.ndim)]
    gamma = None if gamma is None else convert_to_tensor(gamma, x.dtype, device=x.device)
    beta = None if beta is None else convert_to_tensor(beta, x.dtype, device=x.device)
    if rms_scaling:
        out = x * torch.rsqrt(x.var(dim=axes, keepdim=True, correction=0) + epsilon)
        if gamma is not None:
            out = out * gamma.reshape(shape)
    elif axes == list(range(x.ndim - len(axes), x.ndim)):  # trailing axes: torch's kernel
        out = F.layer_norm(x, x.shape[axes[0]:], gamma, beta, epsilon)
    else:
        mean, variance = moments(x, axes, keepdims=True)
        inv = torch.rsqrt(variance + epsilon)
        if gamma is not None:
            inv = inv * gamma.reshape(shape)
        out = x * inv - mean * inv
        if beta is not None:
            out = out + beta.reshape(shape)
    return out.to(original)


def rms_normalization(x, scale=None, axis=-1, epsilon=None) -> torch.Tensor:
    """`x * rsqrt(mean(x**2 over axis) + epsilon) * scale`."""
    x = to_float(x)
    epsilon = config.epsilon() if epsilon is None else epsilon
    original = x.dtype
    x = x.to(_compute_dtype(x))
    if scale is not None:
        scale = convert_to_tensor(scale, x.dtype, device=x.device)
    axes = _axes(axis, x.ndim, "rms_normalization")
    if axes == list(range(x.ndim - len(axes), x.ndim)):
        out = F.rms_norm(x, x.shape[axes[0]:], scale, epsilon)
    else:
        out = x * torch.rsqrt((x * x).mean(dim=axes, keepdim=True) + epsilon)
        if scale is not None:
            out = out * scale
    return out.to(original)


def normalize(x, axis=-1, order=2, epsilon=None) -> torch.Tensor:
    """`x / max(norm(x, order, axis), epsilon)` (`epsilon` defaults to `config.epsilon()`)."""
    if not isinstance(order, int) or isinstance(order, bool) or order < 1:
        raise ValueError(f"`normalize`: `order` must be an int >= 1. Received: order={order!r}")
    x = to_float(x)
    if x.ndim == 0:
        x = x.unsqueeze(0)
    epsilon = config.epsilon() if epsilon is None else epsilon
    _axes(axis, x.ndim, "normalize")
    if order == 2:
        inv = torch.rsqrt((x * x).sum(dim=axis, keepdim=True))
        return x * torch.clamp(inv, max=1.0 / epsilon)
    norm = torch.linalg.vector_norm(x, ord=order, dim=axis, keepdim=True)
    return x / torch.clamp(norm, min=epsilon)


def psnr(x1, x2, max_val) -> torch.Tensor:
    """Peak signal-to-noise ratio `20 log10(max_val) - 10 log10(mean((x1 - x2)**2))`."""
    x1, x2 = tensors(x1, x2)
    if x1.shape != x2.shape:
        raise ValueError(
            f"`psnr`: `x1` and `x2` must have the same shape. Received: "
            f"x1.shape={tuple(x1.shape)}, x2.shape={tuple(x2.shape)}"
        )
    max_val = convert_to_tensor(max_val, x1.dtype, device=x1.device)
    mse = torch.mean((x1 - x2) ** 2)
    return 20 * torch.log10(max_val) - 10 * torch.log10(mse)
