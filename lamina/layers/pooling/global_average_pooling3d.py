"""GlobalAveragePooling3D: the mean of each channel over a whole volume."""

from .base_global_pooling import BaseGlobalPooling


class GlobalAveragePooling3D(BaseGlobalPooling):
    """Mean over the spatial axes: `(batch, depth, rows, cols, channels)` -> `(batch, channels)`.

    Args:
        data_format: `"channels_last"` (default) or `"channels_first"`.
        keepdims: keep the spatial axes with size 1.

    Example:

    >>> GlobalAveragePooling3D()(torch.zeros(2, 4, 5, 5, 16)).shape
    torch.Size([2, 16])
    """

    _float_inputs = True

    rank = 3
    mode = "average"


GlobalAvgPool3D = GlobalAveragePooling3D
