"""Conv2D: 2-D convolution over images, channels_last by default."""

from .base_conv import BaseConv


class Conv2D(BaseConv):
    """2-D convolution with a `(kh, kw, in_channels // groups, filters)` kernel.

    `padding="same"` pads like TensorFlow: when the total padding is odd, the extra
    row/column goes at the bottom/right, so strided and even-sized kernels match Keras.

    Args:
        filters: number of output channels.
        kernel_size: int or `(kh, kw)`.
        strides: int or `(sh, sw)`, default 1.
        padding: `"valid"` (default) or `"same"`.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        dilation_rate: int or pair, default 1 (not with strides > 1).
        groups: number of channel groups, dividing both input channels and `filters`.
        activation, use_bias, kernel_initializer, bias_initializer, kernel_regularizer,
        bias_regularizer, kernel_constraint, bias_constraint: as in `Dense`.

    Input shape:
        `(batch, rows, cols, channels)` (channels_last) or `(batch, channels, rows, cols)`.

    Output shape:
        `(batch, new_rows, new_cols, filters)`; `valid`: `floor((n - k_eff) / s) + 1`,
        `same`: `ceil(n / s)`.

    Example:

    >>> Conv2D(32, 3)(torch.zeros(4, 32, 32, 3)).shape
    torch.Size([4, 30, 30, 32])
    """

    rank = 2


Convolution2D = Conv2D
