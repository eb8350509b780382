"""Conv1D: 1-D convolution over sequences, channels_last by default."""

from .base_conv import BaseConv


class Conv1D(BaseConv):
    """1-D convolution with a `(k, in_channels // groups, filters)` kernel.

    `padding="causal"` pads `dilation_rate * (kernel_size - 1)` steps before the start only,
    so output step `t` sees inputs up to `t` (WaveNet-style temporal models).

    Args:
        filters: number of output channels.
        kernel_size: int or 1-tuple.
        strides: int or 1-tuple, default 1.
        padding: `"valid"` (default), `"same"` or `"causal"`.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        dilation_rate: int or 1-tuple, default 1 (not with strides > 1).
        groups: number of channel groups, dividing both input channels and `filters`.
        activation, use_bias, kernel_initializer, bias_initializer, kernel_regularizer,
        bias_regularizer, kernel_constraint, bias_constraint: as in `Dense`.

    Input shape:
        `(batch, steps, channels)` (channels_last) or `(batch, channels, steps)`.

    Output shape:
        `(batch, new_steps, filters)`; `valid`: `floor((n - k_eff) / s) + 1`,
        `same`/`causal`: `ceil(n / s)`.

    Example:

    >>> Conv1D(32, 3, padding="causal")(torch.zeros(4, 10, 8)).shape
    torch.Size([4, 10, 32])
    """

    rank = 1


Convolution1D = Conv1D
