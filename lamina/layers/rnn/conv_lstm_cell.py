"""ConvLSTMCell: an LSTM step whose matmuls are convolutions (Shi et al., 2015)."""

from ... import activations
from ...config import standardize_data_format
from ...shapes import channel_axis, conv_output_length, normalize_padding, normalize_tuple
from ..convolutional.base_conv import CONV, conv_padding
from ..layer import Layer
from ..layout import from_kernel_layout, lift, lift_kernel, to_kernel_layout
from .cell_args import check_flag, get_activation, set_cell_args, weights_config
from .dropout_rnn_cell import DropoutRNNCell, seeded_generator
from .lstm import _ForgetBiasInitializer


class ConvLSTMCell(DropoutRNNCell, Layer):
    """One ConvLSTM step for `rank`-D inputs (used by ConvLSTM1D/2D/3D).

    The kernel is `(*kernel_size, channels, 4 * filters)` and the recurrent kernel
    `(*kernel_size, filters, 4 * filters)`, gates in LSTM order (i, f, c, o); the recurrent
    convolution is "same" with stride 1. Each gate draws its own dropout masks.

    Args:
        rank: 1, 2 or 3.
        filters, kernel_size, strides, padding, data_format, dilation_rate: as for ConvND.
        Others: as for `LSTMCell`.

    Output shape:
        `(batch, *spatial_out, filters)` (channels last) and the states `[h, c]`.
    """

    _float_inputs = True

    def __init__(self, rank, filters, kernel_size, strides=1, padding="valid", data_format=None, dilation_rate=1,
                 activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal", bias_initializer="zeros",
                 unit_forget_bias=True, kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, kernel_constraint=None, recurrent_constraint=None, bias_constraint=None,
                 dropout=0.0, recurrent_dropout=0.0, seed=None, **kwargs):
        super().__init__(**kwargs)
        if rank not in (1, 2, 3):
            raise ValueError(f"ConvLSTMCell: rank must be 1, 2 or 3. Received: rank={rank!r}")
        self.rank = rank
        if isinstance(filters, bool) or not isinstance(filters, int) or filters <= 0:
            raise ValueError(f"ConvLSTM: `filters` must be a positive integer. Received: filters={filters!r}")
        set_cell_args(self, filters, activation, use_bias,
                      (kernel_initializer, recurrent_initializer, bias_initializer),
                      (kernel_regularizer, recurrent_regularizer, bias_regularizer),
                      (kernel_constraint, recurrent_constraint, bias_constraint), dropout, recurrent_dropout, seed)
        self.filters = self.__dict__.pop("units")
        self.kernel_size = normalize_tuple(kernel_size, rank, "kernel_size")
        self.strides = normalize_tuple(strides, rank, "strides")
        self.padding = normalize_padding(padding)
        self.data_format = standardize_data_format(data_format)
        self.dilation_rate = normalize_tuple(dilation_rate, rank, "dilation_rate")
        if max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise ValueError(
                "ConvLSTM: `strides > 1` is not compatible with `dilation_rate > 1`. Received: "
                f"strides={self.strides} and dilation_rate={self.dilation_rate}"
            )
        self.recurrent_activation = get_activation("ConvLSTMCell", "recurrent_activation", recurrent_activation)
        self.unit_forget_bias = check_flag("ConvLSTMCell", "unit_forget_bias", unit_forget_bias)
        self._generator = seeded_generator(seed)
        self.dropout_mask_count = 4
        self.state_size = -1  # the states are feature maps: see `ConvLSTM._initial_states`

    def build(self, input_shape, states_shape=None):
        channels = input_shape[channel_axis(self.data_format)]
        spatial = input_shape[2:] if self.data_format == "channels_first" else input_shape[1:-1]
        if channels is None or None in spatial or len(input_shape) != self.rank + 2:
            raise ValueError(
                f"ConvLSTM '{self.name}' needs static spatial and channel sizes, rank {self.rank + 2} per step; "
                f"received step shape {tuple(input_shape)}."
            )
        out = self.compute_output_shape(tuple(input_shape))
        spatial_out = out[2:] if self.data_format == "channels_first" else out[1:-1]
        if any(n <= 0 for n in spatial_out):
            raise ValueError(
                f"ConvLSTM '{self.name}': the step shape {tuple(input_shape)} is smaller than the dilated "
                f"kernel {self.kernel_size}; the output would be empty ({out}). Use padding='same' or "
                "larger feature maps."
            )
        f = self.filters
        self.add_weight(shape=(*self.kernel_size, channels, 4 * f), initializer=self.kernel_initializer,
                        name="kernel", regularizer=self.kernel_regularizer)
        self.add_weight(shape=(*self.kernel_size, f, 4 * f), initializer=self.recurrent_initializer,
                        name="recurrent_kernel", regularizer=self.recurrent_regularizer)
        if self.use_bias:
            init = _ForgetBiasInitializer(self.bias_initializer, f) if self.unit_forget_bias else self.bias_initializer
            self.add_weight(shape=(4 * f,), initializer=init, name="bias", regularizer=self.bias_regularizer)
        else:
            self.bias = None

    def _conv(self, x, kernel, bias, padding, strides, dilation):
        x = to_kernel_layout(x, self.data_format, self.rank)
        x, pads = conv_padding(x, padding, lift(self.kernel_size), lift(strides), lift(dilation))
        y = CONV[len(lift(self.kernel_size))](x, lift_kernel(kernel, self.rank), bias, lift(strides), pads,
                                               lift(dilation))
        return from_kernel_layout(y, self.data_format, self.rank)

    def call(self, inputs, states, training=False):
        h_tm1, c_tm1 = states[0], states[1]
        dp = self.get_dropout_mask(inputs) if training and 0 < self.dropout < 1 else None
        rec = self.get_recurrent_dropout_mask(h_tm1) if training and 0 < self.recurrent_dropout < 1 else None
        kernels = self.kernel.chunk(4, -1)
        recurrents = self.recurrent_kernel.chunk(4, -1)
        biases = self.bias.chunk(4) if self.bias is not None else [None] * 4
        one = (1,) * self.rank
        gates = []
        for g in range(4):
            x = inputs * dp[g] if dp is not None else inputs
            h = h_tm1 * rec[g] if rec is not None else h_tm1
            gates.append(self._conv(x, kernels[g], biases[g], self.padding, self.strides, self.dilation_rate)
                         + self._conv(h, recurrents[g], None, "same", one, one))
        act, gate = self.activation, self.recurrent_activation
        c = gate(gates[1]) * c_tm1 + gate(gates[0]) * act(gates[2])
        h = gate(gates[3]) * act(c)
        return h, [h, c]

    def compute_output_shape(self, input_shape, states_shape=None):
        first = self.data_format == "channels_first"
        spatial = input_shape[2:] if first else input_shape[1:-1]
        out = tuple(conv_output_length(n, k, s, self.padding, d)
                    for n, k, s, d in zip(spatial, self.kernel_size, self.strides, self.dilation_rate))
        return (input_shape[0], self.filters, *out) if first else (input_shape[0], *out, self.filters)

    def get_config(self):
        return {
            **super().get_config(),
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
            "activation": activations.serialize(self.activation),
            "recurrent_activation": activations.serialize(self.recurrent_activation),
            "use_bias": self.use_bias,
            **weights_config(self),
            "unit_forget_bias": self.unit_forget_bias,
            "dropout": self.dropout,
            "recurrent_dropout": self.recurrent_dropout,
            "seed": self.seed,
        }
