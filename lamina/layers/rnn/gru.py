"""GRUCell and GRU, with Keras's gate order (z, r, h) and both `reset_after` conventions."""

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
from .fused import params

_CELL_KEYS = ("units", "activation", "recurrent_activation", "use_bias", "kernel_initializer",
              "recurrent_initializer", "bias_initializer", "kernel_regularizer", "recurrent_regularizer",
              "bias_regularizer", "kernel_constraint", "recurrent_constraint", "bias_constraint", "dropout",
              "recurrent_dropout", "reset_after", "seed")


class GRUCell(DropoutRNNCell, Layer):
    """One step of a gated recurrent unit, for `RNN(cell)`.

    The kernel is `(input_dim, 3 * units)` with the gates update (z), reset (r) and
    candidate (h). `reset_after=True` (Keras's default, and cuDNN's) applies the reset
    gate after the recurrent matmul and keeps two bias rows, `(2, 3 * units)`: input and
    recurrent; `reset_after=False` applies it before and keeps one bias `(3 * units,)`.

    Args:
        units: size of the output and state, a positive int.
        activation: `"tanh"`; recurrent_activation: `"sigmoid"`.
        use_bias, initializers, regularizers, constraints: as for `LSTMCell`.
        dropout, recurrent_dropout, seed: variational dropout, one mask per call.
        reset_after: the convention above.

    Input shape:
        `(batch, features)` and `[h]`, `(batch, units)`.

    Output shape:
        `(batch, units)` and `[h]`.

    Example:

    >>> GRUCell(4)(torch.zeros(2, 3), [torch.zeros(2, 4)])[0].shape
    torch.Size([2, 4])
    """

    _float_inputs = True

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal", bias_initializer="zeros",
                 kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None,
                 kernel_constraint=None, recurrent_constraint=None, bias_constraint=None, dropout=0.0,
                 recurrent_dropout=0.0, reset_after=True, seed=None, **kwargs):
        self.implementation = kwargs.pop("implementation", 2)
        super().__init__(**kwargs)
        set_cell_args(self, units, activation, use_bias,
                      (kernel_initializer, recurrent_initializer, bias_initializer),
                      (kernel_regularizer, recurrent_regularizer, bias_regularizer),
                      (kernel_constraint, recurrent_constraint, bias_constraint), dropout, recurrent_dropout, seed)
        self.recurrent_activation = get_activation("GRUCell", "recurrent_activation", recurrent_activation)
        self.reset_after = check_flag("GRUCell", "reset_after", reset_after)
        if self.recurrent_dropout:
            self.implementation = 1
        if self.implementation == 1:
            self.dropout_mask_count = 3
        self._generator = seeded_generator(seed)
        self.state_size = self.units
        self.output_size = self.units

    def build(self, input_shape):
        input_dim, u = check_input_dim(self, input_shape), self.units
        self.add_weight(shape=(input_dim, 3 * u), initializer=self.kernel_initializer, name="kernel",
                        regularizer=self.kernel_regularizer, memory_order=(1, 0))
        self.add_weight(shape=(u, 3 * u), initializer=self.recurrent_initializer, name="recurrent_kernel",
                        regularizer=self.recurrent_regularizer, memory_order=(1, 0))
        if self.use_bias:
            shape = (2, 3 * u) if self.reset_after else (3 * u,)
            self.add_weight(shape=shape, initializer=self.bias_initializer, name="bias",
                            regularizer=self.bias_regularizer)
        else:
            self.bias = None

    def call(self, inputs, states, training=False):
        h_tm1 = states[0] if isinstance(states, (list, tuple)) else states
        u = self.units
        dp_mask = self.get_dropout_mask(inputs) if training and 0 < self.dropout < 1 else None
        rec_mask = self.get_recurrent_dropout_mask(h_tm1) if training and 0 < self.recurrent_dropout < 1 else None
        xs = _per_gate(inputs, dp_mask)
        hs = _per_gate(h_tm1, rec_mask)
        input_bias = recurrent_bias = None
        if self.bias is not None:
            input_bias, recurrent_bias = (self.bias[0], self.bias[1]) if self.reset_after else (self.bias, None)
        k_z, k_r, k_h = self.kernel.split(u, 1)
        r_z, r_r, r_h = self.recurrent_kernel.split(u, 1)
        x = torch.cat([xs[0] @ k_z, xs[1] @ k_r, xs[2] @ k_h], 1)
        if input_bias is not None:
            x = x + input_bias
        x_z, x_r, x_h = x.split(u, 1)
        inner = torch.cat([hs[0] @ r_z, hs[1] @ r_r], 1)
        if self.reset_after:
            inner = torch.cat([inner, hs[2] @ r_h], 1)
            if recurrent_bias is not None:
                inner = inner + recurrent_bias
        z = self.recurrent_activation(x_z + inner[:, :u])
        r = self.recurrent_activation(x_r + inner[:, u:2 * u])
        recurrent_h = r * inner[:, 2 * u:] if self.reset_after else (r * hs[2]) @ r_h
        hh = self.activation(x_h + recurrent_h)
        h = z * h_tm1 + (1 - z) * hh
        return h, ([h] if isinstance(states, (list, tuple)) else h)

    def compute_output_shape(self, input_shape, states_shape=None):
        return (input_shape[0], self.units)

    def get_config(self):
        return {
            **super().get_config(),
            "units": self.units,
            "activation": activations.serialize(self.activation),
            "recurrent_activation": activations.serialize(self.recurrent_activation),
            "use_bias": self.use_bias,
            **weights_config(self),
            "dropout": self.dropout,
            "recurrent_dropout": self.recurrent_dropout,
            "reset_after": self.reset_after,
            "seed": self.seed,
        }

    def get_initial_state(self, batch_size=None):
        return [torch.zeros(batch_size, self.units)]


