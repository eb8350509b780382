"""Dropout: zeroes a fraction of the inputs during training."""

import torch
import torch.nn.functional as F

from ..layer import Layer


class Dropout(Layer):
    """Sets inputs to 0 with probability `rate` in training and scales the rest by `1/(1-rate)`.

    At inference (the default for a plain call) it returns its input unchanged.

    Args:
        rate: fraction of the inputs to drop, between 0 and 1.
        noise_shape: optional shape of the keep mask, broadcast over the input
            (e.g. `(batch, 1, 1, channels)` drops whole channels); `None` entries take
            the input's size.
        seed: optional int seed for reproducible masks.

    Example:

    >>> Dropout(0.5)(torch.ones(2, 3)).shape
    torch.Size([2, 3])
    """

    def __init__(self, rate: float, noise_shape=None, seed: int | None = None, **kwargs):
        super().__init__(**kwargs)
        if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not 0 <= rate <= 1:
            raise ValueError(
                "Invalid value received for argument `rate`. Expected a float value between 0 "
                f"and 1. Received: rate={rate}"
            )
        self.rate = float(rate)
        self.noise_shape = None if noise_shape is None else tuple(noise_shape)
        self.seed = seed
        self._generator = None if seed is None else torch.Generator().manual_seed(seed)

    def call(self, inputs, training=False):
        if not training or self.rate == 0:
            return inputs
        if self.rate == 1.0:
            return torch.zeros_like(inputs)
        if self.noise_shape is None and self._generator is None:
            return F.dropout(inputs, self.rate, training=True)
        shape = self._mask_shape(inputs.shape)
        keep = torch.rand(shape, generator=self._generator).to(inputs.device) >= self.rate
        return inputs * keep.to(inputs.dtype) / (1.0 - self.rate)

    def _mask_shape(self, shape):
        if self.noise_shape is None:
            return tuple(shape)
        return tuple(s if n is None else n for n, s in zip(self.noise_shape, shape))

    def get_config(self):
        return {**super().get_config(), "rate": self.rate, "seed": self.seed, "noise_shape": self.noise_shape}
