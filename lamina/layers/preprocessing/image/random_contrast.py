"""RandomContrast: scales each image's deviation from its mean by a random factor."""

import torch

from .base_image_layer import BaseImagePreprocessingLayer


class RandomContrast(BaseImagePreprocessingLayer):
    """Adjusts contrast by a random factor per image during training; identity at inference.

    Each channel of an image becomes `(x - mean) * f + mean`, where `mean` is the
    channel's mean over the pixels and `f` is drawn from `[1 - lower, 1 + upper]`; the
    result is clipped to `value_range`.

    Args:
        factor: a number in `[0, 1]` (range `[1 - factor, 1 + factor]`) or a pair
            `(lower, upper)`.
        value_range: `(low, high)` of the pixel values; outputs are clipped to it.
        seed: optional int seed for reproducible factors.

    Input shape:
        `(batch, height, width, channels)` or one image.

    Output shape:
        Same as the input.

    Example:

    >>> RandomContrast(0.2, seed=1)(torch.zeros(2, 8, 8, 3), training=True).shape
    torch.Size([2, 8, 8, 3])
    """

    _FACTOR_BOUNDS = (0, 1)

    def __init__(self, factor, value_range=(0, 255), seed=None, **kwargs):
        super().__init__(factor=factor, **kwargs)
        self.value_range = self._set_value_range(value_range)
        self._set_seed(seed)

    def _draw(self, images):
        return self._uniform((images.shape[0], 1, 1, 1), 1.0 - self.factor[0], 1.0 + self.factor[1], images)

    def _augment(self, images, factor):
        rows, cols = self._spatial_axes()
        mean = images.mean(dim=rows, keepdim=True).mean(dim=cols, keepdim=True)
        outputs = (images - mean) * factor.to(images.dtype) + mean
        return torch.clamp(outputs, self.value_range[0], self.value_range[1])

    def get_config(self):
        return {**super().get_config(), "factor": self.factor, "value_range": self.value_range, "seed": self.seed}
