"""Shared code of UpSampling1D/2D/3D: each spatial axis scaled by an integer factor."""

import torch
import torch.nn.functional as F

from ...config import standardize_data_format
from ...shapes import normalize_tuple, resize_axes, spatial_axes
from ..input_spec import InputSpec
from ..layer import Layer
from ..layout import from_channels_first, to_channels_first
from ._allocation import output_allocation

# torch's modes for Keras's interpolation names, as Keras's torch backend maps them in
# `ops.image.resize`: bilinear and bicubic sample at half-pixel centers (TF's rule,
# torch's `align_corners=False`). "nearest" never reaches torch: it repeats cells.
_TORCH_MODES = {"bilinear": "bilinear", "bicubic": "bicubic"}


class BaseUpSampling(Layer):
    """Scales the `rank` spatial axes by `size`; `interpolation="nearest"` repeats each
    cell `size` times (exact), the others resample."""

    rank: int = 0

    def __init__(self, size, data_format: str | None = None, interpolation: str = "nearest", **kwargs):
        super().__init__(**kwargs)
        try:
            self.size = normalize_tuple(size, self.rank, "size")
            self.data_format = standardize_data_format(data_format)
        except ValueError as error:
            raise ValueError(f"{type(self).__name__}: {error}") from None
        interpolation = str(interpolation).lower()
        if interpolation != "nearest" and interpolation not in _TORCH_MODES:
            raise ValueError(
                f"{type(self).__name__}: `interpolation` must be one of 'nearest', "
                f"{', '.join(map(repr, _TORCH_MODES))} (Keras's lanczos3/lanczos5 have no torch "
                f"kernel). Received: interpolation={interpolation!r}"
            )
        self.interpolation = interpolation
        self.input_spec = InputSpec(ndim=self.rank + 2)

    def call(self, inputs):
        with output_allocation(self, self.compute_output_shape(tuple(inputs.shape))):
            return self._resize(inputs)

    def _resize(self, inputs):
        axes = spatial_axes(inputs.dim(), self.data_format)
        if self.interpolation == "nearest":
            for axis, factor in zip(axes, self.size):
                inputs = torch.repeat_interleave(inputs, factor, dim=axis)
            return inputs
        out_shape = self.compute_output_shape(tuple(inputs.shape))
        if inputs.numel() == 0:  # torch's interpolate refuses empty maps
            return inputs.new_zeros(out_shape)
        x = to_channels_first(inputs, self.data_format)
        dtype = x.dtype
        x = x if x.is_floating_point() else x.float()  # Keras resizes integers in float32...
        size = [n * f for n, f in zip(x.shape[2:], self.size)]
        y = F.interpolate(x, size=size, mode=_TORCH_MODES[self.interpolation], align_corners=False)
        if not dtype.is_floating_point:
            y = torch.round(y)  # Keras rounds integer images before casting back
        return from_channels_first(y.to(dtype), self.data_format)

    def compute_output_shape(self, input_shape):
        axes = spatial_axes(len(input_shape), self.data_format)
        return resize_axes(input_shape, axes, lambda n, i: n * self.size[i])

    def get_config(self):
        return {**super().get_config(), "size": self.size, "data_format": self.data_format}
