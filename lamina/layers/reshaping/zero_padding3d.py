"""ZeroPadding3D: zeros around each volume."""

from .base_zero_padding import BaseZeroPadding


class ZeroPadding3D(BaseZeroPadding):
    """Adds zeros around the three spatial axes of a volume.

    Args:
        padding: int (all sides), 3 ints (symmetric per axis), or 3 `(before, after)`
            pairs.
        data_format: `"channels_last"` (default) or `"channels_first"`.

    Input shape:
        `(batch, dim1, dim2, dim3, channels)` (channels_last).

    Output shape:
        Each spatial dim grows by its two paddings.

    Example:

    >>> ZeroPadding3D(1)(torch.zeros(2, 3, 4, 5, 2)).shape
    torch.Size([2, 5, 6, 7, 2])
    """

    rank = 3

    def __init__(self, padding=((1, 1), (1, 1), (1, 1)), data_format: str | None = None, **kwargs):
        super().__init__(padding, data_format, **kwargs)
