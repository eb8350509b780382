"""GlobalAveragePooling2D: the cheap head that summary compares against Flatten -> Dense."""

from .base_global_pooling import BaseGlobalPooling


class GlobalAveragePooling2D(BaseGlobalPooling):
    """Mean over the spatial axes: `(batch, rows, cols, channels)` -> `(batch, channels)`.

    Unlike Flatten, the output size does not depend on the image size, so a Dense that
    follows has `channels * units` weights instead of `rows * cols * channels * units`,
    and the model accepts images of any size.

    Args:
        data_format: `"channels_last"` (default) or `"channels_first"`.
        keepdims: keep the spatial axes with size 1.

    Example:

    >>> GlobalAveragePooling2D()(torch.zeros(2, 7, 7, 64)).shape
    torch.Size([2, 64])
    """

    _float_inputs = True

    mode = "average"



GlobalAvgPool2D = GlobalAveragePooling2D
