"""Reductions and running reductions of `keras.ops.numpy` (`sum`, `max`, `prod`, `cumsum`, ...).

`axis` is None (every axis), an int or a tuple/list of ints, negative from the end; an
empty tuple reduces nothing. Dtypes follow Keras's torch backend
(keras/src/backend/torch/numpy.py): `sum`, `prod`, `nansum` of bool and 8/16-bit ints give
int32; `prod`/`cumsum`/`cumprod` use Keras's `result_type` (so int64 gives int32);
`count_nonzero` gives int32; `any`/`all` give bool. `mean` lives here too: ints and bools
give float32.
"""

import builtins

import torch

from .. import dtypes
from ..axes import canonical_axes
from ..convert import convert_to_tensor

__all__ = [
    "all",
    "amax",
    "amin",
    "any",
    "count_nonzero",
    "cumprod",
    "cumsum",
    "max",
    "mean",
    "min",
    "nancumprod",
    "nancumsum",
    "nanmax",
    "nanmin",
    "nanprod",
    "nansum",
    "prod",
    "ptp",
    "sum",
]

_Tensor = torch.Tensor
_TO_INT32 = (torch.bool, torch.uint8, torch.int8, torch.int16)
_WIDE_FLOATS = (torch.float32, torch.float64)
_WIDE = (torch.float32, torch.float64, torch.int64, torch.float16, torch.bfloat16)  # sum keeps these


def _tensor(x) -> torch.Tensor:
    if isinstance(x, _Tensor):
        return x
    if isinstance(x, (list, tuple)) and builtins.any(isinstance(v, _Tensor) for v in x):
        return torch.stack([_tensor(v) for v in x])
    return convert_to_tensor(x)


def _no_axes(axis) -> bool:
    return isinstance(axis, (tuple, list)) and len(axis) == 0


def _dims(x: torch.Tensor, axis, op: str):
    """`axis` checked against `x` and ready for torch's `dim=` (a tuple, or None)."""
    return canonical_axes(axis, x.ndim, op)


def _reduce(torch_fn, x, dims, keepdims):
    return torch_fn(x) if dims is None and not keepdims else torch_fn(
        x, dim=dims if dims is not None else tuple(range(x.ndim)), keepdim=keepdims
    )


def sum(x, axis=None, keepdims=False) -> torch.Tensor:  # noqa: A001 - Keras's name
    """The sum over `axis` (bool and 8/16-bit ints sum as int32)."""
    x = _tensor(x)
    if x.dtype in _WIDE and (axis is None or type(axis) is int and -x.ndim <= axis < x.ndim):
        # the common cases, without the general checks
        return torch.sum(x, axis, keepdims) if axis is not None or keepdims else torch.sum(x)
    if _no_axes(axis):
        return x
    dims = _dims(x, axis, "sum")
    out_dtype = torch.int32 if x.dtype in _TO_INT32 else x.dtype
    out = _reduce(torch.sum, x, dims, keepdims)
    return out if out.dtype == out_dtype else out.to(out_dtype)


def mean(x, axis=None, keepdims=False) -> torch.Tensor:
    """The arithmetic mean over `axis`; int and bool inputs give float32."""
    x = _tensor(x)
    if x.dtype in _WIDE_FLOATS:  # the common cases, without the general checks
        if type(axis) is int and -x.ndim <= axis < x.ndim:
            return torch.mean(x, axis, keepdims)
        if axis is None and not keepdims:
            return torch.mean(x)
    if _no_axes(axis):
        return x
    dims = _dims(x, axis, "mean")
    name = dtypes.standardize_dtype(x.dtype)
    compute = dtypes.to_torch_dtype(dtypes.result_type(name, "float32"))
    if x.dtype == torch.float64:  # Keras computes in float32 and casts back; keep precision
        compute = x.dtype
    result = compute if x.dtype in _TO_INT32 or x.dtype in (torch.int32, torch.int64) else x.dtype
    if x.dtype != compute:
        x = x.to(compute)
    out = _reduce(torch.mean, x, dims, keepdims)
    return out if out.dtype == result else out.to(result)


