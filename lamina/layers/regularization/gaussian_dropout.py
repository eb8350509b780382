"""GaussianDropout: multiplies by mean-1 Gaussian noise during training."""

import math

from ..layer import Layer
from .noise import check_fraction, check_seed, generator, normal


class GaussianDropout(Layer):
    """Multiplies every entry by `N(1, rate / (1 - rate))` noise in training (the variance
    of Dropout's scaled keep mask); the identity at inference.

    Args:
        rate: the equivalent drop probability, between 0 and 1.
        seed: optional int seed.

    Input shape:
        Any. Output shape: the same.

    Example:

    >>> GaussianDropout(0.2)(torch.ones(2, 3)).shape
    torch.Size([2, 3])
    """

    _float_inputs = True  # ints and bools compute in floatx, as the ops need

    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.rate = check_fraction(self, "rate", rate)
        self.seed = check_seed(self, seed)
        self._generator = generator(seed)

    def call(self, inputs, training=False):
        if not training or self.rate == 0:
            return inputs
        if self.rate >= 1:  # infinite variance: Keras divides by zero here
            raise ValueError(
                f"GaussianDropout '{self.name}': rate=1 gives noise of infinite variance; use a rate below 1."
            )
        stddev = math.sqrt(self.rate / (1.0 - self.rate))
        return inputs * normal(inputs.shape, self._generator, inputs, 1.0, stddev)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "rate": self.rate, "seed": self.seed}
