"""LSTMCell and LSTM, with Keras's gate order (i, f, c, o) in one kernel."""

import torch

from ... import activations
from ..input_spec import InputSpec
from ..layer import Layer
from .cell_args import (
    cell_kwargs,
    cell_properties,
    check_flag,
    check_input_dim,
    get_activation,
    set_cell_args,
    weights_config,
)
from .cell_layer import CellLayer
from .dropout_rnn_cell import DropoutRNNCell, seeded_generator

_CELL_KEYS = ("units", "activation", "recurrent_activation", "use_bias", "kernel_initializer",
              "recurrent_initializer", "bias_initializer", "unit_forget_bias", "kernel_regularizer",
              "recurrent_regularizer", "bias_regularizer", "kernel_constraint", "recurrent_constraint",
              "bias_constraint", "dropout", "recurrent_dropout", "seed")


class _ForgetBiasInitializer:
    """`bias_initializer` for the i and c, o gates, ones for the forget gate (Keras's
    `unit_forget_bias`)."""

    def __init__(self, base, units):
        self.base, self.units = base, units

    def __call__(self, shape, dtype=torch.float32):
        u = self.units
        return torch.cat([self.base((u,), dtype=dtype), torch.ones(u, dtype=dtype), self.base((2 * u,), dtype=dtype)])


class LSTMCell(DropoutRNNCell, Layer):
    """One step of a long short-term memory, for `RNN(cell)`.

    The kernel is `(input_dim, 4 * units)` with the gates in Keras's order input, forget,
    cell, output; `unit_forget_bias` starts the forget gate's bias at one. With
    `recurrent_dropout` each gate draws its own masks, as Keras's `implementation=1`.

    Args:
        units: size of the output and of both states, a positive int.
        activation: `"tanh"`; recurrent_activation: `"sigmoid"` (the gates).
        use_bias, unit_forget_bias: whether to add a bias, and start the forget gate's at 1.
        kernel_initializer, recurrent_initializer, bias_initializer: Keras defaults.
        dropout, recurrent_dropout, seed: variational dropout, one mask per call.

    Input shape:
        `(batch, features)` and the states `[h, c]`, each `(batch, units)`.

    Output shape:
        `(batch, units)` and `[h, c]`.

    Example:

    >>> LSTMCell(4)(torch.zeros(2, 3), [torch.zeros(2, 4), torch.zeros(2, 4)])[0].shape
    torch.Size([2, 4])
    """

    _float_inputs = True

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal", bias_initializer="zeros",
                 unit_forget_bias=True, kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, kernel_constraint=None, recurrent_constraint=None, bias_constraint=None,
                 dropout=0.0, recurrent_dropout=0.0, seed=None, **kwargs):
        self.implementation = kwargs.pop("implementation", 2)
        super().__init__(**kwargs)
        set_cell_args(self, units, activation, use_bias,
                      (kernel_initializer, recurrent_initializer, bias_initializer),
                      (kernel_regularizer, recurrent_regularizer, bias_regularizer),
                      (kernel_constraint, recurrent_constraint, bias_constraint), dropout, recurrent_dropout, seed)
        self.recurrent_activation = get_activation("LSTMCell", "recurrent_activation", recurrent_activation)
        self.unit_forget_bias = check_flag("LSTMCell", "unit_forget_bias", unit_forget_bias)
        if self.recurrent_dropout:
            self.implementation = 1
        if self.implementation == 1:
            self.dropout_mask_count = 4
        self._generator = seeded_generator(seed)
        self.state_size = [self.units, self.units]
        self.output_size = self.units

    def build(self, input_shape):
        input_dim, u = check_input_dim(self, input_shape), self.units
        self.add_weight(shape=(input_dim, 4 * u), initializer=self.kernel_initializer, name="kernel",
                        regularizer=self.kernel_regularizer, memory_order=(1, 0))
        self.add_weight(shape=(u, 4 * u), initializer=self.recurrent_initializer, name="recurrent_kernel",
                        regularizer=self.recurrent_regularizer, memory_order=(1, 0))
        if self.use_bias:
            init = _ForgetBiasInitializer(self.bias_initializer, u) if self.unit_forget_bias else self.bias_initializer
            self.add_weight(shape=(4 * u,), initializer=init, name="bias", regularizer=self.bias_regularizer)
        else:
            self.bias = None

    def call(self, inputs, states, training=False):
        h_tm1, c_tm1 = states[0], states[1]
        dp_mask = self.get_dropout_mask(inputs) if training and 0 < self.dropout < 1 else None
        rec_mask = self.get_recurrent_dropout_mask(h_tm1) if training and 0 < self.recurrent_dropout < 1 else None
        if isinstance(dp_mask, list) or isinstance(rec_mask, list):
            # One mask per gate: each gate sees its own dropped copy of x and h.
            kernels, recurrents = self.kernel.chunk(4, 1), self.recurrent_kernel.chunk(4, 1)
            xs = [inputs * m for m in dp_mask] if dp_mask is not None else [inputs] * 4
            hs = [h_tm1 * m for m in rec_mask] if rec_mask is not None else [h_tm1] * 4
            z = torch.cat([x @ k + h @ r for x, h, k, r in zip(xs, hs, kernels, recurrents)], 1)
        else:
            if dp_mask is not None:
                inputs = inputs * dp_mask
            z = inputs @ self.kernel + h_tm1 @ self.recurrent_kernel
        if self.bias is not None:
            z = z + self.bias
        z_i, z_f, z_c, z_o = z.chunk(4, 1)
        gate = self.recurrent_activation
        c = gate(z_f) * c_tm1 + gate(z_i) * self.activation(z_c)
        h = gate(z_o) * self.activation(c)
        return h, [h, c]

    def compute_output_shape(self, input_shape, states_shape=None):
        return (input_shape[0], self.units)

    def get_config(self):
        weights = weights_config(self)
        return {
            **super().get_config(),
            "units": self.units,
            "activation": activations.serialize(self.activation),
            "recurrent_activation": activations.serialize(self.recurrent_activation),
            "use_bias": self.use_bias,
            "unit_forget_bias": self.unit_forget_bias,
            **weights,
            "dropout": self.dropout,
            "recurrent_dropout": self.recurrent_dropout,
            "seed": self.seed,
        }

    def get_initial_state(self, batch_size=None):
        return [torch.zeros(batch_size, self.units), torch.zeros(batch_size, self.units)]