def amax(x, axis=None, keepdims=False) -> torch.Tensor:
    """The maximum over `axis`."""
    x = _tensor(x)
    if type(axis) is int and -x.ndim <= axis < x.ndim:
        return torch.amax(x, axis, keepdims)
    if _no_axes(axis):
        return x
    return _reduce(torch.amax, x, _dims(x, axis, "amax"), keepdims)


def amin(x, axis=None, keepdims=False) -> torch.Tensor:
    """The minimum over `axis`."""
    x = _tensor(x)
    if type(axis) is int and -x.ndim <= axis < x.ndim:
        return torch.amin(x, axis, keepdims)
    if _no_axes(axis):
        return x
    return _reduce(torch.amin, x, _dims(x, axis, "amin"), keepdims)


def _extreme(x, axis, keepdims, initial, op, reduce_fn, combine):
    x = _tensor(x)
    if initial is None and type(axis) is int and -x.ndim <= axis < x.ndim and x.numel():
        return reduce_fn(x, axis=axis, keepdims=keepdims)  # amax/amin's fast path
    if 0 in x.shape:
        if initial is None:
            raise ValueError(f"{op}: cannot compute the {op} of an empty tensor of shape "
                             f"{tuple(x.shape)}; pass `initial` to give it a value.")
        shape = (1,) * x.ndim if keepdims else ()
        return torch.full(shape, initial, device=x.device)
    out = reduce_fn(x, axis=axis, keepdims=keepdims)
    if initial is not None:
        out = combine(out, torch.tensor(initial, device=out.device).to(out.dtype))
    return out


def max(x, axis=None, keepdims=False, initial=None) -> torch.Tensor:  # noqa: A001
    """The maximum over `axis`, at least `initial` if given (which also serves empty inputs)."""
    if initial is None and type(axis) is int and isinstance(x, _Tensor) and x.numel() and (
        -x.ndim <= axis < x.ndim
    ):
        return torch.amax(x, axis, keepdims)
    return _extreme(x, axis, keepdims, initial, "max", amax, torch.maximum)


def min(x, axis=None, keepdims=False, initial=None) -> torch.Tensor:  # noqa: A001
    """The minimum over `axis`, at most `initial` if given (which also serves empty inputs)."""
    if initial is None and type(axis) is int and isinstance(x, _Tensor) and x.numel() and (
        -x.ndim <= axis < x.ndim
    ):
        return torch.amin(x, axis, keepdims)
    return _extreme(x, axis, keepdims, initial, "min", amin, torch.minimum)


def ptp(x, axis=None, keepdims=False) -> torch.Tensor:
    """Peak to peak: `max - min` over `axis`."""
    x = _tensor(x)
    if _no_axes(axis):
        return torch.zeros_like(x)
    dims = _dims(x, axis, "ptp")
    return _reduce(torch.amax, x, dims, keepdims) - _reduce(torch.amin, x, dims, keepdims)


def _logical(torch_fn, x, axis, keepdims, op):
    x = _tensor(x)
    if _no_axes(axis):
        return x.to(torch.bool)
    return _reduce(torch_fn, x, _dims(x, axis, op), keepdims).to(torch.bool)


def all(x, axis=None, keepdims=False) -> torch.Tensor:  # noqa: A001 - Keras's name
    """Whether every element over `axis` is true (non-zero)."""
    return _logical(torch.all, x, axis, keepdims, "all")


def any(x, axis=None, keepdims=False) -> torch.Tensor:  # noqa: A001 - Keras's name
    """Whether some element over `axis` is true (non-zero)."""
    return _logical(torch.any, x, axis, keepdims, "any")


def count_nonzero(x, axis=None) -> torch.Tensor:
    """The number of non-zero elements over `axis`, as int32."""
    x = _tensor(x)
    if _no_axes(axis):
        return torch.ne(x, 0).to(torch.int32)
    dims = _dims(x, axis, "count_nonzero")
    return torch.count_nonzero(x, dim=dims).to(torch.int32)


def _prod_dtype(x: torch.Tensor, dtype) -> torch.dtype:
    if dtype is not None:
        return dtypes.to_torch_dtype(dtype)
    if x.dtype in _TO_INT32:
        return torch.int32
    return dtypes.to_torch_dtype(dtypes.result_type(dtypes.standardize_dtype(x.dtype)))


