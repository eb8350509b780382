"""AdaptiveAveragePooling2D: the mean over windows sized to give a fixed output."""

from .base_adaptive_pooling import BaseAdaptivePooling


class AdaptiveAveragePooling2D(BaseAdaptivePooling):
    """Mean over `output_size` windows per axis, whatever the input size.

    Args:
        output_size: int or 2-tuple, the output length of each spatial axis.
        data_format: `"channels_last"` (default) or `"channels_first"`.

    Input shape:
        `(batch, rows, cols, channels)` (channels_last) or `(batch, channels, rows, cols)`.

    Output shape:
        The input shape with each spatial axis replaced by `output_size`.

    Example:

    >>> AdaptiveAveragePooling2D(7)(torch.zeros(2, 30, 20, 3)).shape
    torch.Size([2, 7, 7, 3])
    """

    rank = 2
    mode = "average"
