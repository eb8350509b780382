"""Cropping3D: cells removed from the edges of each volume."""

from .base_cropping import BaseCropping


class Cropping3D(BaseCropping):
    """Removes cells from both ends of the three spatial axes of a volume.

    Args:
        cropping: int (all sides), 3 ints (symmetric per axis), or 3
            `(before, after)` pairs.
        data_format: `"channels_last"` (default) or `"channels_first"`.

    Output shape:
        Each spatial dim shrinks by its two croppings.

    Example:

    >>> Cropping3D(1)(torch.zeros(2, 4, 5, 6, 3)).shape
    torch.Size([2, 2, 3, 4, 3])
    """

    rank = 3

    def __init__(self, cropping=((1, 1), (1, 1), (1, 1)), data_format: str | None = None, **kwargs):
        super().__init__(cropping, data_format, **kwargs)
