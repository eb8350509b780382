"""RandomBrightness: adds a random offset to every pixel of each image."""

import torch

from .base_image_layer import BaseImagePreprocessingLayer


class RandomBrightness(BaseImagePreprocessingLayer):
    """Shifts brightness by a random amount per image during training; identity at inference.

    The offset is drawn from `factor` as a fraction of the value range (`factor=0.2`
    with `value_range=(0, 255)` adds up to ±51), then the result is clipped to
    `value_range`.

    Args:
        factor: a number in `[-1, 1]` (range `[-|factor|, |factor|]`) or a pair
            `(lower, upper)`.
        value_range: `(low, high)` of the pixel values (sorted); outputs are clipped to it.
        seed: optional int seed for reproducible offsets.

    Input shape:
        `(batch, height, width, channels)` or one image.

    Output shape:
        Same as the input.

    Example:

    >>> RandomBrightness(0.2, seed=1)(torch.zeros(2, 8, 8, 3), training=True).shape
    torch.Size([2, 8, 8, 3])
    """

    def __init__(self, factor, value_range=(0, 255), seed=None, **kwargs):
        super().__init__(factor=factor, **kwargs)
        self._set_seed(seed)
        self.value_range = self._set_value_range(value_range, sort=True)

    def _draw(self, images):
        delta = self._uniform((images.shape[0], 1, 1, 1), self.factor[0], self.factor[1], images)
        return delta * (self.value_range[1] - self.value_range[0])

    def _augment(self, images, delta):
        return torch.clamp(images + delta.to(images.dtype), self.value_range[0], self.value_range[1])

    def get_config(self):
        return {**super().get_config(), "factor": self.factor, "value_range": self.value_range, "seed": self.seed}
