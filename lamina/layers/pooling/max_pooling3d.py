"""MaxPooling3D: the maximum over each window of a volume."""

from .base_pooling import BasePooling


class MaxPooling3D(BasePooling):
    """Maximum over `pool_size` windows of each channel.

    Args:
        pool_size: int or 3-tuple, default 2.
        strides: int or 3-tuple; `None` (default) means `pool_size`.
        padding: `"valid"` (default) or `"same"` (padded cells never win).
        data_format: `"channels_last"` (default) or `"channels_first"`.

    Input shape:
        `(batch, depth, rows, cols, channels)` (channels_last) or
        `(batch, channels, depth, rows, cols)`.

    Output shape:
        `valid`: `floor((n - pool) / stride) + 1`; `same`: `ceil(n / stride)` per axis.

    Example:

    >>> MaxPooling3D()(torch.zeros(2, 8, 8, 8, 3)).shape
    torch.Size([2, 4, 4, 4, 3])
    """

    rank = 3
    mode = "max"


MaxPool3D = MaxPooling3D
