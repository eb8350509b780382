"""Shared code of ZeroPadding1D/2D/3D: zeros before and after each spatial axis."""

import torch.nn.functional as F

from ...config import standardize_data_format
from ...shapes import pairs_along, resize_axes, spatial_axes
from ..input_spec import InputSpec
from ..layer import Layer
from ._allocation import output_allocation


class BaseZeroPadding(Layer):
    """Pads the `rank` spatial axes with zeros; `padding` holds one `(before, after)`
    pair per axis."""

    rank: int = 0

    def __init__(self, padding, data_format: str | None = None, **kwargs):
        super().__init__(**kwargs)
        try:
            self.padding = pairs_along(padding, self.rank, "padding")
            self.data_format = standardize_data_format(data_format)
        except ValueError as error:
            raise ValueError(f"{type(self).__name__}: {error}") from None
        self.input_spec = InputSpec(ndim=self.rank + 2)

    def call(self, inputs):
        # F.pad lists the last axis first; channels_last has the channel axis there.
        flat = [p for before, after in reversed(self.padding) for p in (before, after)]
        if self.data_format == "channels_last":
            flat = [0, 0, *flat]
        with output_allocation(self, self.compute_output_shape(tuple(inputs.shape))):
            return F.pad(inputs, flat)

    def compute_output_shape(self, input_shape):
        axes = spatial_axes(len(input_shape), self.data_format)
        return resize_axes(input_shape, axes, lambda n, i: n + sum(self.padding[i]))

    def get_config(self):
        return {**super().get_config(), "padding": self.padding, "data_format": self.data_format}
