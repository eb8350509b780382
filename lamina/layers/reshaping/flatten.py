"""Flatten: one vector per sample, batch axis untouched."""

import torch

from ...config import standardize_data_format
from ...shapes import flatten_size
from ..input_spec import InputSpec
from ..layer import Layer


class Flatten(Layer):
    """Turns each sample into one vector and leaves the batch axis alone.

    For `data_format="channels_first"` the channel axis is moved last before
    flattening, so the vector order is the same as for channels-last inputs and a
    Dense kernel that follows works for both layouts.

    Args:
        data_format: `"channels_last"` (default) or `"channels_first"`.

    Input shape:
        `(batch, d1, ..., dn)`, rank 1 or more.

    Output shape:
        `(batch, d1 * ... * dn)`; a rank-1 input becomes `(batch, 1)`.

    Example:

    >>> Flatten()(torch.zeros(8, 4, 4, 3)).shape
    torch.Size([8, 48])
    """

    def __init__(self, data_format: str | None = None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = standardize_data_format(data_format)
        self.input_spec = InputSpec(min_ndim=1)

    def build(self, input_shape):
        pass  # no weights; defined so that Flatten records its build shape, as Keras's does

    def call(self, inputs):
        if inputs.dim() == 1:
            return inputs.unsqueeze(-1)
        if self.data_format == "channels_first" and inputs.dim() > 2:
            # Keras flattens in (spatial..., channel) order whatever the layout; see F7/F8.
            inputs = inputs.movedim(1, -1)
        # torch.flatten returns a view of a contiguous tensor and handles a batch of 0.
        return torch.flatten(inputs, 1)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], flatten_size(input_shape[1:]))

    def get_config(self):
        return {**super().get_config(), "data_format": self.data_format}
