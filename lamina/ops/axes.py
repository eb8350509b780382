"""Axis arguments as Keras takes them: an int, a tuple/list of ints, or None; negative counts
from the end. One checker so every op names itself and the bad value the same way."""

import operator


def canonical_axis(axis, ndim: int, op: str) -> int:
    """`axis` as a non-negative int for a rank-`ndim` input; ValueError naming `op`."""
    try:
        value = operator.index(axis)  # ints, numpy ints, 0-d int tensors; not "1" or 1.0
    except TypeError:
        raise TypeError(f"{op}: `axis` must be an int, got {axis!r}.") from None
    if not -max(ndim, 1) <= value < max(ndim, 1):
        raise ValueError(
            f"{op}: axis={axis} is out of bounds for an input of rank {ndim}; valid axes are "
            f"{-max(ndim, 1)} to {max(ndim, 1) - 1}."
        )
    return value % max(ndim, 1)


def canonical_axes(axis, ndim: int, op: str):
    """None stays None; an int or a sequence becomes a tuple of non-negative ints."""
    if axis is None:
        return None
    if isinstance(axis, (list, tuple)):
        axes = tuple(canonical_axis(a, ndim, op) for a in axis)
        if len(set(axes)) != len(axes):
            raise ValueError(f"{op}: `axis` has repeated entries: {axis}.")
        return axes
    return (canonical_axis(axis, ndim, op),)
