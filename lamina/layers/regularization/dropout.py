"""Dropout: zeroes a fraction of the inputs during training."""

import torch.nn.functional as F

from ..layer import Layer
from .noise import (
    check_fraction,
    check_noise_shape,
    check_seed,
    concrete_noise_shape,
    dropout,
    generator,
)


class Dropout(Layer):
    """Sets inputs to 0 with probability `rate` in training and scales the rest by `1/(1-rate)`.

    At inference (the default for a plain call) it returns its input unchanged.

    Args:
        rate: fraction of the inputs to drop, between 0 and 1.
        noise_shape: optional shape of the keep mask, one entry per input axis, each
            None (the input's size), 1 (one mask value shared along the axis) or the
            input's size; e.g. `(None, 1, 1, None)` drops whole channels of images.
        seed: optional int seed for reproducible masks.

    Example:

    >>> Dropout(0.5)(torch.ones(2, 3)).shape
    torch.Size([2, 3])
    """

    def __init__(self, rate: float, noise_shape=None, seed: int | None = None, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.rate = check_fraction(self, "rate", rate)
        self.noise_shape = check_noise_shape(self, noise_shape)
        self.seed = check_seed(self, seed)
        self._generator = generator(seed)

    def call(self, inputs, training=False):
        if self.noise_shape is not None:
            concrete_noise_shape(self, self.noise_shape, inputs.shape)  # a wrong shape fails every call
        if not training or self.rate == 0:
            return inputs
        if self.noise_shape is None and self._generator is None and self.rate < 1 and inputs.is_floating_point():
            return F.dropout(inputs, self.rate, training=True)
        return dropout(self, inputs, self.rate, self.noise_shape, self._generator)

    def compute_output_shape(self, input_shape):
        if self.noise_shape is not None and len(self.noise_shape) != len(input_shape):
            concrete_noise_shape(self, self.noise_shape, input_shape)
        return input_shape

    def get_config(self):
        return {**super().get_config(), "rate": self.rate, "seed": self.seed, "noise_shape": self.noise_shape}
