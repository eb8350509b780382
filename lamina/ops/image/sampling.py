"""Interpolated lookups: `map_coordinates` and the sampler behind the geometric transforms.

Out-of-range coordinates follow `fill_mode` as scipy's `ndimage.map_coordinates` (which
Keras mirrors): "constant" uses `fill_value` for every corner outside the input, "nearest"
clamps, "wrap" tiles, "mirror" reflects about edge pixels, "reflect" about edge borders.
"""

import functools
import itertools
import operator

import torch

from ..convert import convert_to_tensor

__all__ = ["map_coordinates"]

FILL_MODES = ("constant", "nearest", "wrap", "mirror", "reflect")
ORDERS = {"nearest": 0, "bilinear": 1}


def _mirror(index, size):
    period = size - 1
    if period == 0:
        return torch.zeros_like(index)
    return torch.abs((index + period) % (2 * period) - period)


def fix_index(index, size, fill_mode):
    """`index` (integers, any range) mapped into `[0, size)` the way `fill_mode` extends
    the input: clamped ("constant" masks those points separately), tiled, or reflected."""
    if fill_mode in ("constant", "nearest"):
        return index.clamp(0, size - 1)
    if fill_mode == "wrap":
        return index % size
    if fill_mode == "mirror":
        return _mirror(index, size)
    # "reflect" (about the edge borders: d c b a | a b c d | d c b a) has period 2 * size:
    # the first half of a period reads forwards, the second half backwards.
    phase = index % (2 * size)
    return torch.where(phase < size, phase, 2 * size - 1 - phase)


def interpolation_nodes(coordinate, order):
    """`[(index, weight)]` of the input points that interpolate `coordinate`; the indices
    are int32, as Keras computes them."""
    if order == 0 or not coordinate.is_floating_point():
        index = coordinate if not coordinate.is_floating_point() else torch.round(coordinate)
        return [(index.to(torch.int32), None)]
    lower = torch.floor(coordinate)
    upper_weight = coordinate - lower
    index = lower.to(torch.int32)
    return [(index, 1 - upper_weight), (index + 1, upper_weight)]


def interpolate(values, coordinates, orders, fill_mode="constant", fill_value=0.0):
    """`values` sampled at `coordinates` (one tensor per axis); `orders` per axis (0 or 1)."""
    per_axis = []
    for coordinate, size, order in zip(coordinates, values.shape, orders):
        nodes = []
        for index, weight in interpolation_nodes(coordinate, order):
            valid = (index >= 0) & (index < size) if fill_mode == "constant" else None
            nodes.append((fix_index(index, size, fill_mode), valid, weight))
        per_axis.append(nodes)
    total = None
    for corner in itertools.product(*per_axis):
        indices, valids, weights = zip(*corner)
        picked = values[indices]
        valids = [v for v in valids if v is not None]
        if valids:
            picked = torch.where(functools.reduce(operator.and_, valids), picked, fill_value)
        weights = [w for w in weights if w is not None]
        if weights:
            picked = functools.reduce(operator.mul, weights) * picked
        total = picked if total is None else total + picked
    return in_dtype_of(total, values)


def in_dtype_of(total, values):
    """The interpolated `total` in `values`' dtype, rounded first for integer images."""
    if not values.is_floating_point():
        total = torch.round(total) if total.is_floating_point() else total
    return total.to(values.dtype)


def check_fill_mode(fill_mode, op):
    if fill_mode not in FILL_MODES:
        raise ValueError(
            f"`{op}`: `fill_mode` must be one of {FILL_MODES}. Received: fill_mode={fill_mode!r}"
        )


def map_coordinates(inputs, coordinates, order, fill_mode="constant", fill_value=0):
    """`inputs` sampled at `coordinates` `(inputs.ndim, *out_shape)` with spline `order` 0 or 1.

    Example:

    >>> map_coordinates(torch.arange(4.0).reshape(2, 2), [[0.5], [0.5]], order=1)
    tensor([1.5000])
    """
    values = convert_to_tensor(inputs)
    if isinstance(coordinates, torch.Tensor):
        coords = list(coordinates.unbind(0)) if coordinates.ndim else []
    else:
        coords = [convert_to_tensor(c, device=values.device) for c in coordinates]
    if len(coords) != values.ndim:
        raise ValueError(
            "`map_coordinates`: the first dim of `coordinates` must equal the rank of `inputs`. "
            f"Received inputs with shape {tuple(values.shape)} and {len(coords)} coordinate arrays."
        )
    if coords[0].ndim < 1:
        raise ValueError("`map_coordinates`: `coordinates` must have rank >= 2.")
    check_fill_mode(fill_mode, "map_coordinates")
    if order not in (0, 1):
        raise NotImplementedError(
            f"`map_coordinates` supports order 0 (nearest) or 1 (linear). Received: order={order}"
        )
    if isinstance(fill_value, (int, float)) and not values.is_floating_point():
        fill_value = int(fill_value)
    return interpolate(values, coords, [order] * values.ndim, fill_mode, fill_value)
