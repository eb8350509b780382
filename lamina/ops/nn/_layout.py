"""Shared argument handling for the spatial ops: tuples, channels_last views, "same" padding.

Keras's nn ops are channels_last by default; torch kernels want `(batch, channels, *spatial)`.
For an NHWC tensor `x.permute(0, 3, 1, 2)` is a zero-copy view that torch treats as
channels_last memory format, so the kernels run on it without a copy, and permuting the
result back gives a contiguous channels_last tensor.
"""

import torch
import torch.nn.functional as F

from ... import config


def as_tuple(value, rank: int, name: str, op: str) -> tuple[int, ...]:
    """`value` (an int or a sequence of `rank` ints) as a `rank`-tuple of positive ints."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = (value,) * rank
    try:
        value = tuple(int(v) for v in value)
    except (TypeError, ValueError):
        raise ValueError(
            f"`{op}`: `{name}` must be an int or a tuple of {rank} ints. Received: {name}={value!r}"
        ) from None
    if len(value) != rank or any(v < 1 for v in value):
        raise ValueError(
            f"`{op}`: `{name}` must be a positive int or a tuple of {rank} positive ints for "
            f"{rank}D inputs. Received: {name}={value}"
        )
    return value


def check_spatial_rank(x: torch.Tensor, op: str) -> int:
    """The number of spatial axes of a `(batch, ..., channels)` input: 1, 2 or 3."""
    if x.ndim not in (3, 4, 5):
        raise ValueError(
            f"`{op}` expects inputs of rank 3, 4 or 5 (1D, 2D or 3D data with batch and "
            f"channel axes). Received input shape: {tuple(x.shape)}."
        )
    return x.ndim - 2


def data_format_of(data_format, op: str) -> str:
    try:
        return config.standardize_data_format(data_format)
    except ValueError as error:
        raise ValueError(f"`{op}`: {error}") from None


_TO_FIRST = {3: (0, 2, 1), 4: (0, 3, 1, 2), 5: (0, 4, 1, 2, 3)}
_TO_LAST = {3: (0, 2, 1), 4: (0, 2, 3, 1), 5: (0, 2, 3, 4, 1)}


def to_channels_first(x: torch.Tensor, data_format: str) -> torch.Tensor:
    """A `(batch, channels, *spatial)` view of `x` (no copy)."""
    if data_format == "channels_first":
        return x
    return x.permute(_TO_FIRST[x.ndim])


def from_channels_first(y: torch.Tensor, data_format: str) -> torch.Tensor:
    """Undoes `to_channels_first`."""
    if data_format == "channels_first":
        return y
    return y.permute(_TO_LAST[y.ndim])


def same_padding(sizes, kernel, strides, dilation) -> list[tuple[int, int]]:
    """TF's "same" padding per spatial axis as `(before, after)`: the extra pixel goes after."""
    pads = []
    for size, k, s, d in zip(sizes, kernel, strides, dilation):
        effective = (k - 1) * d + 1
        out = -(-size // s)
        total = max(0, (out - 1) * s + effective - size)
        pads.append((total // 2, total - total // 2))
    return pads


def apply_padding(x: torch.Tensor, pads, mode: str = "constant"):
    """Either `(x, symmetric_pads)` for torch's `padding=` or `(padded_x, 0)`."""
    if all(before == after for before, after in pads):
        return x, [before for before, _ in pads]
    flat = [amount for pair in reversed(pads) for amount in pair]
    return F.pad(x, flat, mode=mode), 0


def check_padding(padding, op: str) -> str:
    value = str(padding).lower()
    if value not in ("valid", "same"):
        raise ValueError(
            f"`{op}`: `padding` must be 'valid' or 'same'. Received: padding={padding!r}"
        )
    return value
