"""AdaptiveMaxPooling1D: the maximum over windows sized to give a fixed output."""

from .base_adaptive_pooling import BaseAdaptivePooling


class AdaptiveMaxPooling1D(BaseAdaptivePooling):
    """Maximum over `output_size` windows per axis, whatever the input size.

    Args:
        output_size: int or 1-tuple, the output length of each spatial axis.
        data_format: `"channels_last"` (default) or `"channels_first"`.

    Input shape:
        `(batch, steps, channels)` (channels_last) or `(batch, channels, steps)`.

    Output shape:
        The input shape with each spatial axis replaced by `output_size`.

    Example:

    >>> AdaptiveMaxPooling1D(16)(torch.zeros(2, 64, 3)).shape
    torch.Size([2, 16, 3])
    """

    rank = 1
    mode = "max"
