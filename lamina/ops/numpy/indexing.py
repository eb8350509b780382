"""Gathering and searching (take, where, nonzero, select, digitize, searchsorted, bincount),
with the array attributes `ndim`/`size`/`view`/`get_item` and `vectorize`.

Index outputs are int32 as in Keras on torch (`nonzero`, `digitize`, `searchsorted`);
negative indices count from the end (`take`, `take_along_axis`).
"""

import torch

from ..convert import convert_to_tensor, tensors
from ..dtypes import result_type, standardize_dtype, to_torch_dtype
from .manipulation import named_axis

__all__ = [
    "bincount",
    "diagonal",
    "digitize",
    "get_item",
    "ndim",
    "nonzero",
    "searchsorted",
    "select",
    "size",
    "take",
    "take_along_axis",
    "unravel_index",
    "vectorize",
    "view",
    "where",
]


def _indices(op, indices, device, size):
    indices = convert_to_tensor(indices, device=device)
    if indices.is_floating_point() or indices.dtype == torch.bool:
        raise TypeError(f"{op}: `indices` must be integers. Received dtype {indices.dtype}.")
    indices = indices.long()
    return torch.where(indices < 0, indices + size, indices)


def _gather_error(op, x, indices, error):
    return ValueError(
        f"{op}: cannot gather from x of shape {tuple(x.shape)} with indices of shape "
        f"{tuple(indices.shape)}: an index is out of range or the shapes do not match. "
        f"({str(error).splitlines()[0]})"
    )


def take(x, indices, axis=None) -> torch.Tensor:
    """Elements of `x` at `indices` along `axis` (of the flattened `x` when None)."""
    x = convert_to_tensor(x)
    if axis is None:
        x, axis = x.reshape(-1), 0
    axis = named_axis("take", axis, x.ndim)
    indices = _indices("take", indices, x.device, x.shape[axis])
    try:
        out = torch.index_select(x, axis, indices.reshape(-1))
    except (IndexError, RuntimeError) as error:
        raise _gather_error("take", x, indices, error) from None
    return out.reshape(x.shape[:axis] + indices.shape + x.shape[axis + 1 :])


def take_along_axis(x, indices, axis=None) -> torch.Tensor:
    """Elements of `x` at `indices` matched along `axis` (the other axes broadcast)."""
    x = convert_to_tensor(x)
    if axis is None:
        x, axis = x.reshape(-1), 0
    axis = named_axis("take_along_axis", axis, x.ndim)
    indices = _indices("take_along_axis", indices, x.device, x.shape[axis])
    try:
        return torch.take_along_dim(x, indices, dim=axis)
    except (IndexError, RuntimeError) as error:
        raise _gather_error("take_along_axis", x, indices, error) from None


def where(condition, x1=None, x2=None) -> torch.Tensor:
    """`x1` where `condition` holds, else `x2`; with only `condition`, its nonzero indices
    as a `(ndim, count)` tensor."""
    if type(x1) is torch.Tensor and type(x2) is torch.Tensor and type(condition) is torch.Tensor:
        if condition.dtype is torch.bool:
            try:
                return torch.where(condition, x1, x2)
            except RuntimeError:
                pass  # worded below
    if (x1 is None) != (x2 is None):
        raise ValueError("where: `x1` and `x2` must both be given or both be None.")
    condition = convert_to_tensor(condition)
    if condition.dtype != torch.bool:
        condition = condition != 0
    if x1 is None:
        return torch.stack(torch.where(condition), dim=0)
    if type(x1) is not torch.Tensor or type(x2) is not torch.Tensor:
        condition, x1, x2 = tensors(condition, x1, x2)
    try:
        return torch.where(condition, x1, x2)
    except RuntimeError as error:
        raise ValueError(
            f"where: shapes {tuple(condition.shape)}, {tuple(x1.shape)}, {tuple(x2.shape)} "
            f"do not broadcast. ({str(error).splitlines()[0]})"
        ) from None


def nonzero(x) -> torch.Tensor:
    """The indices of the nonzero elements of `x`, as an int32 `(ndim, count)` tensor."""
    return torch.nonzero(convert_to_tensor(x)).T.to(torch.int32)


