"""AveragePooling3D: the mean over each window of a volume."""

from .base_pooling import BasePooling


class AveragePooling3D(BasePooling):
    """Mean over `pool_size` windows of each channel; padded cells are not counted.

    Args:
        pool_size: int or 3-tuple (required, as in Keras).
        strides: int or 3-tuple; `None` (default) means `pool_size`.
        padding: `"valid"` (default) or `"same"`.
        data_format: `"channels_last"` (default) or `"channels_first"`.

    Input shape:
        `(batch, depth, rows, cols, channels)` (channels_last) or
        `(batch, channels, depth, rows, cols)`.

    Output shape:
        `valid`: `floor((n - pool) / stride) + 1`; `same`: `ceil(n / stride)` per axis.

    Example:

    >>> AveragePooling3D(2)(torch.zeros(2, 8, 8, 8, 3)).shape
    torch.Size([2, 4, 4, 4, 3])
    """

    rank = 3
    mode = "average"

    def __init__(self, pool_size, strides=None, padding: str = "valid", data_format: str | None = None, **kwargs):
        super().__init__(pool_size, strides=strides, padding=padding, data_format=data_format, **kwargs)


AvgPool3D = AveragePooling3D
