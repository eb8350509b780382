"""ZeroPadding2D: rows and columns of zeros around each image."""

from .base_zero_padding import BaseZeroPadding


class ZeroPadding2D(BaseZeroPadding):
    """Adds zeros around the spatial axes: `((top, bottom), (left, right))`.

    Args:
        padding: int (all sides), `(rows, cols)` (symmetric), or
            `((top, bottom), (left, right))`.
        data_format: `"channels_last"` (default) or `"channels_first"`.

    Input shape:
        `(batch, rows, cols, channels)` (channels_last).

    Output shape:
        `(batch, top + rows + bottom, left + cols + right, channels)`.

    Example:

    >>> ZeroPadding2D(1)(torch.zeros(2, 5, 5, 3)).shape
    torch.Size([2, 7, 7, 3])
    """

    rank = 2

    def __init__(self, padding=(1, 1), data_format: str | None = None, **kwargs):
        super().__init__(padding, data_format, **kwargs)
