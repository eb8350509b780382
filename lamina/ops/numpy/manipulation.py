"""Shape and layout: reshape, transpose, join, split, repeat, flip, pad and friends.

These only move data, so they keep the input dtype; joins (`concatenate`, `stack`, ...)
promote mixed inputs the way torch (and so Keras on torch) does.
"""

import torch

from ..axes import canonical_axis
from ..convert import convert_to_tensor, tensors

__all__ = [
    "append",
    "array_split",
    "broadcast_to",
    "concatenate",
    "dsplit",
    "dstack",
    "expand_dims",
    "flip",
    "fliplr",
    "flipud",
    "hsplit",
    "hstack",
    "moveaxis",
    "pad",
    "ravel",
    "repeat",
    "reshape",
    "roll",
    "rot90",
    "split",
    "squeeze",
    "stack",
    "swapaxes",
    "tile",
    "transpose",
    "vsplit",
    "vstack",
]


def named_axis(op, axis, ndim, name="axis"):
    """`axis` as a non-negative int; the error names the op and the argument."""
    return canonical_axis(axis, ndim, op if name == "axis" else f"{op} (argument `{name}`)")


def _axes(op, axis, ndim, name="axis"):
    axes = (axis,) if not isinstance(axis, (tuple, list)) else axis
    return tuple(named_axis(op, a, ndim, name) for a in axes)


def _shape_error(op, what, error):
    return ValueError(f"{op}: {what}. ({str(error).splitlines()[0]})")


def reshape(x, newshape) -> torch.Tensor:
    """`x` with a new shape of the same size; one dimension may be `-1`."""
    if type(x) is not torch.Tensor:
        x = convert_to_tensor(x)
    shape = newshape
    if type(shape) is not tuple:
        shape = shape.tolist() if isinstance(shape, torch.Tensor) else shape
        shape = (shape,) if isinstance(shape, int) else shape
    try:  # torch checks the sizes and the single -1; we only word its error
        return torch.reshape(x, shape)
    except (RuntimeError, TypeError) as error:
        raise _shape_error(
            "reshape",
            f"cannot reshape x of shape {tuple(x.shape)} to newshape={newshape}; it needs the "
            "same number of elements, non-negative sizes and at most one -1",
            error,
        ) from None


def transpose(x, axes=None) -> torch.Tensor:
    """`x` with its axes permuted (reversed when `axes` is None)."""
    if type(x) is not torch.Tensor:
        x = convert_to_tensor(x)
    if axes is None:
        n = x.ndim
        return x.T if n == 2 else torch.permute(x, tuple(range(n - 1, -1, -1)))
    if isinstance(axes, torch.Tensor):
        axes = axes.tolist()
    try:  # torch checks that `axes` is a permutation
        return torch.permute(x, axes)
    except (RuntimeError, IndexError, TypeError) as error:
        raise _shape_error(
            "transpose",
            f"`axes` must be a permutation of the {x.ndim} axes of x. Received: axes={axes}",
            error,
        ) from None


def moveaxis(x, source, destination) -> torch.Tensor:
    """`x` with the axes `source` moved to positions `destination`."""
    x = convert_to_tensor(x)
    src = _axes("moveaxis", source, x.ndim, "source")
    dst = _axes("moveaxis", destination, x.ndim, "destination")
    if len(src) != len(dst):
        raise ValueError(
            "moveaxis: `source` and `destination` must have the same number of axes. "
            f"Received: source={source}, destination={destination}"
        )
    return torch.movedim(x, src, dst)


def swapaxes(x, axis1, axis2) -> torch.Tensor:
    """`x` with two axes interchanged."""
    x = convert_to_tensor(x)
    a = named_axis("swapaxes", axis1, x.ndim, "axis1")
    b = named_axis("swapaxes", axis2, x.ndim, "axis2")
    return torch.swapaxes(x, a, b)