def select(condlist, choicelist, default=0) -> torch.Tensor:
    """Elements of the first choice whose condition holds; `default` where none does."""
    if not isinstance(condlist, (list, tuple)) or not isinstance(choicelist, (list, tuple)):
        raise ValueError(
            "select: `condlist` and `choicelist` must be lists. Received: "
            f"{type(condlist).__name__}, {type(choicelist).__name__}"
        )
    if not condlist or len(condlist) != len(choicelist):
        raise ValueError(
            "select: `condlist` and `choicelist` must be non-empty and of equal length. "
            f"Received lengths {len(condlist)} and {len(choicelist)}."
        )
    n = len(condlist)
    values = tensors(*condlist, *choicelist, default)
    conds, choices, out = values[:n], values[n:-1], values[-1]
    for cond, choice in reversed(list(zip(conds, choices))):
        out = torch.where(cond.bool() if cond.dtype != torch.bool else cond, choice, out)
    return out


def digitize(x, bins) -> torch.Tensor:
    """For each element of `x`, the index `i` of the bin with `bins[i-1] <= x < bins[i]`."""
    x, bins = tensors(x, bins)
    if bins.ndim != 1:
        raise ValueError(f"digitize: `bins` must be 1-D. Received: bins.shape={tuple(bins.shape)}")
    dtype = to_torch_dtype(result_type(standardize_dtype(x.dtype), standardize_dtype(bins.dtype)))
    dtype = torch.uint8 if dtype == torch.bool else dtype
    return torch.bucketize(x.to(dtype), bins.to(dtype), right=True).to(torch.int32)


def searchsorted(sorted_sequence, values, side="left") -> torch.Tensor:
    """Where to insert `values` in the 1-D `sorted_sequence` to keep it sorted (int32)."""
    if side not in ("left", "right"):
        raise ValueError(f"searchsorted: `side` must be 'left' or 'right'. Received: {side!r}")
    sorted_sequence, values = tensors(sorted_sequence, values)
    if sorted_sequence.ndim != 1:
        raise ValueError(
            "searchsorted: `sorted_sequence` must be 1-D; use `vectorized_map` for N-D. "
            f"Received: sorted_sequence.shape={tuple(sorted_sequence.shape)}"
        )
    if sorted_sequence.dtype != values.dtype:
        dtype = to_torch_dtype(
            result_type(standardize_dtype(sorted_sequence.dtype), standardize_dtype(values.dtype))
        )
        sorted_sequence, values = sorted_sequence.to(dtype), values.to(dtype)
    return torch.searchsorted(
        sorted_sequence, values, side=side, out_int32=sorted_sequence.shape[0] < 2**31
    )


def bincount(x, weights=None, minlength=0, sparse=False) -> torch.Tensor:
    """How often each value occurs in the non-negative ints `x` (per row for 2-D `x`).

    int32 counts, or sums of `weights` in the result type of `x` and `weights`.
    """
    if sparse:
        raise ValueError("bincount: `sparse=True` is not supported by Lamina (torch).")
    x = convert_to_tensor(x)
    if x.is_floating_point() or x.ndim not in (1, 2):
        raise ValueError(
            f"bincount: `x` must be a 1-D or 2-D integer tensor. Received: dtype {x.dtype}, "
            f"shape {tuple(x.shape)}."
        )
    dtype = "int32"
    if weights is not None:
        weights = convert_to_tensor(weights, device=x.device)
        dtype = result_type(standardize_dtype(x.dtype), standardize_dtype(weights.dtype))
        if weights.shape != x.shape:
            raise ValueError(
                f"bincount: `weights` must have the shape of x {tuple(x.shape)}. "
                f"Received: weights.shape={tuple(weights.shape)}"
            )
        weights = weights.reshape(-1).double()
    low, high = torch.aminmax(x.long()) if x.numel() else (0, -1)
    if int(low) < 0:
        raise ValueError("bincount: `x` must be non-negative.")
    length = max(int(minlength), int(high) + 1)
    rows = x.shape[0] if x.ndim == 2 else 1
    flat = x.long()
    if x.ndim == 2:  # one bincount over the rows shifted into disjoint ranges
        flat = flat + torch.arange(rows, device=x.device).unsqueeze(1) * length
    counts = torch.bincount(flat.reshape(-1), weights, minlength=rows * length)
    if x.ndim == 2:
        counts = counts.reshape(rows, length)
    return counts.to(to_torch_dtype(dtype))


