"""Shared configuration for global pooling: one value per channel, any rank."""

from ...config import standardize_data_format
from ...shapes import spatial_axes
from ..input_spec import InputSpec
from ..layer import Layer
from ..layout import shape_plan


class BaseGlobalPooling(Layer):
    """Reduces every spatial axis; subclasses fix `rank` and `mode` ("max" or "average")."""

    rank = 2
    mode = "max"

    def __init__(self, data_format: str | None = None, keepdims: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.data_format = standardize_data_format(data_format)
        self.keepdims = bool(keepdims)
        self.input_spec = InputSpec(ndim=self.rank + 2)

    def call(self, inputs):
        axes = shape_plan(self, inputs.shape, self._checked_axes)
        if self.mode == "max":
            return inputs.amax(dim=axes, keepdim=self.keepdims)
        return inputs.mean(dim=axes, keepdim=self.keepdims)

    def _checked_axes(self, shape):
        """The pooled axes, once the input shape is known to have none of size 0."""
        if any(shape[i] == 0 for i in self._axes()):
            self.compute_output_shape(tuple(shape))
        return self._axes()

    def _axes(self):
        return spatial_axes(self.rank + 2, self.data_format)

    def compute_output_shape(self, input_shape):
        axes = self._axes()
        if any(input_shape[i] == 0 for i in axes):
            raise ValueError(
                f"{type(self).__name__} '{self.name}' cannot pool an empty feature map: received input "
                f"shape {tuple(input_shape)}, with a spatial axis of size 0 ({self.data_format}). "
                "Check the layers before it, or the data_format."
            )
        if self.keepdims:
            return tuple(1 if i in axes else d for i, d in enumerate(input_shape))
        return tuple(d for i, d in enumerate(input_shape) if i not in axes)

    def _check_not_empty(self, inputs) -> None:
        if any(inputs.shape[i] == 0 for i in self._axes()):
            self.compute_output_shape(tuple(inputs.shape))

    def get_config(self):
        return {**super().get_config(), "data_format": self.data_format, "keepdims": self.keepdims}
