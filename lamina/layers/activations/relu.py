"""ReLU: the rectified linear unit as a layer, with Keras's cap, slope and threshold."""

import torch.nn.functional as F

from ... import activations
from ..layer import Layer
from .arguments import check_scalar


class ReLU(Layer):
    """`max(x, 0)`, generalized: values above `threshold` pass (capped at `max_value`),
    values below get `negative_slope * (x - threshold)`.

    Args:
        max_value: optional cap on the output, a number >= 0.
        negative_slope: slope below the threshold, >= 0 (default 0).
        threshold: values at or below it are damped, >= 0 (default 0).

    Input shape:
        Any. Output shape: the same.

    Example:

    >>> ReLU(max_value=6.0)(torch.tensor([-1.0, 3.0, 9.0]))
    tensor([0., 3., 6.])
    """

    _float_inputs = True  # ints and bools compute in floatx, as the ops need

    def __init__(self, max_value=None, negative_slope=0.0, threshold=0.0, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.max_value = check_scalar(self, "max_value", max_value, minimum=0.0, allow_none=True)
        self.negative_slope = check_scalar(self, "negative_slope", negative_slope, minimum=0.0)
        self.threshold = check_scalar(self, "threshold", threshold, minimum=0.0)

    def call(self, inputs):
        # The two common forms straight to their torch kernel (what `activations.relu` picks
        # for them too): one op forward and one backward, without the general path's checks.
        if self.negative_slope == 0.0 and self.threshold == 0.0:
            if self.max_value is None:
                return F.relu(inputs)
            if self.max_value == 6:
                return F.relu6(inputs)
        return activations.relu(
            inputs, negative_slope=self.negative_slope, max_value=self.max_value, threshold=self.threshold
        )

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {
            **super().get_config(),
            "max_value": self.max_value,
            "negative_slope": self.negative_slope,
            "threshold": self.threshold,
        }
