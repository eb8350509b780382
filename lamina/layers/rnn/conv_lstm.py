"""ConvLSTM1D/2D/3D: `RNN` over a ConvLSTMCell, for sequences of feature maps."""

import torch

from ... import regularizers
from ..input_spec import InputSpec
from .cell_args import cell_kwargs, cell_properties, layer_config
from .conv_lstm_cell import ConvLSTMCell
from .rnn import RNN, _flatten

_CELL_KEYS = ("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "activation",
              "recurrent_activation", "use_bias", "kernel_initializer", "recurrent_initializer",
              "bias_initializer", "unit_forget_bias", "kernel_regularizer", "recurrent_regularizer",
              "bias_regularizer", "kernel_constraint", "recurrent_constraint", "bias_constraint", "dropout",
              "recurrent_dropout", "seed")


class ConvLSTM(RNN):
    """The shared body of ConvLSTM1D/2D/3D: an LSTM whose gates are convolutions.

    Input shape:
        `(batch, time, *spatial, channels)` (channels last) or `(batch, time, channels, *spatial)`.

    Output shape:
        `(batch, *spatial_out, filters)`, with a time axis after the batch under
        `return_sequences`; with `return_state`, `[output, h, c]`.
    """

    def __init__(self, rank, filters, kernel_size, strides=1, padding="valid", data_format=None, dilation_rate=1,
                 activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal", bias_initializer="zeros",
                 unit_forget_bias=True, kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, dropout=0.0, recurrent_dropout=0.0, seed=None,
                 return_sequences=False, return_state=False, go_backwards=False, stateful=False, **kwargs):
        cell = ConvLSTMCell(
            rank=rank, filters=filters, kernel_size=kernel_size, strides=strides, padding=padding,
            data_format=data_format, dilation_rate=dilation_rate, activation=activation,
            recurrent_activation=recurrent_activation, use_bias=use_bias, kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer, bias_initializer=bias_initializer,
            unit_forget_bias=unit_forget_bias, kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer, bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint, recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint, dropout=dropout, recurrent_dropout=recurrent_dropout, seed=seed,
            **cell_kwargs(kwargs, "conv_lstm_cell"),
        )
        super().__init__(cell, return_sequences=return_sequences, return_state=return_state,
                         go_backwards=go_backwards, stateful=stateful, activity_regularizer=activity_regularizer,
                         **kwargs)
        self.state_size = [-1, -1]  # two feature-map states
        self.single_state = False
        self.input_spec = InputSpec(ndim=rank + 3)

    def build(self, sequences_shape, initial_state_shape=None):
        super().build(sequences_shape, initial_state_shape)
        # Keras fixes the feature-map size at build (the states have that size).
        axes = {axis: size for axis, size in enumerate(sequences_shape) if axis >= 2}
        self.input_spec = InputSpec(ndim=len(sequences_shape), axes=axes)

    def call(self, sequences, initial_state=None, mask=None, training=False):
        return super().call(sequences, initial_state=initial_state, mask=mask, training=training)

    def get_initial_state(self, batch_size, like=None):
        step = (batch_size, *like.shape[2:])
        shape = self.cell.compute_output_shape(step)
        return [torch.zeros(shape, dtype=like.dtype, device=like.device) for _ in range(2)]

    def _initial_states(self, sequences, initial_state):
        if initial_state is None or (self.stateful and self.states is not None and initial_state is None):
            return super()._initial_states(sequences, None)
        states = [torch.as_tensor(s).to(device=sequences.device, dtype=sequences.dtype)
                  for s in _flatten(initial_state)]
        want = tuple(self.cell.compute_output_shape((sequences.shape[0], *sequences.shape[2:])))
        if len(states) != 2 or any(tuple(s.shape) != want for s in states):
            raise ValueError(
                f"{type(self).__name__} '{self.name}' expects 2 initial states of shape {want}; received "
                f"{[tuple(s.shape) for s in states]}."
            )
        return states

    def compute_output_shape(self, sequences_shape, initial_state_shape=None):
        batch = sequences_shape[0]
        state = tuple(self.cell.compute_output_shape((batch, *sequences_shape[2:])))
        output = (batch, sequences_shape[1], *state[1:]) if self.return_sequences else state
        return [output, state, state] if self.return_state else output

    def get_config(self):
        config = layer_config(self, super().get_config(), _CELL_KEYS)
        config["activity_regularizer"] = regularizers.serialize(self.activity_regularizer)
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None, safe_mode=True):
        return cls(**config)


cell_properties(ConvLSTM, *_CELL_KEYS)


class ConvLSTM1D(ConvLSTM):
    """1-D ConvLSTM over `(batch, time, steps, channels)`.

    Example:

    >>> ConvLSTM1D(4, 3)(torch.zeros(2, 5, 8, 3)).shape
    torch.Size([2, 6, 4])
    """

    def __init__(self, filters, kernel_size, **kwargs):
        super().__init__(1, filters, kernel_size, **kwargs)


class ConvLSTM2D(ConvLSTM):
    """2-D ConvLSTM over `(batch, time, rows, cols, channels)`.

    Example:

    >>> ConvLSTM2D(4, 3)(torch.zeros(2, 5, 8, 8, 3)).shape
    torch.Size([2, 6, 6, 4])
    """

    def __init__(self, filters, kernel_size, **kwargs):
        super().__init__(2, filters, kernel_size, **kwargs)


class ConvLSTM3D(ConvLSTM):
    """3-D ConvLSTM over `(batch, time, d1, d2, d3, channels)`.

    Example:

    >>> ConvLSTM3D(2, 3)(torch.zeros(1, 3, 5, 5, 5, 1)).shape
    torch.Size([1, 3, 3, 3, 2])
    """

    def __init__(self, filters, kernel_size, **kwargs):
        super().__init__(3, filters, kernel_size, **kwargs)