def prod(x, axis=None, keepdims=False, dtype=None) -> torch.Tensor:
    """The product over `axis` (bool and small ints multiply as int32)."""
    return _prod(x, axis, keepdims, dtype, "prod")


def _prod(x, axis, keepdims, dtype, op):
    x = _tensor(x)
    out_dtype = _prod_dtype(x, dtype)
    dims = _dims(x, axis, op)
    if dims is None:
        out = torch.prod(x, dtype=out_dtype)
        return out.reshape((1,) * x.ndim) if keepdims else out
    for dim in sorted(dims, reverse=True):
        x = torch.prod(x, dim=dim, keepdim=keepdims, dtype=out_dtype)
    return x


def _running(torch_fn, x, axis, dtype, op):
    x = _tensor(x)
    if axis is None:
        x, axis = x.reshape(-1), 0
    else:
        (axis,) = canonical_axes(axis, x.ndim, op)
    name = dtypes.result_type(dtype if dtype is not None else dtypes.standardize_dtype(x.dtype))
    return torch_fn(x, dim=axis, dtype=torch.int32 if name == "bool" else
                    dtypes.to_torch_dtype(name))


def cumsum(x, axis=None, dtype=None) -> torch.Tensor:
    """The running sum along `axis` (of the flattened input when `axis` is None)."""
    return _running(torch.cumsum, x, axis, dtype, "cumsum")


def cumprod(x, axis=None, dtype=None) -> torch.Tensor:
    """The running product along `axis` (of the flattened input when `axis` is None)."""
    return _running(torch.cumprod, x, axis, dtype, "cumprod")


def nancumsum(x, axis=None, dtype=None) -> torch.Tensor:
    """`cumsum` with NaN counted as zero."""
    return cumsum(torch.nan_to_num(_tensor(x), nan=0.0), axis=axis, dtype=dtype)


def nancumprod(x, axis=None, dtype=None) -> torch.Tensor:
    """`cumprod` with NaN counted as one."""
    return cumprod(torch.nan_to_num(_tensor(x), nan=1.0), axis=axis, dtype=dtype)


def nansum(x, axis=None, keepdims=False) -> torch.Tensor:
    """`sum` with NaN counted as zero."""
    x = _tensor(x)
    out_dtype = torch.int32 if x.dtype in _TO_INT32 else x.dtype
    if _no_axes(axis):
        return torch.nan_to_num(x, nan=0.0).to(out_dtype)
    if not x.is_floating_point():
        return sum(x, axis=axis, keepdims=keepdims).to(out_dtype)
    return _reduce(torch.nansum, x, _dims(x, axis, "nansum"), keepdims).to(out_dtype)


def nanprod(x, axis=None, keepdims=False) -> torch.Tensor:
    """`prod` with NaN counted as one."""
    x = _tensor(x)
    if _no_axes(axis):
        return torch.nan_to_num(x, nan=1.0)
    if x.is_floating_point():
        x = torch.where(torch.isnan(x), torch.ones((), dtype=x.dtype, device=x.device), x)
    return _prod(x, axis, keepdims, None, "nanprod")


def _nan_extreme(x, axis, keepdims, op, reduce_fn, fill):
    x = _tensor(x)
    if _no_axes(axis):
        return x
    dims = _dims(x, axis, op)
    if not x.is_floating_point():
        return _reduce(reduce_fn, x, dims, keepdims)
    nan = torch.isnan(x)
    out = _reduce(reduce_fn, torch.where(nan, fill, x), dims, keepdims)
    all_nan = _reduce(torch.all, nan, dims, keepdims)
    return torch.where(all_nan, torch.full((), float("nan"), dtype=x.dtype, device=x.device), out)


def nanmax(x, axis=None, keepdims=False) -> torch.Tensor:
    """`max` ignoring NaN (NaN only where every element is NaN)."""
    return _nan_extreme(x, axis, keepdims, "nanmax", torch.amax, float("-inf"))


def nanmin(x, axis=None, keepdims=False) -> torch.Tensor:
    """`min` ignoring NaN (NaN only where every element is NaN)."""
    return _nan_extreme(x, axis, keepdims, "nanmin", torch.amin, float("inf"))

