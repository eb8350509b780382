"""AveragePooling1D: the mean over each window of a sequence."""

from .base_pooling import BasePooling


class AveragePooling1D(BasePooling):
    """Mean over `pool_size` windows of each channel; padded cells are not counted.

    Args:
        pool_size: int or 1-tuple (required, as in Keras).
        strides: int or 1-tuple; `None` (default) means `pool_size`.
        padding: `"valid"` (default) or `"same"`.
        data_format: `"channels_last"` (default) or `"channels_first"`.

    Input shape:
        `(batch, steps, channels)` (channels_last) or `(batch, channels, steps)`.

    Output shape:
        `valid`: `floor((n - pool) / stride) + 1`; `same`: `ceil(n / stride)` per axis.

    Example:

    >>> AveragePooling1D(2)(torch.zeros(4, 10, 8)).shape
    torch.Size([4, 5, 8])
    """

    rank = 1
    mode = "average"

    def __init__(self, pool_size, strides=None, padding: str = "valid", data_format: str | None = None, **kwargs):
        super().__init__(pool_size, strides=strides, padding=padding, data_format=data_format, **kwargs)


AvgPool1D = AveragePooling1D
