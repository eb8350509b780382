"""ELU: the exponential linear unit as a layer."""

from ... import activations
from ..layer import Layer
from .arguments import check_scalar


class ELU(Layer):
    """`x` for `x > 0`, `alpha * (exp(x) - 1)` below.

    Args:
        alpha: the scale of the negative part (default 1.0).

    Input shape:
        Any. Output shape: the same.

    Example:

    >>> ELU()(torch.zeros(2, 3)).shape
    torch.Size([2, 3])
    """

    _float_inputs = True  # ints and bools compute in floatx, as the ops need

    def __init__(self, alpha=1.0, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.alpha = check_scalar(self, "alpha", alpha)

    def call(self, inputs):
        return activations.elu(inputs, alpha=self.alpha)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "alpha": self.alpha}
