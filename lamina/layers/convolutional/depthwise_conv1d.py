"""DepthwiseConv1D: one set of filters per input channel of a sequence."""

from .base_depthwise_conv import BaseDepthwiseConv


class DepthwiseConv1D(BaseDepthwiseConv):
    """Convolves each input channel with its own `depth_multiplier` filters; channels never mix.

    Output channel `c * depth_multiplier + m` is input channel `c` under filter `m`.

    Args:
        kernel_size: int or 1-tuple.
        strides: int or 1-tuple, default 1.
        padding: `"valid"` (default) or `"same"`.
        depth_multiplier: filters per input channel, default 1.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        dilation_rate: int or 1-tuple, default 1 (not with strides > 1).
        activation, use_bias: as in `Dense`.
        depthwise_initializer, depthwise_regularizer, depthwise_constraint: for the
            `(k, in_channels, depth_multiplier)` kernel.
        bias_initializer, bias_regularizer, bias_constraint: for the bias.

    Input shape:
        `(batch, steps, channels)` (channels_last) or `(batch, channels, steps)`.

    Output shape:
        `(batch, new_steps, channels * depth_multiplier)`.

    Example:

    >>> DepthwiseConv1D(3, depth_multiplier=2)(torch.zeros(4, 10, 8)).shape
    torch.Size([4, 8, 16])
    """

    rank = 1
