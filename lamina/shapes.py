"""Shape arithmetic in one place: conv, pooling and flatten sizes on tuples with `None`.

Pure Python, no torch: `compute_output_shape`, `summary()` and the tests all use these,
so the numbers they show cannot drift apart.
"""

import math
from collections.abc import Sequence

Shape = tuple[int | None, ...]


def as_shape(value, what: str = "shape") -> Shape:
    """Turns a list/tuple/torch.Size into a tuple of ints or `None`; rejects anything else."""
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise ValueError(f"Cannot convert '{value}' to a shape. Expected a tuple of ints, got {what}={value!r}.")
    dims = []
    for dim in value:
        if dim is None:
            dims.append(None)
        elif isinstance(dim, bool) or not _is_int(dim):
            raise ValueError(f"Cannot convert '{value}' to a shape: {dim!r} is not an int or None.")
        elif int(dim) < 0:
            raise ValueError(f"Cannot convert '{value}' to a shape: dimensions cannot be negative.")
        else:
            dims.append(int(dim))
    return tuple(dims)


def _is_int(value) -> bool:
    try:
        return int(value) == value and not isinstance(value, float)
    except (TypeError, ValueError):
        return False


def normalize_tuple(value, n: int, name: str, allow_zero: bool = False) -> tuple[int, ...]:
    """`3` -> `(3, 3)`; checks length and positivity like Keras's argument validation."""
    if isinstance(value, int) and not isinstance(value, bool):
        values = (value,) * n
    else:
        try:
            values = tuple(value)
        except TypeError:
            values = None
        if values is None or len(values) != n or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in values
        ):
            raise ValueError(
                f"The `{name}` argument must be a tuple of {n} integers. Received {name}={value!r}"
            )
    bad = {v for v in values if (v < 0 if allow_zero else v <= 0)}
    if bad:
        rule = "value >= 0" if allow_zero else "value > 0"
        raise ValueError(
            f"The `{name}` argument must be a tuple of {n} integers. Received {name}={value!r}, "
            f"including values {bad} that do not satisfy `{rule}`"
        )
    return values


def normalize_padding(value) -> str:
    padding = str(value).lower()
    if padding not in ("valid", "same"):
        raise ValueError(
            f"The `padding` argument must be a list/tuple or one of {{'same', 'valid'}}. Received: {value}"
        )
    return padding


def conv_output_length(length: int | None, kernel: int, stride: int, padding: str, dilation: int = 1) -> int | None:
    """One spatial axis of a convolution or pooling window.

    `valid`: `floor((length - dilated_kernel) / stride) + 1`; `same`: `ceil(length / stride)`.
    """
    if length is None:
        return None
    if padding == "same":
        return (length + stride - 1) // stride
    effective = dilation * (kernel - 1) + 1
    return (length - effective) // stride + 1


def same_padding(length: int, kernel: int, stride: int, dilation: int = 1) -> tuple[int, int]:
    """TensorFlow's "same" padding for one axis: the extra cell, if any, goes at the end."""
    effective = dilation * (kernel - 1) + 1
    out = (length + stride - 1) // stride
    total = max((out - 1) * stride + effective - length, 0)
    return total // 2, total - total // 2


def flatten_size(dims: Sequence[int | None]) -> int | None:
    """Product of the non-batch dims; unknown if any of them is; `1` for none at all."""
    if any(d is None for d in dims):
        return None
    return math.prod(dims)


def spatial_axes(rank: int, data_format: str) -> tuple[int, ...]:
    """Positions of the spatial axes in a batched shape of `rank` dims."""
    return tuple(range(1, rank - 1)) if data_format == "channels_last" else tuple(range(2, rank))


def channel_axis(data_format: str) -> int:
    return -1 if data_format == "channels_last" else 1
