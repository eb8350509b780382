"""Conv3DTranspose: the gradient of a 3-D convolution, used to upsample (decoders, U-Nets)."""

from .base_conv_transpose import BaseConvTranspose


class Conv3DTranspose(BaseConvTranspose):
    """3-D transposed convolution with a `(*kernel_size, filters, in_channels)` kernel.

    Output sizes follow TensorFlow: `"same"` gives `n * stride` per axis, `"valid"`
    `(n - 1) * stride + max(k_eff, stride)`; `output_padding` fixes the size explicitly to
    `(n - 1) * stride + k_eff + output_padding` (`valid`) or `... + k_eff % 2 + output_padding`
    (`same`).

    Args:
        filters: number of output channels.
        kernel_size: int or 3-tuple.
        strides: int or 3-tuple, default 1.
        padding: `"valid"` (default) or `"same"`.
        output_padding: int or 3-tuple below `strides`, or `None` (default).
        data_format: `"channels_last"` (default) or `"channels_first"`.
        dilation_rate: int or 3-tuple, default 1 (not with strides > 1).
        activation, use_bias, kernel_initializer, bias_initializer, kernel_regularizer,
        bias_regularizer, kernel_constraint, bias_constraint: as in `Dense`.

    Input shape:
        `(batch, depth, rows, cols, channels)` (channels_last) or
        `(batch, channels, depth, rows, cols)`.

    Output shape:
        `(batch, new_depth, new_rows, new_cols, filters)`.

    Example:

    >>> Conv3DTranspose(8, 3, strides=2, padding="same")(torch.zeros(2, 4, 4, 4, 16)).shape
    torch.Size([2, 8, 8, 8, 8])
    """

    rank = 3

    # Keras puts `data_format` before `output_padding` here (only in 3-D); positional calls
    # must mean the same thing.
    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format=None,
                 output_padding=None, dilation_rate=1, **kwargs):
        super().__init__(filters, kernel_size, strides, padding, output_padding=output_padding,
                         data_format=data_format, dilation_rate=dilation_rate, **kwargs)


Convolution3DTranspose = Conv3DTranspose
