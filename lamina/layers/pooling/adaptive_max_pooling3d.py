"""AdaptiveMaxPooling3D: the maximum over windows sized to give a fixed output."""

from .base_adaptive_pooling import BaseAdaptivePooling


class AdaptiveMaxPooling3D(BaseAdaptivePooling):
    """Maximum over `output_size` windows per axis, whatever the input size.

    Args:
        output_size: int or 3-tuple, the output length of each spatial axis.
        data_format: `"channels_last"` (default) or `"channels_first"`.

    Input shape:
        `(batch, depth, rows, cols, channels)` (channels_last) or
        `(batch, channels, depth, rows, cols)`.

    Output shape:
        The input shape with each spatial axis replaced by `output_size`.

    Example:

    >>> AdaptiveMaxPooling3D(4)(torch.zeros(2, 9, 9, 9, 3)).shape
    torch.Size([2, 4, 4, 4, 3])
    """

    rank = 3
    mode = "max"
