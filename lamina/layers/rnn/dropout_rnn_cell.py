"""DropoutRNNCell: the dropout masks a cell draws once per sequence and reuses at every step.

Keras drops the same input units and the same recurrent units at every time step of a
batch (variational dropout): the RNN asks the cell for its masks before the loop and
clears them after. Cells that split their kernel per gate (`recurrent_dropout > 0`) draw
one independent mask per gate (`dropout_mask_count`).
"""

import torch


class DropoutRNNCell:
    """Mixin for cells with `dropout`, `recurrent_dropout` and a seeded `torch.Generator`."""

    dropout_mask_count = None  # an int: one mask per gate
    _generator = None
    _dropout_mask = None
    _recurrent_dropout_mask = None

    def _create_dropout_mask(self, step_input, rate):
        def draw():
            keep = torch.rand(step_input.shape, generator=self._generator, dtype=step_input.dtype,
                              device="cpu" if self._generator is not None else step_input.device)
            keep = keep.to(step_input.device) >= rate
            return keep.to(step_input.dtype) / (1.0 - rate)

        if self.dropout_mask_count is None:
            return draw()
        return [draw() for _ in range(self.dropout_mask_count)]

    def get_dropout_mask(self, step_input):
        if self._dropout_mask is None and self.dropout > 0:
            self._dropout_mask = self._create_dropout_mask(step_input, self.dropout)
        return self._dropout_mask

    def get_recurrent_dropout_mask(self, step_input):
        if self._recurrent_dropout_mask is None and self.recurrent_dropout > 0:
            self._recurrent_dropout_mask = self._create_dropout_mask(step_input, self.recurrent_dropout)
        return self._recurrent_dropout_mask

    def reset_dropout_mask(self):
        self._dropout_mask = None

    def reset_recurrent_dropout_mask(self):
        self._recurrent_dropout_mask = None


def seeded_generator(seed):
    return None if seed is None else torch.Generator().manual_seed(seed)
