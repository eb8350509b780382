"""SeparableConv1D: a depthwise then a pointwise convolution over a sequence."""

from .base_separable_conv import BaseSeparableConv


class SeparableConv1D(BaseSeparableConv):
    """Per-channel filtering (`depth_multiplier` filters each), then a 1x1 convolution
    that mixes the channels into `filters` outputs; far fewer weights than a full convolution.

    Args:
        filters: number of output channels.
        kernel_size: int or 1-tuple.
        strides: int or 1-tuple, default 1.
        padding: `"valid"` (default) or `"same"`.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        dilation_rate: int or 1-tuple, default 1 (not with strides > 1).
        depth_multiplier: depthwise filters per input channel, default 1.
        activation, use_bias: as in `Dense`.
        depthwise_*, pointwise_*, bias_* initializer, regularizer and constraint: per weight.

    Input shape:
        `(batch, steps, channels)` (channels_last) or `(batch, channels, steps)`.

    Output shape:
        `(batch, new_steps, filters)`.

    Example:

    >>> SeparableConv1D(16, 3)(torch.zeros(4, 10, 8)).shape
    torch.Size([4, 8, 16])
    """

    rank = 1


SeparableConvolution1D = SeparableConv1D
