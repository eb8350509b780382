"""Statistics of `keras.ops.numpy`: `var`, `std`, `average`, `median`, `quantile`, ... and
their NaN-ignoring forms.

Dtypes follow Keras's torch backend (keras/src/backend/torch/numpy.py): the result is
Keras's `result_type(x, float)` (floatx for ints), computed in at least float32.
`quantile`'s `method` is numpy's: "linear", "lower", "higher", "midpoint" or "nearest".
"""

import math

import torch

from .. import dtypes
from ..axes import canonical_axes
from ..convert import convert_to_tensor, device_of

__all__ = [
    "average",
    "median",
    "nanmean",
    "nanmedian",
    "nanpercentile",
    "nanquantile",
    "nanstd",
    "nanvar",
    "percentile",
    "quantile",
    "std",
    "trapezoid",
    "var",
]

_Tensor = torch.Tensor
_METHODS = ("linear", "lower", "higher", "midpoint", "nearest")
_INTEGRAL = (torch.bool, torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64)


def _tensor(x) -> torch.Tensor:
    return x if isinstance(x, _Tensor) else convert_to_tensor(x)


def _name(x: torch.Tensor) -> str:
    return dtypes.standardize_dtype(x.dtype)


def _no_axes(axis) -> bool:
    return isinstance(axis, (tuple, list)) and len(axis) == 0


def _result(x: torch.Tensor) -> torch.dtype:
    return dtypes.to_torch_dtype(dtypes.result_type(_name(x), float))


def _compute(x: torch.Tensor) -> torch.dtype:
    # Keras computes float64 inputs in float32 and casts back; we keep float64 precision
    # (same result dtype, more exact values, and float64 gradients pass gradcheck).
    if x.dtype == torch.float64:
        return x.dtype
    return dtypes.to_torch_dtype(dtypes.result_type(_name(x), "float32"))


def var(x, axis=None, keepdims=False) -> torch.Tensor:
    """The variance over `axis` (population: divides by N)."""
    x = _tensor(x)
    if x.dtype is torch.float32 and type(axis) is int and -x.ndim <= axis < x.ndim:
        return torch.var(x, axis, correction=0, keepdim=keepdims)  # the common case
    if _no_axes(axis):
        return torch.zeros_like(x, dtype=_result(x))
    dims = canonical_axes(axis, x.ndim, "var")
    out = torch.var(x.to(_compute(x)), dim=dims, keepdim=keepdims, correction=0)
    return out.to(_result(x))


def std(x, axis=None, keepdims=False) -> torch.Tensor:
    """The standard deviation over `axis` (population: divides by N)."""
    x = _tensor(x)
    if x.dtype in _INTEGRAL:
        x = x.to(torch.float32)
    if _no_axes(axis):  # numpy: no axis reduced, every deviation 0 (torch would reduce all)
        return torch.zeros_like(x)
    dims = canonical_axes(axis, x.ndim, "std")
    return torch.std(x, dim=dims, keepdim=keepdims, correction=0)


def average(x, axis=None, weights=None) -> torch.Tensor:
    """The mean over `axis`, weighted by `weights` (1-D along `axis`, or `x`'s shape)."""
    x = _tensor(x)
    names = [_name(x), float]
    if weights is not None:
        weights = convert_to_tensor(weights, device=x.device)
        names.append(_name(weights))
    dtype = dtypes.to_torch_dtype(dtypes.result_type(*names))
    x = x.to(dtype)
    if _no_axes(axis):
        return x
    dims = canonical_axes(axis, x.ndim, "average")
    if weights is None:
        return torch.mean(x, dim=dims)
    weights = weights.to(dtype)
    if weights.ndim == 1 and dims is not None and len(dims) == 1 and x.ndim > 1:
        if weights.shape[0] != x.shape[dims[0]]:
            raise ValueError(
                f"average: 1-D `weights` need one weight per entry of axis {axis}: got "
                f"{weights.shape[0]} weights for an input of shape {tuple(x.shape)}."
            )
        shape = [1] * x.ndim
        shape[dims[0]] = -1
        weights_b = weights.reshape(shape)
        return torch.sum(x * weights_b, dim=dims) / torch.sum(weights)
    if weights.shape != x.shape:
        raise ValueError(
            f"average: `weights` of shape {tuple(weights.shape)} must have the shape of the "
            f"input {tuple(x.shape)}, or be 1-D along a single `axis`."
        )
    return torch.sum(x * weights, dim=dims) / torch.sum(weights, dim=dims)


