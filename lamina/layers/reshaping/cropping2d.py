"""Cropping2D: rows and columns removed from the edges of each image."""

from .base_cropping import BaseCropping


class Cropping2D(BaseCropping):
    """Removes rows and columns from the edges: `((top, bottom), (left, right))`.

    Args:
        cropping: int (all sides), `(rows, cols)` (symmetric), or
            `((top, bottom), (left, right))`.
        data_format: `"channels_last"` (default) or `"channels_first"`.

    Output shape:
        `(batch, rows - top - bottom, cols - left - right, channels)` (channels_last).

    Example:

    >>> Cropping2D(((1, 0), (2, 2)))(torch.zeros(2, 6, 8, 3)).shape
    torch.Size([2, 5, 4, 3])
    """

    rank = 2

    def __init__(self, cropping=((0, 0), (0, 0)), data_format: str | None = None, **kwargs):
        super().__init__(cropping, data_format, **kwargs)