class LSTM(CellLayer):
    """Long short-term memory over the time axis (Hochreiter & Schmidhuber, 1997).

    With Keras's default activations (tanh, sigmoid), no recurrent dropout in training,
    no unrolling and no mask or a right-padded one, it runs torch's fused LSTM kernel
    (cuDNN on GPU) on the Keras-layout weights; otherwise the step loop. Both give
    Keras's numbers.

    Args:
        units: size of the output and states, a positive int.
        activation, recurrent_activation, use_bias, unit_forget_bias, initializers,
        regularizers, constraints, dropout, recurrent_dropout, seed: as for `LSTMCell`.
        return_sequences, return_state, go_backwards, stateful, unroll: as for `RNN`.
        use_cudnn: `"auto"`, True or False (accepted; the fused kernel is used when exact).

    Input shape:
        `(batch, timesteps, features)`.

    Output shape:
        `(batch, units)`, or `(batch, timesteps, units)` with `return_sequences`; with
        `return_state`, `[output, h, c]`.

    Example:

    >>> LSTM(4, return_sequences=True)(torch.zeros(2, 7, 3)).shape
    torch.Size([2, 7, 4])
    """

    _cell_keys = _CELL_KEYS

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal", bias_initializer="zeros",
                 unit_forget_bias=True, kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, dropout=0.0, recurrent_dropout=0.0, seed=None,
                 return_sequences=False, return_state=False, go_backwards=False, stateful=False, unroll=False,
                 use_cudnn="auto", **kwargs):
        cell = LSTMCell(
            units, activation=activation, recurrent_activation=recurrent_activation, use_bias=use_bias,
            kernel_initializer=kernel_initializer, unit_forget_bias=unit_forget_bias,
            recurrent_initializer=recurrent_initializer, bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer, recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer, kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint, bias_constraint=bias_constraint, dropout=dropout,
            recurrent_dropout=recurrent_dropout, seed=seed, implementation=kwargs.pop("implementation", 2),
            **cell_kwargs(kwargs, "lstm_cell"),
        )
        super().__init__(cell, return_sequences=return_sequences, return_state=return_state,
                         go_backwards=go_backwards, stateful=stateful, unroll=unroll,
                         activity_regularizer=activity_regularizer, **kwargs)
        self.input_spec = InputSpec(ndim=3)
        self._set_use_cudnn(use_cudnn)

    def _fused_kind(self, training):
        cell = self.cell
        ok = (cell.activation is activations.tanh and cell.recurrent_activation is activations.sigmoid
              and not (training and cell.recurrent_dropout) and self.use_cudnn is not False)
        return "lstm" if ok else None

    def _fused_weights(self):
        cell = self.cell
        w = [cell.kernel.t(), cell.recurrent_kernel.t()]
        return w + [cell.bias, torch.zeros_like(cell.bias)] if cell.bias is not None else w


cell_properties(LSTM, *_CELL_KEYS)
