"""AveragePooling2D: the mean over each window."""

from .base_pooling import BasePooling


class AveragePooling2D(BasePooling):
    """Mean over `pool_size` windows of each channel; padded cells are not counted.

    Args:
        pool_size: int or pair (required, as in Keras).
        strides: int or pair; `None` (default) means `pool_size`.
        padding: `"valid"` (default) or `"same"`.
        data_format: `"channels_last"` (default) or `"channels_first"`.

    Example:

    >>> AveragePooling2D(2)(torch.zeros(1, 15, 15, 8)).shape
    torch.Size([1, 7, 7, 8])
    """

    mode = "average"

    def __init__(self, pool_size, strides=None, padding: str = "valid", data_format: str | None = None, **kwargs):
        super().__init__(pool_size, strides=strides, padding=padding, data_format=data_format, **kwargs)


AvgPool2D = AveragePooling2D
