"""LeakyReLU: a small slope for negative inputs."""

import warnings

from ... import activations
from ..layer import Layer
from .arguments import check_scalar


class LeakyReLU(Layer):
    """`x` for `x >= 0`, `negative_slope * x` below.

    Keras 3's default slope is 0.3 (the `leaky_relu` function's is 0.2). The Keras 2
    name `alpha` is still accepted, with Keras's deprecation warning.

    Args:
        negative_slope: the slope below 0, a number >= 0.

    Input shape:
        Any. Output shape: the same.

    Example:

    >>> LeakyReLU(negative_slope=0.5)(torch.tensor([-2.0, 2.0]))
    tensor([-1.,  2.])
    """

    _float_inputs = True  # ints and bools compute in floatx, as the ops need

    def __init__(self, negative_slope=0.3, **kwargs):
        if "alpha" in kwargs:
            negative_slope = kwargs.pop("alpha")
            warnings.warn("Argument `alpha` is deprecated. Use `negative_slope` instead.", stacklevel=2)
        super().__init__(**kwargs)
        self.supports_masking = True
        self.negative_slope = check_scalar(self, "negative_slope", negative_slope, minimum=0.0)

    def call(self, inputs):
        return activations.leaky_relu(inputs, negative_slope=self.negative_slope)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "negative_slope": self.negative_slope}
