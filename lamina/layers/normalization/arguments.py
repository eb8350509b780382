"""Argument checks and axis bookkeeping shared by the normalization layers."""

import math

from ..input_spec import InputSpec


def check_number(layer, name: str, value, *, low=None, high=None) -> float:
    """A real number (not a bool, not NaN) within `[low, high]`, as a float; otherwise a
    TypeError/ValueError naming the layer, the argument and the value."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(
            f"{type(layer).__name__} '{layer.name}': `{name}` must be a number. Received: {name}={value!r}"
        )
    if math.isnan(value) or (low is not None and value < low) or (high is not None and value > high):
        bounds = (
            f"between {low} and {high}" if low is not None and high is not None
            else f">= {low}" if low is not None else f"<= {high}"
        )
        raise ValueError(
            f"{type(layer).__name__} '{layer.name}': `{name}` must be a number {bounds}. "
            f"Received: {name}={value!r}"
        )
    return float(value)


def check_axis_arg(layer, axis):
    """Keras's `axis` argument: an int, or a list/tuple of ints (kept as a list)."""
    axes = axis if isinstance(axis, (list, tuple)) else [axis]
    if not axes or not all(isinstance(a, int) and not isinstance(a, bool) for a in axes):
        raise TypeError(
            f"{type(layer).__name__} '{layer.name}': expected an int or a list/tuple of ints for the "
            f"argument 'axis'. Received: axis={axis!r}"
        )
    return list(axis) if isinstance(axis, (list, tuple)) else axis


def resolve_axes(layer, axis, input_shape) -> list[int]:
    """The normalized axes as sorted non-negative ints, checked against `input_shape`."""
    rank = len(input_shape)
    axes = axis if isinstance(axis, list) else [axis]
    if not all(-rank <= a < rank for a in axes):
        raise ValueError(
            f"{type(layer).__name__} '{layer.name}': axis {axis} is out of range for input shape "
            f"{tuple(input_shape)}. Received: axis={axis}"
        )
    resolved = sorted({a % rank for a in axes})
    if len(resolved) != len(axes):
        raise ValueError(
            f"{type(layer).__name__} '{layer.name}': axis {axis} names the same axis twice for input "
            f"shape {tuple(input_shape)}."
        )
    return resolved


def known_sizes(layer, axes, input_shape) -> tuple[int, ...]:
    """The sizes of `axes`, which must be known to shape the layer's weights."""
    sizes = tuple(input_shape[a] for a in axes)
    if None in sizes:
        raise ValueError(
            f"{type(layer).__name__} '{layer.name}' needs known sizes on its normalized axes {axes} to "
            f"create its weights. Received input shape {tuple(input_shape)}."
        )
    return sizes


def is_trailing(axes, rank: int) -> bool:
    """Whether `axes` (sorted, non-negative) are the last axes, so torch's fused kernels
    (`F.layer_norm`, `F.rms_norm`) normalize exactly them."""
    return axes == list(range(rank - len(axes), rank))


def axes_spec(axis, input_shape):
    """An InputSpec pinning the normalized axes (as the user gave them, so any rank that
    keeps them works) to the sizes the weights were built for."""
    axes = axis if isinstance(axis, list) else [axis]
    needed = max(a + 1 if a >= 0 else -a for a in axes)
    return InputSpec(min_ndim=needed, axes={a: input_shape[a] for a in axes})
