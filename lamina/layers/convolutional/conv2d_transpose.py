"""Conv2DTranspose: the gradient of a 2-D convolution, used to upsample (decoders, U-Nets)."""

from .base_conv_transpose import BaseConvTranspose


class Conv2DTranspose(BaseConvTranspose):
    """2-D transposed convolution with a `(*kernel_size, filters, in_channels)` kernel.

    Output sizes follow TensorFlow: `"same"` gives `n * stride` per axis, `"valid"`
    `(n - 1) * stride + max(k_eff, stride)`; `output_padding` fixes the size explicitly to
    `(n - 1) * stride + k_eff + output_padding` (`valid`) or `... + k_eff % 2 + output_padding`
    (`same`).

    Args:
        filters: number of output channels.
        kernel_size: int or pair.
        strides: int or pair, default 1.
        padding: `"valid"` (default) or `"same"`.
        output_padding: int or pair below `strides`, or `None` (default).
        data_format: `"channels_last"` (default) or `"channels_first"`.
        dilation_rate: int or pair, default 1 (not with strides > 1).
        activation, use_bias, kernel_initializer, bias_initializer, kernel_regularizer,
        bias_regularizer, kernel_constraint, bias_constraint: as in `Dense`.

    Input shape:
        `(batch, rows, cols, channels)` (channels_last) or `(batch, channels, rows, cols)`.

    Output shape:
        `(batch, new_rows, new_cols, filters)`.

    Example:

    >>> Conv2DTranspose(8, 3, strides=2, padding="same")(torch.zeros(4, 7, 7, 16)).shape
    torch.Size([4, 14, 14, 8])
    """

    rank = 2


Convolution2DTranspose = Conv2DTranspose
