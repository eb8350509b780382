"""Pooling ops of `keras.ops.nn`: max, average and adaptive, channels_last by default."""

import functools

import torch
import torch.nn.functional as F

from ..convert import convert_to_tensor
from ._layout import (
    apply_padding,
    as_tuple,
    check_padding,
    check_spatial_rank,
    data_format_of,
    from_channels_first,
    same_padding,
    to_channels_first,
)

__all__ = ["adaptive_average_pool", "adaptive_max_pool", "average_pool", "max_pool"]

_MAX = {1: F.max_pool1d, 2: F.max_pool2d, 3: F.max_pool3d}
_AVG = {1: F.avg_pool1d, 2: F.avg_pool2d, 3: F.avg_pool3d}
_ADAPTIVE_MAX = {1: F.adaptive_max_pool1d, 2: F.adaptive_max_pool2d, 3: F.adaptive_max_pool3d}
_ADAPTIVE_AVG = {1: F.adaptive_avg_pool1d, 2: F.adaptive_avg_pool2d, 3: F.adaptive_avg_pool3d}


@functools.lru_cache(maxsize=512)
def _plan(op, x_shape, pool_size, strides, padding, data_format):
    """`(pool_size, strides, pads)` of one call signature, validated once; `pads` lists
    TF's "same" `(before, after)` per spatial axis, or is `None` for "valid"."""
    if len(x_shape) not in (3, 4, 5):
        raise ValueError(
            f"`{op}` expects inputs of rank 3, 4 or 5 (1D, 2D or 3D data with batch and "
            f"channel axes). Received input shape: {tuple(x_shape)}."
        )
    rank = len(x_shape) - 2
    pool_size = as_tuple(pool_size, rank, "pool_size", op)
    strides = pool_size if strides is None else as_tuple(strides, rank, "strides", op)
    if check_padding(padding, op) == "valid":
        return pool_size, strides, None
    spatial = x_shape[1:-1] if data_format == "channels_last" else x_shape[2:]
    return pool_size, strides, same_padding(spatial, pool_size, strides, (1,) * rank)


def _setup(inputs, pool_size, strides, padding, data_format, op):
    x = convert_to_tensor(inputs)
    data_format = data_format_of(data_format, op)
    hashable = [tuple(v) if isinstance(v, list) else v for v in (pool_size, strides)]
    plan = _plan(op, x.shape, *hashable, padding, data_format)
    return to_channels_first(x, data_format), data_format, plan


def max_pool(inputs, pool_size, strides=None, padding="valid", data_format=None) -> torch.Tensor:
    """Max over `pool_size` windows; `strides` default to `pool_size`.

    Example:

    >>> max_pool(torch.ones(2, 8, 8, 3), 2).shape
    torch.Size([2, 4, 4, 3])
    """
    x, data_format, (pool_size, strides, pads) = _setup(
        inputs, pool_size, strides, padding, data_format, "max_pool"
    )
    pad = 0
    if pads is not None:
        # Edge replication never wins a max against the edge itself, so it acts as -inf.
        x, pad = apply_padding(x, pads, mode="replicate")
    out = _MAX[len(pool_size)](x, pool_size, strides, pad)
    return from_channels_first(out, data_format)


def average_pool(
    inputs, pool_size, strides=None, padding="valid", data_format=None
) -> torch.Tensor:
    """Mean over `pool_size` windows; with "same", padded positions are not counted (as TF).

    Keras 3.15.1 on torch replicates edge values into an asymmetric "same" pad and averages
    them in; we divide by the number of real inputs in each window, as TensorFlow and JAX do.
    """
    x, data_format, (pool_size, strides, pads) = _setup(
        inputs, pool_size, strides, padding, data_format, "average_pool"
    )
    pool = _AVG[len(pool_size)]
    if pads is None:
        out = pool(x, pool_size, strides, 0)
    elif all(a == b for a, b in pads):
        out = pool(x, pool_size, strides, [a for a, _ in pads], count_include_pad=False)
    else:
        flat = [amount for pair in reversed(pads) for amount in pair]
        ones = torch.ones((1, 1, *x.shape[2:]), dtype=x.dtype, device=x.device)
        out = pool(F.pad(x, flat), pool_size, strides, 0) / pool(F.pad(ones, flat), pool_size,
                                                                 strides, 0)
    return from_channels_first(out, data_format)


def _adaptive(table, inputs, output_size, data_format, op):
    x = convert_to_tensor(inputs)
    rank = check_spatial_rank(x, op)
    data_format = data_format_of(data_format, op)
    size = as_tuple(output_size, rank, "output_size", op)
    out = table[rank](to_channels_first(x, data_format), size)
    if isinstance(out, tuple):
        out = out[0]
    return from_channels_first(out, data_format)


def adaptive_max_pool(inputs, output_size, data_format=None) -> torch.Tensor:
    """Max pooling into a fixed `output_size` grid, windows chosen as torch does."""
    return _adaptive(_ADAPTIVE_MAX, inputs, output_size, data_format, "adaptive_max_pool")


def adaptive_average_pool(inputs, output_size, data_format=None) -> torch.Tensor:
    """Average pooling into a fixed `output_size` grid, windows chosen as torch does."""
    return _adaptive(_ADAPTIVE_AVG, inputs, output_size, data_format, "adaptive_average_pool")
