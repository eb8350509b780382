"""Shared code of Cropping1D/2D/3D: cells removed from both ends of each spatial axis."""

from ...config import standardize_data_format
from ...shapes import pairs_along, resize_axes, spatial_axes
from ..input_spec import InputSpec
from ..layer import Layer


class BaseCropping(Layer):
    """Crops the `rank` spatial axes; `cropping` holds one `(before, after)` pair per
    axis. The result is a view of the input (no copy)."""

    rank: int = 0

    def __init__(self, cropping, data_format: str | None = None, **kwargs):
        super().__init__(**kwargs)
        try:
            self.cropping = pairs_along(cropping, self.rank, "cropping")
            self.data_format = standardize_data_format(data_format)
        except ValueError as error:
            raise ValueError(f"{type(self).__name__}: {error}") from None
        self.input_spec = InputSpec(ndim=self.rank + 2)

    def call(self, inputs):
        self._check_lengths(tuple(inputs.shape))
        index = [slice(None)] * inputs.dim()
        for axis, (before, after) in zip(spatial_axes(inputs.dim(), self.data_format), self.cropping):
            index[axis] = slice(before, inputs.shape[axis] - after)
        return inputs[tuple(index)]

    def compute_output_shape(self, input_shape):
        self._check_lengths(tuple(input_shape))
        axes = spatial_axes(len(input_shape), self.data_format)
        return resize_axes(input_shape, axes, lambda n, i: n - sum(self.cropping[i]))

    def get_config(self):
        return {**super().get_config(), "cropping": self.cropping, "data_format": self.data_format}

    def _check_lengths(self, shape):
        axes = spatial_axes(len(shape), self.data_format)
        if any(shape[a] is not None and sum(c) >= shape[a] for a, c in zip(axes, self.cropping)):
            raise ValueError(
                f"{type(self).__name__} layer '{self.name}': values in `cropping` should be smaller "
                f"than the corresponding spatial dimension of the input. Received: input_shape="
                f"{shape}, cropping={self.cropping}. Crop less, or feed a larger input."
            )