def expand_dims(x, axis) -> torch.Tensor:
    """`x` with new size-1 axes inserted at `axis` (an int or a tuple)."""
    x = convert_to_tensor(x)
    if type(axis) is int and -x.ndim - 1 <= axis <= x.ndim:
        return torch.unsqueeze(x, axis)
    axes = (axis,) if not isinstance(axis, (tuple, list)) else axis
    for a in sorted(_axes("expand_dims", axes, x.ndim + len(axes))):
        x = torch.unsqueeze(x, a)
    return x


def squeeze(x, axis=None) -> torch.Tensor:
    """`x` without its size-1 axes (or only those in `axis`, which must have size 1)."""
    x = convert_to_tensor(x)
    if axis is None:
        return torch.squeeze(x)
    axes = _axes("squeeze", axis, x.ndim)
    for a in axes:
        if x.shape[a] != 1:
            raise ValueError(
                f"squeeze: cannot squeeze axis {a} of size {x.shape[a]}; only size-1 axes can be "
                f"removed. Received: x.shape={tuple(x.shape)}, axis={axis}"
            )
    return torch.squeeze(x, dim=axes)


def ravel(x) -> torch.Tensor:
    """`x` flattened to 1-D."""
    return torch.ravel(convert_to_tensor(x))


def _join(op, fn, xs, **kwargs):
    if not len(xs):
        raise ValueError(f"{op}: expected a non-empty list of tensors. Received: {xs!r}")
    for x in xs:
        if type(x) is not torch.Tensor:
            xs = tensors(*xs)
            break
    try:
        return fn(xs, **kwargs)
    except (RuntimeError, IndexError) as error:
        shapes = [tuple(x.shape) for x in xs]
        raise _shape_error(op, f"cannot join inputs of shapes {shapes} ({kwargs})", error) from None


def concatenate(xs, axis=0) -> torch.Tensor:
    """The tensors `xs` joined along an existing axis (flattened first when `axis` is None)."""
    if type(axis) is int and type(xs) is list:
        try:  # a list of tensors goes straight to torch; anything else converts below
            return torch.cat(xs, dim=axis)
        except (TypeError, RuntimeError, IndexError, ValueError):
            pass
    if axis is None:
        xs = [convert_to_tensor(x).reshape(-1) for x in xs]
        axis = 0
    return _join("concatenate", torch.cat, xs, dim=axis)


def stack(x, axis=0) -> torch.Tensor:
    """The tensors `x` (all one shape) joined along a new axis."""
    return _join("stack", torch.stack, x, dim=axis)


def hstack(xs) -> torch.Tensor:
    """The tensors `xs` joined column-wise (axis 1; axis 0 for 1-D inputs)."""
    return _join("hstack", torch.hstack, xs)


def vstack(xs) -> torch.Tensor:
    """The tensors `xs` joined row-wise (1-D inputs become rows)."""
    return _join("vstack", torch.vstack, xs)


def dstack(xs) -> torch.Tensor:
    """The tensors `xs` joined along the third axis (inputs made at least 3-D)."""
    return _join("dstack", torch.dstack, xs)


def append(x1, x2, axis=None) -> torch.Tensor:
    """`x2` appended to `x1` (both flattened when `axis` is None)."""
    return concatenate([x1, x2], axis=axis)


def _sections(op, fn, x, indices_or_sections, **kwargs):
    x = convert_to_tensor(x)
    sections = indices_or_sections
    if not isinstance(sections, int):
        sections = [int(i) for i in convert_to_tensor(sections).reshape(-1).tolist()]
    try:
        return list(fn(x, sections, **kwargs))
    except (RuntimeError, IndexError) as error:
        raise _shape_error(
            op, f"cannot split x of shape {tuple(x.shape)} with {indices_or_sections}", error
        ) from None


