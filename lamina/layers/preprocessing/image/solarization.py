"""Solarization: inverts the pixels above a random threshold, after a random brightening."""

import torch

from ..checks import is_number, where
from .base_image_layer import BaseImagePreprocessingLayer


class Solarization(BaseImagePreprocessingLayer):
    """Solarizes images during training; the identity at inference.

    In the `[0, 255]` scale, each image gets a random `addition` (then clipped), and
    every pixel at or above a random `threshold` becomes `255 - pixel`. Both are drawn
    per image from `[lower, upper * 255]` of their factor (Keras's ranges, kept as is).

    Args:
        addition_factor: a number in `[0, 1]` (range `[0, f]`) or a pair `(lower, upper)`.
        threshold_factor: the same for the threshold.
        value_range: `(low, high)` of the pixel values (sorted).
        seed: optional int seed.

    Input shape:
        `(batch, height, width, channels)` or one image.

    Output shape:
        Same as the input.

    Example:

    >>> Solarization(threshold_factor=0.5, seed=1)(torch.rand(2, 4, 4, 3) * 255, training=True).shape
    torch.Size([2, 4, 4, 3])
    """

    _USE_BASE_FACTOR = False

    def __init__(self, addition_factor=0.0, threshold_factor=0.0, value_range=(0, 255), seed=None, **kwargs):
        super().__init__(**kwargs)
        self._set_seed(seed)
        self.addition_factor = self._unit_factor(addition_factor, "addition_factor")
        self.threshold_factor = self._unit_factor(threshold_factor, "threshold_factor")
        self.value_range = self._set_value_range(value_range, sort=True)

    def _unit_factor(self, factor, name):
        pair = isinstance(factor, (tuple, list)) and len(factor) == 2
        values = factor if pair else [factor]
        if not all(is_number(v) and 0 <= v <= 1 for v in values):
            raise ValueError(f"{where(self)}: `{name}` must be a number (or a list of two numbers) in [0, 1]. "
                             f"Received: {name}={factor!r}")
        return tuple(sorted(factor)) if pair else (0, factor)

    def _draw(self, images):
        shape = (images.shape[0], 1, 1, 1)
        additions = self._uniform(shape, self.addition_factor[0], self.addition_factor[1] * 255, images)
        thresholds = self._uniform(shape, self.threshold_factor[0], self.threshold_factor[1] * 255, images)
        return additions, thresholds

    def _augment(self, images, params):
        additions, thresholds = params
        low, high = self.value_range
        scaled = images if (low, high) == (0, 255) else (images - low) / (high - low) * 255.0
        results = torch.clamp(scaled + additions, 0, 255)
        results = torch.where(results < thresholds, results, 255 - results)
        return results if (low, high) == (0, 255) else results / 255.0 * (high - low) + low

    def get_config(self):
        return {
            **super().get_config(),
            "value_range": self.value_range,
            "addition_factor": self.addition_factor,
            "threshold_factor": self.threshold_factor,
            "seed": self.seed,
        }
