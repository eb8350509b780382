"""GaussianNoise: adds zero-mean Gaussian noise during training."""

from ..layer import Layer
from .noise import check_fraction, check_seed, generator, normal


class GaussianNoise(Layer):
    """Adds `N(0, stddev**2)` noise to every entry in training; the identity at inference.

    Args:
        stddev: standard deviation of the noise, between 0 and 1 (Keras's bound).
        seed: optional int seed.

    Input shape:
        Any. Output shape: the same.

    Example:

    >>> GaussianNoise(0.1)(torch.ones(2, 3)).shape
    torch.Size([2, 3])
    """

    _float_inputs = True  # ints and bools compute in floatx, as the ops need

    def __init__(self, stddev, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.stddev = check_fraction(self, "stddev", stddev)
        self.seed = check_seed(self, seed)
        self._generator = generator(seed)

    def call(self, inputs, training=False):
        if not training or self.stddev == 0:
            return inputs
        return inputs + normal(inputs.shape, self._generator, inputs, 0.0, self.stddev)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "stddev": self.stddev, "seed": self.seed}
