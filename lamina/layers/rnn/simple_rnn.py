"""SimpleRNNCell and SimpleRNN: `h_t = activation(x_t @ kernel + h_{t-1} @ recurrent_kernel + bias)`."""

import torch

from ... import activations
from ..input_spec import InputSpec
from ..layer import Layer
from .cell_args import (
    WEIGHTS,
    cell_kwargs,
    cell_properties,
    check_input_dim,
    set_cell_args,
    weights_config,
)
from .cell_layer import CellLayer
from .dropout_rnn_cell import DropoutRNNCell, seeded_generator

_CELL_KEYS = ("units", "activation", "use_bias", "kernel_initializer", "recurrent_initializer",
              "bias_initializer", "kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
              "kernel_constraint", "recurrent_constraint", "bias_constraint", "dropout", "recurrent_dropout")


class SimpleRNNCell(DropoutRNNCell, Layer):
    """One step of a fully connected RNN, for `RNN(cell)`.

    Args:
        units: size of the output and state, a positive int.
        activation: `"tanh"` by default; `None` is linear.
        use_bias: whether to add a bias.
        kernel_initializer, recurrent_initializer, bias_initializer: Keras defaults
            `"glorot_uniform"`, `"orthogonal"`, `"zeros"`.
        dropout, recurrent_dropout: fractions of the input / state units dropped in
            training, with one mask for all steps of a call.
        seed: seed of the dropout masks.

    Input shape:
        `(batch, features)` and a list with one state `(batch, units)`.

    Output shape:
        `(batch, units)` and `[new_state]`.

    Example:

    >>> SimpleRNNCell(4)(torch.zeros(2, 3), [torch.zeros(2, 4)])[0].shape
    torch.Size([2, 4])
    """

    _float_inputs = True

    def __init__(self, units, activation="tanh", use_bias=True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros", kernel_regularizer=None,
                 recurrent_regularizer=None, bias_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, dropout=0.0, recurrent_dropout=0.0,
                 seed=None, **kwargs):
        super().__init__(**kwargs)
        set_cell_args(self, units, activation, use_bias,
                      (kernel_initializer, recurrent_initializer, bias_initializer),
                      (kernel_regularizer, recurrent_regularizer, bias_regularizer),
                      (kernel_constraint, recurrent_constraint, bias_constraint), dropout, recurrent_dropout, seed)
        self._generator = seeded_generator(seed)
        self.state_size = self.units
        self.output_size = self.units

    def build(self, input_shape):
        input_dim = check_input_dim(self, input_shape)
        for prefix, shape in zip(WEIGHTS, ((input_dim, self.units), (self.units, self.units), (self.units,))):
            if prefix == "bias" and not self.use_bias:
                self.bias = None
                continue
            self.add_weight(shape=shape, initializer=getattr(self, f"{prefix}_initializer"),
                            regularizer=getattr(self, f"{prefix}_regularizer"),
                            name="recurrent_kernel" if prefix == "recurrent" else prefix,
                            memory_order=(1, 0) if len(shape) == 2 else None)

    def call(self, sequence, states, training=False):
        previous = states[0] if isinstance(states, (list, tuple)) else states
        dp_mask = self.get_dropout_mask(sequence)
        rec_dp_mask = self.get_recurrent_dropout_mask(previous)
        if training and dp_mask is not None:
            sequence = sequence * dp_mask
        h = torch.matmul(sequence, self.kernel)
        if self.bias is not None:
            h = h + self.bias
        if training and rec_dp_mask is not None:
            previous = previous * rec_dp_mask
        output = self.activation(h + torch.matmul(previous, self.recurrent_kernel))
        return output, ([output] if isinstance(states, (list, tuple)) else output)

    def compute_output_shape(self, input_shape, states_shape=None):
        return (input_shape[0], self.units)

    def get_config(self):
        return {
            **super().get_config(),
            "units": self.units,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            **weights_config(self),
            "dropout": self.dropout,
            "recurrent_dropout": self.recurrent_dropout,
            "seed": self.seed,
        }

    def get_initial_state(self, batch_size=None):
        return [torch.zeros(batch_size, self.units)]


class SimpleRNN(CellLayer):
    """A fully connected RNN whose output is fed back as the next step's state.

    With the default `tanh` activation and no recurrent dropout, mask or unrolling, it runs
    torch's fused `rnn_tanh` kernel; otherwise the step loop. Both give Keras's numbers.

    Args:
        units: size of the output and state, a positive int.
        activation, use_bias, initializers, regularizers, constraints, dropout,
        recurrent_dropout, seed: as for `SimpleRNNCell`.
        return_sequences, return_state, go_backwards, stateful, unroll: as for `RNN`.

    Input shape:
        `(batch, timesteps, features)`.

    Output shape:
        `(batch, units)`, or `(batch, timesteps, units)` with `return_sequences`.

    Example:

    >>> SimpleRNN(4)(torch.zeros(2, 7, 3)).shape
    torch.Size([2, 4])
    """

    _cell_keys = _CELL_KEYS

    def __init__(self, units, activation="tanh", use_bias=True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros", kernel_regularizer=None,
                 recurrent_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, recurrent_constraint=None, bias_constraint=None, dropout=0.0,
                 recurrent_dropout=0.0, return_sequences=False, return_state=False, go_backwards=False,
                 stateful=False, unroll=False, seed=None, **kwargs):
        cell = SimpleRNNCell(
            units, activation=activation, use_bias=use_bias, kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer, bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer, recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer, kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint, bias_constraint=bias_constraint, dropout=dropout,
            recurrent_dropout=recurrent_dropout, seed=seed, **cell_kwargs(kwargs, "simple_rnn_cell"),
        )
        super().__init__(cell, return_sequences=return_sequences, return_state=return_state,
                         go_backwards=go_backwards, stateful=stateful, unroll=unroll,
                         activity_regularizer=activity_regularizer, **kwargs)
        self.input_spec = InputSpec(ndim=3)

    def _fused_kind(self, training):
        cell = self.cell
        ok = cell.activation is activations.tanh and not (training and cell.recurrent_dropout)
        return "rnn_tanh" if ok else None

    def _fused_weights(self):
        cell = self.cell
        w = [cell.kernel.t(), cell.recurrent_kernel.t()]
        return w + [cell.bias, torch.zeros_like(cell.bias)] if cell.bias is not None else w


cell_properties(SimpleRNN, *_CELL_KEYS, "seed")
