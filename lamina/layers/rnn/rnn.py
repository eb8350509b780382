"""RNN: runs a cell over the time axis, with Keras's options, masking and stateful mode."""

import torch

from ..core.wrapper import deserialize_nested, serialize_nested
from ..layer import Layer
from .cell_args import check_flag
from .dropout_rnn_cell import DropoutRNNCell
from .fused import right_padded_lengths, run_fused
from .rnn_loop import run_loop


def _flat_sizes(state_size) -> list:
    sizes = [state_size] if isinstance(state_size, int) else list(state_size)
    return [s for size in sizes for s in ([size] if isinstance(size, int) else _flat_sizes(size))]


def _pack(structure, flat):
    """`flat` states shaped like `structure` (ints and lists of ints)."""
    flat, packed = list(flat), []
    for size in structure:
        if isinstance(size, int):
            packed.append(flat.pop(0))
        else:
            n = len(_flat_sizes(size))
            packed.append(_pack(size, flat[:n]))
            del flat[:n]
    return packed


def _flatten(states) -> list:
    if isinstance(states, (list, tuple)):
        return [t for s in states for t in _flatten(s)]
    return [states]


class RNN(Layer):
    """Runs a recurrent cell over the time axis of `(batch, timesteps, ...)` inputs.

    A cell is a layer with `call(inputs, states, training)` returning `(output,
    new_states)` and a `state_size` (an int or a list of them); a list of cells is stacked
    (`StackedRNNCells`). A mask (from `Embedding(mask_zero=True)`, `Masking` or `mask=`)
    skips steps: the states carry over and the output repeats the previous one (zero with
    `zero_output_for_mask`).

    Args:
        cell: an RNN cell, or a list of cells.
        return_sequences: return every step's output `(batch, timesteps, units)`, not the last.
        return_state: also return the final states, after the output.
        go_backwards: read the sequence from the end (outputs come in that order).
        stateful: the final states of a batch are the initial states of the next one, until
            `reset_states()`.
        unroll: accepted as in Keras (the loop runs step by step either way).
        zero_output_for_mask: masked steps output zeros instead of repeating the last output.

    Input shape:
        `(batch, timesteps, ...)`; `timesteps` may be `None`.

    Output shape:
        `(batch, units)`, or `(batch, timesteps, units)` with `return_sequences`; with
        `return_state`, a list `[output, *states]`.

    Example:

    >>> RNN(LSTMCell(4))(torch.zeros(2, 7, 3)).shape
    torch.Size([2, 4])
    """

    _computes_mask = True

    def __init__(self, cell, return_sequences: bool = False, return_state: bool = False,
                 go_backwards: bool = False, stateful: bool = False, unroll: bool = False,
                 zero_output_for_mask: bool = False, **kwargs):
        if isinstance(cell, (list, tuple)):
            from .stacked_rnn_cells import StackedRNNCells

            cell = StackedRNNCells(cell)
        name = type(self).__name__
        if not callable(getattr(cell, "call", None)):
            raise ValueError(f"{name}: argument `cell` should have a `call` method. Received: cell={cell!r}")
        state_size = getattr(cell, "state_size", None)
        if state_size is None or not isinstance(state_size, (int, list, tuple)) or isinstance(state_size, bool):
            raise ValueError(
                f"{name}: the RNN cell should have a `state_size` attribute (an integer or a list of "
                f"integers, one per state). Received: cell={cell!r}"
            )
        super().__init__(**kwargs)
        self.supports_masking = True
        self.cell = cell
        self.return_sequences = check_flag(name, "return_sequences", return_sequences)
        self.return_state = check_flag(name, "return_state", return_state)
        self.go_backwards = check_flag(name, "go_backwards", go_backwards)
        self.stateful = check_flag(name, "stateful", stateful)
        self.unroll = check_flag(name, "unroll", unroll)
        self.zero_output_for_mask = check_flag(name, "zero_output_for_mask", zero_output_for_mask)
        self.single_state = isinstance(state_size, int)
        self.state_size = [state_size] if self.single_state else list(state_size)
        self.states = None  # stateful mode: the carried states (not weights, as in Keras)

    def build(self, sequences_shape, initial_state_shape=None):
        if len(sequences_shape) < 3:
            raise ValueError(
                f"{type(self).__name__} '{self.name}' expects inputs of rank 3 or more "
                f"(batch, timesteps, features); received input shape {tuple(sequences_shape)}."
            )
        step_shape = (sequences_shape[0], *sequences_shape[2:])
        try:
            if isinstance(self.cell, Layer) and not self.cell.built:
                self.cell.build(step_shape)
            elif not isinstance(self.cell, Layer) and hasattr(self.cell, "build"):
                self.cell.build(step_shape)
        except ValueError as error:
            raise ValueError(f"{type(self).__name__} '{self.name}' could not build its cell: {error}") from None

    def call(self, sequences, initial_state=None, mask=None, training=False):
        sequences = self._check_sequences(sequences)
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        states = self._initial_states(sequences, initial_state)
        cell = self.cell
        _configure_dropout(cell, sequences[:, 0], states, training)
        try:
            result = self._run_fused(sequences, states, mask, training)
            if result is None:
                result = run_loop(self._step_function(training), sequences, states, mask, self.go_backwards,
                                  self.zero_output_for_mask, self.return_sequences)
        finally:
            _reset_dropout(cell)
        last_output, outputs, states = result
        if self.stateful:
            self.states = [s.detach() for s in states]
        output = outputs if self.return_sequences else last_output
        if self.return_state:
            return [output, *_pack(self.state_size, states)]
        return output

    def compute_output_shape(self, sequences_shape, initial_state_shape=None):
        batch = sequences_shape[0]
        output_size = getattr(self.cell, "output_size", None)
        if output_size is None:
            output_size = self.state_size[0]
            output_size = output_size if isinstance(output_size, int) else _flat_sizes(output_size)[-1]
        output_shape = (batch, sequences_shape[1], output_size) if self.return_sequences else (batch, output_size)
        if not self.return_state:
            return output_shape
        states = [(batch, s) if isinstance(s, int) else [(batch, d) for d in _flat_sizes(s)] for s in self.state_size]
        return [output_shape, *states]

    def compute_mask(self, inputs, mask=None):
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        output_mask = mask if self.return_sequences else None
        if self.return_state:
            return [output_mask] + [None] * len(self.state_size)
        return output_mask

    def get_config(self):
        return {
            **super().get_config(),
            "return_sequences": self.return_sequences,
            "return_state": self.return_state,
            "go_backwards": self.go_backwards,
            "stateful": self.stateful,
            "unroll": self.unroll,
            "zero_output_for_mask": self.zero_output_for_mask,
            "cell": serialize_nested(self.cell),
        }

    @classmethod
    def from_config(cls, config, custom_objects=None, safe_mode=True):
        config = dict(config)
        cell = deserialize_nested(config.pop("cell"), custom_objects, safe_mode)
        return cls(cell, **config)

    _from_config_takes_objects = True

    # ----------------------------------------------------------------- states
    def get_initial_state(self, batch_size, like=None):
        """Zeros for each state (or the cell's own `get_initial_state`)."""
        dtype = like.dtype if like is not None else torch.float32
        device = like.device if like is not None else None
        make = getattr(self.cell, "get_initial_state", None)
        if make is not None:
            states = _flatten(make(batch_size=batch_size))
            return [torch.as_tensor(s).to(device=device, dtype=dtype) for s in states]
        return [torch.zeros(batch_size, d, dtype=dtype, device=device) for d in _flat_sizes(self.state_size)]

    def reset_states(self):
        self.reset_state()

    def reset_state(self):
        if self.states is not None:
            self.states = [torch.zeros_like(s) for s in self.states]

    def _initial_states(self, sequences, initial_state):
        batch = sequences.shape[0]
        if initial_state is None:
            if self.stateful and self.states is not None:
                if self.states[0].shape[0] != batch:
                    raise ValueError(
                        f"{type(self).__name__} '{self.name}' is stateful: the batch size of the input "
                        f"sequences must stay {self.states[0].shape[0]}; received {batch}. Feed batches "
                        "of that size (e.g. `drop_remainder`), or build a new layer for a new batch size."
                    )
                return [s.to(sequences.dtype) for s in self.states]
            return self.get_initial_state(batch, sequences)
        states = [torch.as_tensor(s).to(device=sequences.device, dtype=sequences.dtype)
                  for s in _flatten(initial_state)]
        sizes = _flat_sizes(self.state_size)
        shapes = [tuple(s.shape) for s in states]
        if shapes != [(batch, d) for d in sizes]:
            raise ValueError(
                f"{type(self).__name__} '{self.name}' expects {len(sizes)} initial state(s) of shapes "
                f"{[(batch, d) for d in sizes]}; received shapes {shapes}."
            )
        return states

    # ----------------------------------------------------------------- running
    def _check_sequences(self, sequences):
        if sequences.dim() < 3 or sequences.shape[1] == 0:
            raise ValueError(
                f"{type(self).__name__} '{self.name}' expects inputs (batch, timesteps, features) with at "
                f"least one time step; received input shape {tuple(sequences.shape)}."
            )
        if sequences.is_complex():
            raise TypeError(
                f"{type(self).__name__} '{self.name}' computes in real floats; received a {sequences.dtype} "
                "input. Pass the real and imaginary parts as separate features."
            )
        # Integer and bool inputs are cast as Keras casts them against float weights.
        return sequences if sequences.is_floating_point() else sequences.to(self._cast_dtype)

    def _fused_kind(self, training):
        """The fused kernel that computes this layer exactly ("lstm", "gru", "rnn_tanh"), or None."""
        return None

    def _fused_weights(self):
        return None

    def _run_fused(self, sequences, states, mask, training):
        kind = None if self.unroll or sequences.shape[0] == 0 else self._fused_kind(training)
        if kind is None:
            return None
        lengths = None
        if mask is not None:
            if self.go_backwards:
                return None
            lengths = right_padded_lengths(mask)
            if lengths is None:
                return None
            if int(lengths.min()) == sequences.shape[1]:
                lengths = None
        weights = self._fused_weights()
        device = sequences.device.type
        # Mixed precision: the fused kernels take one dtype, so everything runs in the
        # autocast dtype with autocast off (oneDNN refuses mixed inputs).
        dtype = torch.get_autocast_dtype(device) if torch.is_autocast_enabled(device) else weights[0].dtype
        x = sequences.to(dtype)
        dropout_mask = self.cell.get_dropout_mask(x[:, 0]) if training and 0 < self.cell.dropout < 1 else None
        if dropout_mask is not None:
            x = x * dropout_mask.unsqueeze(1)  # one mask for every step, as Keras's cells apply it
        with torch.autocast(device, enabled=False):
            return run_fused(kind, x, [s.to(dtype) for s in states], [w.to(dtype) for w in weights], lengths,
                             self.go_backwards, self.zero_output_for_mask, self.return_sequences)

    def _step_function(self, training):
        cell, structure = self.cell, self.state_size
        own = type(cell).__module__.startswith("lamina.")
        call = cell.call if own else cell
        takes_training = getattr(cell, "_call_takes_training", False) or own
        kwargs = {"training": training} if takes_training else {}

        def step(x_t, flat_states):
            packed = _pack(structure, flat_states)
            output, new_states = call(x_t, packed, **kwargs)
            return output, _flatten(new_states)

        return step


def _configure_dropout(cell, step_input, states, training):
    """Draws the cells' dropout masks once per call, before the loop (Keras's order)."""
    if not training:
        return
    # Cells inside StackedRNNCells draw theirs at their first step (their inputs differ).
    if isinstance(cell, DropoutRNNCell):
        cell.get_dropout_mask(step_input)
        cell.get_recurrent_dropout_mask(states[0])


def _reset_dropout(cell):
    for inner in [cell, *getattr(cell, "cells", ())]:
        if isinstance(inner, DropoutRNNCell):
            inner.reset_dropout_mask()
            inner.reset_recurrent_dropout_mask()
