"""GlobalMaxPooling3D: the maximum of each channel over a whole volume."""

from .base_global_pooling import BaseGlobalPooling


class GlobalMaxPooling3D(BaseGlobalPooling):
    """Maximum over the spatial axes: `(batch, depth, rows, cols, channels)` -> `(batch, channels)`.

    Args:
        data_format: `"channels_last"` (default) or `"channels_first"`.
        keepdims: keep the spatial axes with size 1.

    Example:

    >>> GlobalMaxPooling3D()(torch.zeros(2, 4, 5, 5, 16)).shape
    torch.Size([2, 16])
    """

    mode = "max"
    rank = 3


GlobalMaxPool3D = GlobalMaxPooling3D
