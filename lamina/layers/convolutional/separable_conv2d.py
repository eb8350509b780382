"""SeparableConv2D: a depthwise then a pointwise convolution over a image (Xception blocks)."""

from .base_separable_conv import BaseSeparableConv


class SeparableConv2D(BaseSeparableConv):
    """Per-channel filtering (`depth_multiplier` filters each), then a 1x1 convolution
    that mixes the channels into `filters` outputs; far fewer weights than a full convolution.

    Args:
        filters: number of output channels.
        kernel_size: int or pair.
        strides: int or pair, default 1.
        padding: `"valid"` (default) or `"same"`.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        dilation_rate: int or pair, default 1 (not with strides > 1).
        depth_multiplier: depthwise filters per input channel, default 1.
        activation, use_bias: as in `Dense`.
        depthwise_*, pointwise_*, bias_* initializer, regularizer and constraint: per weight.

    Input shape:
        `(batch, rows, cols, channels)` (channels_last) or `(batch, channels, rows, cols)`.

    Output shape:
        `(batch, new_rows, new_cols, filters)`.

    Example:

    >>> SeparableConv2D(64, 3, padding="same")(torch.zeros(4, 16, 16, 32)).shape
    torch.Size([4, 16, 16, 64])
    """

    rank = 2


SeparableConvolution2D = SeparableConv2D
