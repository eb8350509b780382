"""UpSampling3D: each volume scaled up by integer factors."""

from .base_up_sampling import BaseUpSampling


class UpSampling3D(BaseUpSampling):
    """Repeats every cell of a volume `size` times along each spatial axis.

    Args:
        size: int or 3 ints.
        data_format: `"channels_last"` (default) or `"channels_first"`.

    Output shape:
        Each spatial dim multiplied by its factor.

    Example:

    >>> UpSampling3D(2)(torch.zeros(2, 2, 3, 4, 5)).shape
    torch.Size([2, 4, 6, 8, 5])
    """

    rank = 3

    def __init__(self, size=(2, 2, 2), data_format: str | None = None, **kwargs):
        super().__init__(size, data_format, "nearest", **kwargs)
