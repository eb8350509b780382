"""Conv1DTranspose: the gradient of a 1-D convolution, used to upsample (decoders, U-Nets)."""

from .base_conv_transpose import BaseConvTranspose


class Conv1DTranspose(BaseConvTranspose):
    """1-D transposed convolution with a `(*kernel_size, filters, in_channels)` kernel.

    Output sizes follow TensorFlow: `"same"` gives `n * stride` per axis, `"valid"`
    `(n - 1) * stride + max(k_eff, stride)`; `output_padding` fixes the size explicitly to
    `(n - 1) * stride + k_eff + output_padding` (`valid`) or `... + k_eff % 2 + output_padding`
    (`same`).

    Args:
        filters: number of output channels.
        kernel_size: int or 1-tuple.
        strides: int or 1-tuple, default 1.
        padding: `"valid"` (default) or `"same"`.
        output_padding: int or 1-tuple below `strides`, or `None` (default).
        data_format: `"channels_last"` (default) or `"channels_first"`.
        dilation_rate: int or 1-tuple, default 1 (not with strides > 1).
        activation, use_bias, kernel_initializer, bias_initializer, kernel_regularizer,
        bias_regularizer, kernel_constraint, bias_constraint: as in `Dense`.

    Input shape:
        `(batch, steps, channels)` (channels_last) or `(batch, channels, steps)`.

    Output shape:
        `(batch, new_steps, filters)`.

    Example:

    >>> Conv1DTranspose(8, 3, strides=2, padding="same")(torch.zeros(4, 10, 16)).shape
    torch.Size([4, 20, 8])
    """

    rank = 1


Convolution1DTranspose = Conv1DTranspose
