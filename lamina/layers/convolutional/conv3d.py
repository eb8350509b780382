"""Conv3D: 3-D convolution over volumes (video, medical scans), channels_last by default."""

from .base_conv import BaseConv


class Conv3D(BaseConv):
    """3-D convolution with a `(kd, kh, kw, in_channels // groups, filters)` kernel.

    `padding="same"` pads like TensorFlow: an odd total padding puts the extra cell at the end
    of each axis.

    Args:
        filters: number of output channels.
        kernel_size: int or 3-tuple.
        strides: int or 3-tuple, default 1.
        padding: `"valid"` (default) or `"same"`.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        dilation_rate: int or 3-tuple, default 1 (not with strides > 1).
        groups: number of channel groups, dividing both input channels and `filters`.
        activation, use_bias, kernel_initializer, bias_initializer, kernel_regularizer,
        bias_regularizer, kernel_constraint, bias_constraint: as in `Dense`.

    Input shape:
        `(batch, depth, rows, cols, channels)` (channels_last) or
        `(batch, channels, depth, rows, cols)`.

    Output shape:
        `(batch, new_depth, new_rows, new_cols, filters)`, each axis as in `Conv2D`.

    Example:

    >>> Conv3D(8, 3)(torch.zeros(2, 10, 10, 10, 1)).shape
    torch.Size([2, 8, 8, 8, 8])
    """

    rank = 3


Convolution3D = Conv3D