def unravel_index(indices, shape) -> tuple:
    """The coordinates in an array of `shape` of the flat `indices`."""
    indices = convert_to_tensor(indices)
    shape = tuple(int(d) for d in shape)
    size = 1
    for d in shape:
        size *= d
    if indices.numel() and (bool((indices < 0).any()) or bool((indices >= size).any())):
        raise ValueError(
            f"unravel_index: every index must be in [0, {size}) for shape={shape}. "
            f"Received indices from {int(indices.min())} to {int(indices.max())}."
        )
    dtype = to_torch_dtype(result_type(standardize_dtype(indices.dtype)))
    return tuple(i.to(dtype) for i in torch.unravel_index(indices, shape))


def diagonal(x, offset=0, axis1=0, axis2=1) -> torch.Tensor:
    """The diagonal with `offset` of the matrices in axes `axis1`, `axis2`; it goes last."""
    x = convert_to_tensor(x)
    if x.ndim < 2:
        raise ValueError(f"diagonal: x must be at least 2-D. Received: x.shape={tuple(x.shape)}")
    a = named_axis("diagonal", axis1, x.ndim, "axis1")
    b = named_axis("diagonal", axis2, x.ndim, "axis2")
    if a == b:
        raise ValueError(
            f"diagonal: `axis1` and `axis2` must differ. Received: axis1={axis1}, axis2={axis2}"
        )
    return torch.diagonal(x, offset=offset, dim1=a, dim2=b)


def ndim(x) -> int:
    """The number of axes of `x`."""
    return convert_to_tensor(x).ndim


def size(x) -> torch.Tensor:
    """The number of elements of `x`, as an int64 scalar tensor (as Keras on torch)."""
    x = convert_to_tensor(x)
    return torch.tensor(x.numel(), dtype=torch.int64, device=x.device)


def get_item(x, key) -> torch.Tensor:
    """`x[key]`."""
    return convert_to_tensor(x)[key]


def view(x, dtype=None) -> torch.Tensor:
    """The bytes of `x` reinterpreted as `dtype` (floatx when None)."""
    x = convert_to_tensor(x)
    try:
        return x.view(to_torch_dtype(dtype))
    except RuntimeError as error:
        raise ValueError(
            f"view: cannot view x of dtype {x.dtype} and shape {tuple(x.shape)} as dtype={dtype}. "
            f"({str(error).splitlines()[0]})"
        ) from None


def _core_dims(signature):
    try:
        inputs, outputs = signature.replace(" ", "").split("->")
        groups = [g.strip("()") for g in inputs.split("),(")]
        return [tuple(d for d in g.split(",") if d) for g in groups], outputs
    except ValueError:
        raise ValueError(
            f"vectorize: not a valid gufunc signature: {signature!r} (e.g. '(n),(n)->()')."
        ) from None


def vectorize(pyfunc, *, excluded=None, signature=None):
    """`pyfunc` made to map over the leading (broadcast) axes of its tensor arguments.

    Without `signature` it maps over every element; with a gufunc `signature` such as
    `"(n),(n)->()"` the named trailing axes are passed whole. Positions in `excluded` and
    keyword arguments are passed through unmapped. Uses `torch.vmap`.
    """
    if not callable(pyfunc):
        raise ValueError(f"vectorize: `pyfunc` must be callable. Received: {pyfunc!r}")

    excluded = set(excluded or ())

    def wrapped(*args, **kwargs):
        fixed = {i: a for i, a in enumerate(args) if i in excluded}

        def fn(*values):  # excluded positions and keyword arguments are passed unmapped
            it = iter(values)
            return pyfunc(*(fixed[i] if i in fixed else next(it) for i in range(len(args))),
                          **kwargs)

        args = tensors(*(a for i, a in enumerate(args) if i not in excluded))
        core = _core_dims(signature)[0] if signature else [()] * len(args)
        if len(core) != len(args):
            raise ValueError(
                f"vectorize: the signature {signature!r} names {len(core)} inputs; got "
                f"{len(args)} arguments."
            )
        batch = torch.broadcast_shapes(*(a.shape[: a.ndim - len(c)] for a, c in zip(args, core)))
        flat = [
            a.expand(batch + a.shape[a.ndim - len(c):]).reshape((-1,) + a.shape[a.ndim - len(c):])
            for a, c in zip(args, core)
        ]
        out = torch.vmap(fn)(*flat) if flat and flat[0].shape[0] else fn(*flat)
        restore = lambda t: t.reshape(batch + t.shape[1:])  # noqa: E731
        return tuple(map(restore, out)) if isinstance(out, tuple) else restore(out)

    wrapped.__name__ = getattr(pyfunc, "__name__", "vectorized")
    wrapped.__doc__ = pyfunc.__doc__
    return wrapped
