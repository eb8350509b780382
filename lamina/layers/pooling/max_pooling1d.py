"""MaxPooling1D: the maximum over each window of a sequence."""

from .base_pooling import BasePooling


class MaxPooling1D(BasePooling):
    """Maximum over `pool_size` windows of each channel.

    Args:
        pool_size: int or 1-tuple, default 2.
        strides: int or 1-tuple; `None` (default) means `pool_size`.
        padding: `"valid"` (default) or `"same"` (padded cells never win).
        data_format: `"channels_last"` (default) or `"channels_first"`.

    Input shape:
        `(batch, steps, channels)` (channels_last) or `(batch, channels, steps)`.

    Output shape:
        `valid`: `floor((n - pool) / stride) + 1`; `same`: `ceil(n / stride)` per axis.

    Example:

    >>> MaxPooling1D()(torch.zeros(4, 10, 8)).shape
    torch.Size([4, 5, 8])
    """

    rank = 1
    mode = "max"


MaxPool1D = MaxPooling1D
