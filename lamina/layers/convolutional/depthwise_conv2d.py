"""DepthwiseConv2D: one set of filters per input channel of an image (MobileNet blocks)."""

from .base_depthwise_conv import BaseDepthwiseConv


class DepthwiseConv2D(BaseDepthwiseConv):
    """Convolves each input channel with its own `depth_multiplier` filters; channels never mix.

    Output channel `c * depth_multiplier + m` is input channel `c` under filter `m`.

    Args:
        kernel_size: int or `(kh, kw)`.
        strides: int or pair, default 1.
        padding: `"valid"` (default) or `"same"`.
        depth_multiplier: filters per input channel, default 1.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        dilation_rate: int or pair, default 1 (not with strides > 1).
        activation, use_bias: as in `Dense`.
        depthwise_initializer, depthwise_regularizer, depthwise_constraint: for the
            `(kh, kw, in_channels, depth_multiplier)` kernel.
        bias_initializer, bias_regularizer, bias_constraint: for the bias.

    Input shape:
        `(batch, rows, cols, channels)` (channels_last) or `(batch, channels, rows, cols)`.

    Output shape:
        `(batch, new_rows, new_cols, channels * depth_multiplier)`.

    Example:

    >>> DepthwiseConv2D(3, padding="same")(torch.zeros(4, 16, 16, 32)).shape
    torch.Size([4, 16, 16, 32])
    """

    rank = 2