def split(x, indices_or_sections, axis=0) -> list:
    """`x` split into equal sections (an int, which must divide the axis) or at indices."""
    x = convert_to_tensor(x)
    axis = named_axis("split", axis, x.ndim)
    if isinstance(indices_or_sections, int) and x.shape[axis] % indices_or_sections:
        raise ValueError(
            f"split: indices_or_sections={indices_or_sections} does not divide axis {axis} of "
            f"size {x.shape[axis]} (x.shape={tuple(x.shape)}). Use `array_split` for unequal "
            "sections."
        )
    return _sections("split", torch.tensor_split, x, indices_or_sections, dim=axis)


def array_split(x, indices_or_sections, axis=0) -> list:
    """`x` split into `indices_or_sections` nearly equal sections (the first ones larger)."""
    if not isinstance(indices_or_sections, int) or indices_or_sections <= 0:
        raise ValueError(
            "array_split: `indices_or_sections` must be a positive int. "
            f"Received: {indices_or_sections!r}"
        )
    x = convert_to_tensor(x)
    named_axis("array_split", axis, x.ndim)  # a TypeError for a non-int axis
    return list(torch.tensor_split(x, indices_or_sections, dim=axis))


def hsplit(x, indices_or_sections) -> list:
    """`x` split column-wise (axis 1; axis 0 for 1-D inputs)."""
    return _sections("hsplit", torch.hsplit, x, indices_or_sections)


def vsplit(x, indices_or_sections) -> list:
    """`x` split row-wise (axis 0)."""
    return _sections("vsplit", torch.vsplit, x, indices_or_sections)


def dsplit(x, indices_or_sections) -> list:
    """`x` split along the third axis."""
    return _sections("dsplit", torch.dsplit, x, indices_or_sections)


def tile(x, repeats) -> torch.Tensor:
    """`x` repeated `repeats` times along each axis."""
    if isinstance(repeats, torch.Tensor):
        repeats = repeats.reshape(-1).tolist()
    repeats = (repeats,) if isinstance(repeats, int) else tuple(int(r) for r in repeats)
    if any(r < 0 for r in repeats):
        raise ValueError(f"tile: `repeats` must be non-negative. Received: repeats={repeats}")
    return torch.tile(convert_to_tensor(x), repeats)


def repeat(x, repeats, axis=None) -> torch.Tensor:
    """Each element of `x` repeated (`x` flattened first when `axis` is None)."""
    x = convert_to_tensor(x)
    if axis is not None:
        axis = named_axis("repeat", axis, x.ndim)
    size = None  # known for a list of ints, which spares torch a device sync
    if isinstance(repeats, (list, tuple)) and all(type(r) is int for r in repeats):
        size = sum(repeats)
    if not isinstance(repeats, int):
        repeats = convert_to_tensor(repeats, dtype="int64", device=x.device)
    try:
        return torch.repeat_interleave(x, repeats, dim=axis, output_size=size)
    except RuntimeError as error:
        raise _shape_error(
            "repeat", f"`repeats` does not match x.shape={tuple(x.shape)} on axis={axis}", error
        ) from None


def roll(x, shift, axis=None) -> torch.Tensor:
    """`x` with elements shifted cyclically along `axis` (over the flat tensor if None)."""
    x = convert_to_tensor(x)
    if axis is None:
        return torch.roll(x, shift)
    return torch.roll(x, shift, dims=_axes("roll", axis, x.ndim))


def flip(x, axis=None) -> torch.Tensor:
    """`x` reversed along `axis` (all axes when None)."""
    x = convert_to_tensor(x)
    return torch.flip(x, tuple(range(x.ndim)) if axis is None else _axes("flip", axis, x.ndim))


def fliplr(x) -> torch.Tensor:
    """`x` reversed along axis 1 (x must be at least 2-D)."""
    x = convert_to_tensor(x)
    if x.ndim < 2:
        raise ValueError(f"fliplr: x must be at least 2-D. Received: x.shape={tuple(x.shape)}")
    return torch.fliplr(x)


def flipud(x) -> torch.Tensor:
    """`x` reversed along axis 0 (x must be at least 1-D)."""
    x = convert_to_tensor(x)
    if x.ndim < 1:
        raise ValueError("flipud: x must be at least 1-D. Received a scalar.")
    return torch.flipud(x)