def _per_gate(tensor, mask):
    if mask is None:
        return [tensor] * 3
    if isinstance(mask, list):
        return [tensor * m for m in mask]
    return [tensor * mask] * 3


class GRU(CellLayer):
    """Gated recurrent unit over the time axis (Cho et al., 2014).

    With Keras's defaults (tanh, sigmoid, `reset_after=True`), no recurrent dropout in
    training, no unrolling and no mask or a right-padded one, it runs torch's fused GRU
    kernel (cuDNN on GPU) on the Keras-layout weights, gates reordered once per call;
    otherwise the step loop. Both give Keras's numbers.

    Args:
        units: size of the output and state, a positive int.
        activation, recurrent_activation, use_bias, initializers, regularizers,
        constraints, dropout, recurrent_dropout, seed, reset_after: as for `GRUCell`.
        return_sequences, return_state, go_backwards, stateful, unroll: as for `RNN`.
        use_cudnn: `"auto"`, True or False (accepted; the fused kernel is used when exact).

    Input shape:
        `(batch, timesteps, features)`.

    Output shape:
        `(batch, units)`, or `(batch, timesteps, units)` with `return_sequences`.

    Example:

    >>> GRU(4)(torch.zeros(2, 7, 3)).shape
    torch.Size([2, 4])
    """

    _cell_keys = _CELL_KEYS

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal", bias_initializer="zeros",
                 kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, recurrent_constraint=None,
                 bias_constraint=None, dropout=0.0, recurrent_dropout=0.0, seed=None, return_sequences=False,
                 return_state=False, go_backwards=False, stateful=False, unroll=False, reset_after=True,
                 use_cudnn="auto", **kwargs):
        cell = GRUCell(
            units, activation=activation, recurrent_activation=recurrent_activation, use_bias=use_bias,
            kernel_initializer=kernel_initializer, recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer, bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint, recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint, dropout=dropout, recurrent_dropout=recurrent_dropout,
            reset_after=reset_after, seed=seed, implementation=kwargs.pop("implementation", 2),
            **cell_kwargs(kwargs, "gru_cell"),
        )
        super().__init__(cell, return_sequences=return_sequences, return_state=return_state,
                         go_backwards=go_backwards, stateful=stateful, unroll=unroll,
                         activity_regularizer=activity_regularizer, **kwargs)
        self.input_spec = InputSpec(ndim=3)
        self._set_use_cudnn(use_cudnn)

    def _fused_kind(self, training):
        cell = self.cell
        ok = (cell.activation is activations.tanh and cell.recurrent_activation is activations.sigmoid
              and cell.reset_after and not (training and cell.recurrent_dropout) and self.use_cudnn is not False)
        return "gru" if ok else None

    def _fused_weights(self):
        cell = self.cell
        return params("gru", cell.kernel, cell.recurrent_kernel, cell.bias, cell.units)


cell_properties(GRU, *_CELL_KEYS)
