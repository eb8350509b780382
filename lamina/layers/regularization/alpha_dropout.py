"""AlphaDropout: dropout that keeps SELU activations self-normalizing."""

from ..layer import Layer
from .noise import (
    check_fraction,
    check_noise_shape,
    check_seed,
    concrete_noise_shape,
    generator,
    uniform,
)

# SELU's constants (Klambauer et al., 2017), as in Keras's AlphaDropout.
_ALPHA = 1.6732632423543772
_SCALE = 1.0507009873554805


class AlphaDropout(Layer):
    """In training, sets dropped entries to SELU's negative saturation value and applies an
    affine correction `a * x + b` so that the mean and variance of the inputs are kept.

    Args:
        rate: drop probability, between 0 and 1.
        noise_shape: optional shape of the keep mask (None entries: the input's size).
        seed: optional int seed.

    Input shape:
        Any. Output shape: the same.

    Example:

    >>> AlphaDropout(0.1)(torch.ones(2, 3)).shape
    torch.Size([2, 3])
    """

    _float_inputs = True  # ints and bools compute in floatx, as the ops need

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.rate = check_fraction(self, "rate", rate)
        self.noise_shape = check_noise_shape(self, noise_shape)
        self.seed = check_seed(self, seed)
        self._generator = generator(seed)

    def call(self, inputs, training=False):
        shape = concrete_noise_shape(self, self.noise_shape, inputs.shape)
        if not training or self.rate == 0:
            return inputs
        if self.rate >= 1:  # Keras's correction factor divides by zero here
            raise ValueError(f"AlphaDropout '{self.name}': rate=1 drops everything; use a rate below 1.")
        alpha_p = -_ALPHA * _SCALE
        kept = (uniform(shape, self._generator, inputs) >= self.rate).to(inputs.dtype)
        a = ((1 - self.rate) * (1 + self.rate * alpha_p**2)) ** -0.5
        b = -a * alpha_p * self.rate
        return a * (inputs * kept + alpha_p * (1 - kept)) + b

    def compute_output_shape(self, input_shape):
        if self.noise_shape is not None and len(self.noise_shape) != len(input_shape):
            concrete_noise_shape(self, self.noise_shape, input_shape)
        return input_shape

    def get_config(self):
        return {**super().get_config(), "rate": self.rate, "seed": self.seed, "noise_shape": self.noise_shape}
