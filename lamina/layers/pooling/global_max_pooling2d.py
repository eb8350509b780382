"""GlobalMaxPooling2D: the maximum of each channel over all positions."""

from .base_global_pooling import BaseGlobalPooling


class GlobalMaxPooling2D(BaseGlobalPooling):
    """Maximum over the spatial axes: `(batch, rows, cols, channels)` -> `(batch, channels)`.

    Args:
        data_format: `"channels_last"` (default) or `"channels_first"`.
        keepdims: keep the spatial axes with size 1.

    Example:

    >>> GlobalMaxPooling2D()(torch.zeros(2, 5, 5, 16)).shape
    torch.Size([2, 16])
    """

    mode = "max"



GlobalMaxPool2D = GlobalMaxPooling2D