def rot90(array, k=1, axes=(0, 1)) -> torch.Tensor:
    """`array` rotated by 90 degrees `k` times in the plane of `axes`."""
    array = convert_to_tensor(array)
    if array.ndim < 2:
        raise ValueError(f"rot90: `array` must be at least 2-D. Received: ndim={array.ndim}")
    a, b = _axes("rot90", axes, array.ndim, "axes") if len(axes) == 2 else (0, 0)
    if a == b:
        raise ValueError(f"rot90: `axes` must be two different axes. Received: axes={axes}")
    return torch.rot90(array, k=k, dims=(a, b))


def _pad_widths(pad_width, ndim):
    if hasattr(pad_width, "tolist"):  # numpy arrays and tensors
        pad_width = pad_width.tolist()

    def as_pair(p):
        p = (p,) if isinstance(p, int) else tuple(p)
        if len(p) not in (1, 2) or not all(isinstance(v, int) and v >= 0 for v in p):
            raise ValueError(
                "pad: each entry of `pad_width` must be an int or a (before, after) pair of "
                f"non-negative ints. Received: {pad_width}"
            )
        return (p[0], p[-1])

    if isinstance(pad_width, int) or (pad_width and isinstance(pad_width[0], int)):
        return [as_pair(pad_width)] * ndim  # one pair for every axis, as numpy does
    widths = [as_pair(p) for p in pad_width]
    if len(widths) == 1:
        return widths * ndim
    if len(widths) != ndim:
        raise ValueError(
            f"pad: `pad_width` must have one pair per axis of x ({ndim}). "
            f"Received: pad_width={pad_width}"
        )
    return widths


def _pad_index(mode, n, before, after, device):
    i = torch.arange(-before, n + after, device=device)
    if mode == "edge":
        return i.clamp(0, n - 1)
    if mode == "wrap":
        return i % n
    if mode == "reflect":
        period = 2 * (n - 1)
        j = i % period if period else torch.zeros_like(i)
        return torch.where(j < n, j, period - j)
    j = i % (2 * n)  # symmetric: the edge value is repeated
    return torch.where(j < n, j, 2 * n - 1 - j)


_PAD_MODES = ("constant", "edge", "reflect", "symmetric", "wrap")


def pad(x, pad_width, mode="constant", constant_values=None) -> torch.Tensor:
    """`x` padded by `pad_width` per axis: `"constant"`, `"edge"`, `"reflect"`,
    `"symmetric"` or `"wrap"`, as numpy.pad defines them."""
    x = convert_to_tensor(x)
    if mode not in _PAD_MODES:
        raise ValueError(f"pad: `mode` must be one of {_PAD_MODES}. Received: mode={mode!r}")
    if constant_values is not None and mode != "constant":
        raise ValueError(
            f"pad: `constant_values` can only be given with mode='constant'. Received: mode={mode}"
        )
    widths = _pad_widths(pad_width, x.ndim)
    if mode == "constant":
        flat = [w for before_after in reversed(widths) for w in before_after]
        value = 0 if constant_values is None else constant_values
        value = value.item() if hasattr(value, "item") else value
        return torch.nn.functional.pad(x, flat, mode="constant", value=value)
    for axis, (before, after) in enumerate(widths):
        if before or after:
            n = x.shape[axis]
            if n == 0:
                raise ValueError(f"pad: cannot pad an empty axis {axis} in mode={mode!r}.")
            index = _pad_index(mode, n, before, after, x.device)
            x = torch.index_select(x, axis, index)
    return x


def broadcast_to(x, shape) -> torch.Tensor:
    """`x` broadcast to `shape` (a view)."""
    x = convert_to_tensor(x)
    shape = (shape,) if isinstance(shape, int) else tuple(shape)
    try:
        return torch.broadcast_to(x, shape)
    except RuntimeError as error:
        raise _shape_error(
            "broadcast_to", f"cannot broadcast x of shape {tuple(x.shape)} to {shape}", error
        ) from None
