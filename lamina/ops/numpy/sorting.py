"""Sorting, arg-extrema, unique values and histograms.

Index results are int32, as in Keras on torch; bool inputs are ordered as 0/1.
"""

import torch

from ..convert import convert_to_tensor
from .manipulation import named_axis

__all__ = [
    "argmax",
    "argmin",
    "argpartition",
    "argsort",
    "histogram",
    "nanargmax",
    "nanargmin",
    "sort",
    "unique",
]


def _ordered(x):
    x = convert_to_tensor(x)
    return x.to(torch.uint8) if x.dtype == torch.bool else x


def _along(op, x, axis):
    """`x` flattened when `axis` is None, and the canonical axis."""
    if axis is None:
        return x.reshape(-1), 0
    return x, named_axis(op, axis, x.ndim)


def sort(x, axis=-1) -> torch.Tensor:
    """`x` sorted in ascending order along `axis` (flattened when None)."""
    x = convert_to_tensor(x)
    x, axis = _along("sort", x, axis)
    if x.dtype == torch.bool:
        return torch.sort(x.to(torch.uint8), dim=axis).values.bool()
    return torch.sort(x, dim=axis).values


def argsort(x, axis=-1) -> torch.Tensor:
    """The int32 indices that sort `x` along `axis` (stable; flattened when None)."""
    x, axis = _along("argsort", _ordered(x), axis)
    return torch.argsort(x, dim=axis, stable=True).to(torch.int32)


def _arg_extreme(op, fn, x, axis, keepdims):
    x = _ordered(x)
    if axis is None:
        if x.numel() == 0:
            raise ValueError(f"{op}: attempt to get the {op} of an empty tensor.")
        out = fn(x.reshape(-1))
        return out.reshape((1,) * x.ndim if keepdims else ()).to(torch.int32)
    try:  # torch checks the axis and empty slices; we only word its error
        return fn(x, dim=axis, keepdim=keepdims).to(torch.int32)
    except (IndexError, RuntimeError, TypeError) as error:
        named_axis(op, axis, x.ndim)
        raise ValueError(f"{op}: {str(error).splitlines()[0]} (x.shape={tuple(x.shape)})") from None


def argmax(x, axis=None, keepdims=False) -> torch.Tensor:
    """The int32 index of the (first) largest value along `axis` (of the flat `x` if None)."""
    return _arg_extreme("argmax", torch.argmax, x, axis, keepdims)


def argmin(x, axis=None, keepdims=False) -> torch.Tensor:
    """The int32 index of the (first) smallest value along `axis` (of the flat `x` if None)."""
    return _arg_extreme("argmin", torch.argmin, x, axis, keepdims)


def _nan_arg(op, fn, fill, x, axis, keepdims):
    x = convert_to_tensor(x)
    if not x.is_floating_point():
        return _arg_extreme(op, fn, x, axis, keepdims)
    nan = torch.isnan(x)
    out = _arg_extreme(op, fn, torch.where(nan, fill, x), axis, keepdims)
    if axis is None:
        all_nan = nan.all().reshape(out.shape)
    else:
        all_nan = nan.all(dim=named_axis(op, axis, x.ndim), keepdim=keepdims)
    return torch.where(all_nan, torch.tensor(-1, dtype=torch.int32, device=x.device), out)


def nanargmax(x, axis=None, keepdims=False) -> torch.Tensor:
    """`argmax` ignoring NaNs; -1 where a slice is all NaN."""
    return _nan_arg("nanargmax", torch.argmax, float("-inf"), x, axis, keepdims)


def nanargmin(x, axis=None, keepdims=False) -> torch.Tensor:
    """`argmin` ignoring NaNs; -1 where a slice is all NaN."""
    return _nan_arg("nanargmin", torch.argmin, float("inf"), x, axis, keepdims)


