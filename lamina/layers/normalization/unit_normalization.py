"""UnitNormalization: scales each sample to unit L2 norm over the given axes."""

import torch

from ..layer import Layer
from .arguments import check_axis_arg, resolve_axes


class UnitNormalization(Layer):
    """`x / ||x||_2` over `axis`, per sample; an all-zero slice stays zero.

    As in Keras, the inverse norm is capped at `1e12`, so tiny vectors are not blown up
    to unit length.

    Args:
        axis: an int or a list of ints (default -1).

    Input shape:
        Any. Output shape: the same.

    Example:

    >>> UnitNormalization()(torch.tensor([[3.0, 4.0]]))
    tensor([[0.6000, 0.8000]])
    """

    _float_inputs = True

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.axis = check_axis_arg(self, axis)

    def call(self, inputs):
        axes = resolve_axes(self, self.axis, inputs.shape)
        inv_norm = torch.rsqrt(torch.sum(torch.square(inputs), dim=axes, keepdim=True))
        return inputs * torch.clamp(inv_norm, max=1.0 / 1e-12)

    def compute_output_shape(self, input_shape):
        resolve_axes(self, self.axis, input_shape)
        return input_shape

    def get_config(self):
        return {**super().get_config(), "axis": self.axis}