def _quantile(torch_fn, x, q, axis, method, keepdims, op):
    if method not in _METHODS:
        raise ValueError(f"{op}: `method` must be one of {_METHODS}. Received: method={method!r}")
    x = _tensor(x)
    result = _result(x)
    x = x.to(_compute(x))
    q = convert_to_tensor(q, device=x.device).to(x.dtype)
    dims = canonical_axes(axis, x.ndim, op)
    if dims is None:
        y = x.reshape(-1)
    else:
        others = [d for d in range(x.ndim) if d not in dims]
        y = x.permute(*others, *dims).reshape(
            *[x.shape[d] for d in others], math.prod(x.shape[d] for d in dims)
        )
    y = torch_fn(y, q, dim=-1, interpolation=method)
    if keepdims:
        for d in range(x.ndim) if dims is None else sorted(dims):
            y = y.unsqueeze(d + (1 if q.ndim > 0 else 0) if dims is not None else -1)
    return y.to(result)


def quantile(x, q, axis=None, method="linear", keepdims=False) -> torch.Tensor:
    """The `q`-th quantile(s) over `axis` (`q` in [0, 1], a scalar or 1-D)."""
    return _quantile(torch.quantile, x, q, axis, method, keepdims, "quantile")


def percentile(x, q, axis=None, method="linear", keepdims=False) -> torch.Tensor:
    """The `q`-th percentile(s) over `axis` (`q` in [0, 100])."""
    q = convert_to_tensor(q, dtype=dtypes.floatx(), device=device_of(x)) / 100.0
    return _quantile(torch.quantile, x, q, axis, method, keepdims, "percentile")


def median(x, axis=None, keepdims=False) -> torch.Tensor:
    """The median over `axis` (the mean of the two middle values for even counts)."""
    return _quantile(torch.quantile, x, 0.5, axis, "linear", keepdims, "median")


def nanquantile(x, q, axis=None, method="linear", keepdims=False) -> torch.Tensor:
    """`quantile` ignoring NaN."""
    return _quantile(torch.nanquantile, x, q, axis, method, keepdims, "nanquantile")


def nanpercentile(x, q, axis=None, method="linear", keepdims=False) -> torch.Tensor:
    """`percentile` ignoring NaN."""
    q = convert_to_tensor(q, dtype=dtypes.floatx(), device=device_of(x)) / 100.0
    return _quantile(torch.nanquantile, x, q, axis, method, keepdims, "nanpercentile")


def nanmedian(x, axis=None, keepdims=False) -> torch.Tensor:
    """`median` ignoring NaN."""
    x = _tensor(x)
    if _no_axes(axis):
        return x
    return _quantile(torch.nanquantile, x, 0.5, axis, "linear", keepdims, "nanmedian")


def nanmean(x, axis=None, keepdims=False) -> torch.Tensor:
    """`mean` ignoring NaN."""
    x = _tensor(x)
    if _no_axes(axis):
        return x
    dims = canonical_axes(axis, x.ndim, "nanmean")
    return torch.nanmean(x.to(_result(x)), dim=dims, keepdim=keepdims)


def nanvar(x, axis=None, keepdims=False) -> torch.Tensor:
    """`var` ignoring NaN."""
    return _nanvar(x, axis, keepdims, "nanvar")


def _nanvar(x, axis, keepdims, op):
    x = _tensor(x)
    x = x.to(_result(x))
    if _no_axes(axis):
        return torch.where(torch.isnan(x), x, torch.zeros((), dtype=x.dtype, device=x.device))
    dims = canonical_axes(axis, x.ndim, op)
    valid = ~torch.isnan(x)
    centered = torch.where(valid, x - torch.nanmean(x, dim=dims, keepdim=True), 0.0)
    count = valid.sum(dim=dims, keepdim=keepdims)
    return centered.square().sum(dim=dims, keepdim=keepdims) / count


def nanstd(x, axis=None, keepdims=False) -> torch.Tensor:
    """`std` ignoring NaN."""
    return torch.sqrt(_nanvar(x, axis, keepdims, "nanstd"))


def trapezoid(y, x=None, dx=1.0, axis=-1) -> torch.Tensor:
    """The integral of `y` along `axis` by the trapezoidal rule, at points `x` or spacing `dx`."""
    y = _tensor(y)
    if y.dtype == torch.bool:
        y = y.to(dtypes.to_torch_dtype(dtypes.floatx()))
    (axis,) = canonical_axes(axis, y.ndim, "trapezoid")
    if x is not None:
        return torch.trapezoid(y, x=convert_to_tensor(x, device=y.device), dim=axis)
    if isinstance(dx, _Tensor):
        return torch.trapezoid(y, dx=dx, dim=axis)
    return torch.trapezoid(y, dx=convert_to_tensor(dx, device=y.device), dim=axis)