def argpartition(x, kth, axis=-1) -> torch.Tensor:
    """int32 indices that put the `kth` element of `x` where sorting would, with no larger
    element before it and no smaller one after it (flattened when `axis` is None).

    Any such order is valid; we return the stable sorting order, which is one of them.
    """
    x, axis = _along("argpartition", _ordered(x), axis)
    size = x.shape[axis] if x.ndim else 1
    if not isinstance(kth, int) or not -size <= kth < size:
        raise ValueError(
            f"argpartition: `kth` must be an int in [{-size}, {size}). Received: kth={kth!r}"
        )
    return torch.argsort(x, dim=axis, stable=True).to(torch.int32)


def _resize(t, axis, size, fill):
    """`t` cut or padded with `fill` to `size` along `axis`."""
    n = t.shape[axis]
    if n >= size:
        return t.narrow(axis, 0, size)
    pad_shape = list(t.shape)
    pad_shape[axis] = size - n
    return torch.cat([t, torch.full(pad_shape, fill, dtype=t.dtype, device=t.device)], axis)


def unique(
    x,
    sorted=True,
    return_index=False,
    return_inverse=False,
    return_counts=False,
    axis=None,
    size=None,
    fill_value=None,
):
    """The sorted unique values of `x` (flattened, or unique slices along `axis`).

    Optionally also the first index of each, the inverse map and the counts. With `size`,
    the values are cut or padded with `fill_value` (0) to that length.
    """
    x = convert_to_tensor(x)
    dim = None if axis is None else named_axis("unique", axis, x.ndim)
    values, inverse, counts = torch.unique(
        x, sorted=True, return_inverse=True, return_counts=True, dim=dim
    )
    outputs = [values]
    if return_index:
        flat_inverse = inverse.reshape(-1)
        positions = torch.arange(flat_inverse.numel(), device=x.device)
        first = torch.full((counts.numel(),), flat_inverse.numel(), device=x.device)
        first = first.scatter_reduce(0, flat_inverse, positions, reduce="amin")
        outputs.append(first)
    if return_inverse:
        outputs.append(inverse)
    if return_counts:
        outputs.append(counts)
    if size is not None:
        target = 0 if dim is None else dim
        outputs[0] = _resize(values, target, size, 0 if fill_value is None else fill_value)
        if return_index:
            outputs[1] = _resize(outputs[1], 0, size, 1)  # Keras pads indices with 1
        if return_counts:
            outputs[-1] = _resize(counts, 0, size, 0)
    return outputs[0] if len(outputs) == 1 else tuple(outputs)


def histogram(x, bins=10, range=None) -> tuple:
    """`(counts, bin_edges)` of the 1-D `x` in `bins` equal bins over `range` (default: the
    data's min and max); the last bin includes its right edge."""
    if not isinstance(bins, int) or bins < 0:
        raise ValueError(f"histogram: `bins` must be a non-negative int. Received: {bins!r}")
    if range is not None and (len(range) != 2 or range[1] < range[0]):
        raise ValueError(
            f"histogram: `range` must be a (min, max) pair with min <= max. Received: {range}"
        )
    x = convert_to_tensor(x)
    if x.ndim > 1:
        raise ValueError(f"histogram: x must be 1-D. Received: x.shape={tuple(x.shape)}")
    dtype = x.dtype if x.is_floating_point() else torch.float32
    x = x.to(dtype)
    if range is None:
        low, high = (float(x.min()), float(x.max())) if x.numel() else (0.0, 1.0)
    else:
        low, high = float(range[0]), float(range[1])
    if low == high:
        low, high = low - 0.5, high + 0.5
    edges = torch.linspace(low, high, bins + 1, dtype=dtype, device=x.device)
    inside = (x >= low) & (x <= high)
    index = (torch.bucketize(x[inside], edges, right=True) - 1).clamp(0, max(bins - 1, 0))
    counts = torch.bincount(index, minlength=bins)[:bins]
    return counts.to(dtype), edges
