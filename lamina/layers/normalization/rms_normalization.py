"""RMSNormalization: scales each sample by the reciprocal root mean square of its features."""

import torch
import torch.nn.functional as F

from ..layer import Layer
from .arguments import (
    axes_spec,
    check_axis_arg,
    check_number,
    is_trailing,
    known_sizes,
    resolve_axes,
)

_LOW_PRECISION = (torch.float16, torch.bfloat16)


class RMSNormalization(Layer):
    """`x * rsqrt(mean(x**2 over axis) + epsilon) * scale`, with a learned `scale`.

    Unlike LayerNormalization there is no centering and no offset. Half-precision inputs
    are normalized in float32.

    Args:
        axis: an int or a list of ints (default -1).
        epsilon: added to the mean square (default 1e-6).

    Input shape:
        Any, with known sizes along `axis`. Output shape: the same.

    Example:

    >>> RMSNormalization()(torch.zeros(2, 5, 8)).shape
    torch.Size([2, 5, 8])
    """

    _float_inputs = True  # ints and bools compute in floatx, as the ops need

    def __init__(self, axis=-1, epsilon=1e-6, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.axis = check_axis_arg(self, axis)
        self.epsilon = check_number(self, "epsilon", epsilon, low=0.0)

    def build(self, input_shape):
        self._axes = resolve_axes(self, self.axis, input_shape)
        self.input_spec = axes_spec(self.axis, input_shape)
        self.add_weight("scale", known_sizes(self, self._axes, input_shape), "ones")

    def call(self, inputs):
        x = inputs.float() if inputs.dtype in _LOW_PRECISION else inputs
        axes = [a % x.dim() for a in self._axes]
        scale = self.scale.to(x.dtype)
        if is_trailing(axes, x.dim()):
            outputs = F.rms_norm(x, tuple(x.shape[a] for a in axes), scale, self.epsilon)
        else:
            view = [x.shape[a] if a in axes else 1 for a in range(x.dim())]
            rrms = torch.rsqrt(torch.mean(torch.square(x), dim=axes, keepdim=True) + self.epsilon)
            outputs = x * rrms * scale.reshape(view)
        return outputs.to(inputs.dtype) if outputs.dtype != inputs.dtype else outputs

    def compute_output_shape(self, input_shape):
        resolve_axes(self, self.axis, input_shape)
        return input_shape

    def get_config(self):
        return {**super().get_config(), "axis": self.axis, "epsilon": self.epsilon}
