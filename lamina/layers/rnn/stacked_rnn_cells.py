"""StackedRNNCells: several cells run as one, each step's output feeding the next cell."""

import torch

from ..core.wrapper import deserialize_nested, serialize_nested
from ..layer import Layer


class StackedRNNCells(Layer):
    """Wraps a list of RNN cells so that `RNN` runs them as one deep cell.

    The states are one entry per cell, in order (a list for cells with several states).

    Args:
        cells: a list of RNN cells.

    Input shape:
        `(batch, features)` and the list of each cell's states.

    Output shape:
        the last cell's output `(batch, units)` and the new states.

    Example:

    >>> from lamina.layers.rnn.rnn import RNN
    >>> from lamina.layers.rnn.lstm import LSTMCell
    >>> RNN(StackedRNNCells([LSTMCell(4), LSTMCell(5)]))(torch.zeros(2, 7, 3)).shape
    torch.Size([2, 5])
    """

    _float_inputs = True

    def __init__(self, cells, **kwargs):
        super().__init__(**kwargs)
        cells = list(cells) if isinstance(cells, (list, tuple)) else None
        if not cells:
            raise ValueError(f"StackedRNNCells needs a non-empty list of cells. Received: cells={cells!r}")
        for cell in cells:
            if not callable(getattr(cell, "call", None)) or getattr(cell, "state_size", None) is None:
                raise ValueError(
                    f"StackedRNNCells: all cells must have a `call` method and a `state_size` attribute. "
                    f"Received: {cell!r}"
                )
        self.cells = torch.nn.ModuleList(cells) if all(isinstance(c, torch.nn.Module) for c in cells) else cells

    def _sublayers(self) -> list:
        # The cells' weights, in order (a ModuleList is not a layer itself).
        return [cell for cell in self.cells if isinstance(cell, Layer)]

    @property
    def state_size(self):
        return [cell.state_size for cell in self.cells]

    @property
    def output_size(self):
        last = self.cells[-1]
        if getattr(last, "output_size", None) is not None:
            return last.output_size
        return last.state_size[0] if isinstance(last.state_size, (list, tuple)) else last.state_size

    def build(self, input_shape):
        for cell in self.cells:
            if isinstance(cell, Layer) and not cell.built:
                cell.build(input_shape)
            size = getattr(cell, "output_size", None)
            if size is None:
                size = cell.state_size[0] if isinstance(cell.state_size, (list, tuple)) else cell.state_size
            input_shape = (input_shape[0], size)

    def call(self, inputs, states, training=False):
        new_states = []
        for cell, cell_states in zip(self.cells, states):
            is_list = isinstance(cell_states, (list, tuple))
            cell_states = list(cell_states) if is_list else [cell_states]
            own = type(cell).__module__.startswith("lamina.")
            call = cell.call if own else cell
            kwargs = {"training": training} if own or getattr(cell, "_call_takes_training", False) else {}
            inputs, cell_states = call(inputs, cell_states, **kwargs)
            if not isinstance(cell_states, (list, tuple)):
                cell_states = [cell_states]
            new_states.append(cell_states[0] if len(cell_states) == 1 and not is_list else list(cell_states))
        return inputs, new_states

    def compute_output_shape(self, input_shape, states_shape=None):
        return (input_shape[0], self.output_size)

    def get_config(self):
        return {**super().get_config(), "cells": [serialize_nested(cell) for cell in self.cells]}

    @classmethod
    def from_config(cls, config, custom_objects=None, safe_mode=True):
        config = dict(config)
        cells = [deserialize_nested(c, custom_objects, safe_mode) for c in config.pop("cells")]
        return cls(cells, **config)

    _from_config_takes_objects = True

    def get_initial_state(self, batch_size=None):
        states = []
        for cell in self.cells:
            make = getattr(cell, "get_initial_state", None)
            if make is not None:
                states.append(make(batch_size=batch_size))
            elif isinstance(cell.state_size, int):
                states.append(torch.zeros(batch_size, cell.state_size))
            else:
                states.append([torch.zeros(batch_size, d) for d in cell.state_size])
        return states
