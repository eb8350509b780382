"""MaxPooling2D: the maximum over each window."""

from .base_pooling import BasePooling


class MaxPooling2D(BasePooling):
    """Maximum over `pool_size` windows of each channel.

    Args:
        pool_size: int or pair, default 2.
        strides: int or pair; `None` (default) means `pool_size`.
        padding: `"valid"` (default) or `"same"` (padded cells never win).
        data_format: `"channels_last"` (default) or `"channels_first"`.

    Output shape:
        `valid`: `floor((n - pool) / stride) + 1`; `same`: `ceil(n / stride)` per axis.

    Example:

    >>> MaxPooling2D()(torch.zeros(1, 32, 32, 3)).shape
    torch.Size([1, 16, 16, 3])
    """

    mode = "max"


MaxPool2D = MaxPooling2D
