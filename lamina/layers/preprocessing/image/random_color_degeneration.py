"""RandomColorDegeneration: moves each image towards its grayscale version by a random amount."""

import torch

from ....ops.image import rgb_to_grayscale
from ..checks import where
from .base_image_layer import BaseImagePreprocessingLayer


class RandomColorDegeneration(BaseImagePreprocessingLayer):
    """Blends images with their grayscale versions during training: `x + f * (grey - x)`.

    `f` is drawn per image from `factor`'s range (0 keeps the colours, 1 is fully grey,
    negative values push colours away from grey), and the result is clipped to
    `value_range`.

    Args:
        factor: a number in `[-1, 1]` (range `[-|f|, |f|]`, as in Keras) or a pair
            `(lower, upper)`.
        value_range: `(low, high)` of the pixel values (sorted).
        data_format: `"channels_last"` (default) or `"channels_first"`.
        seed: optional int seed.

    Input shape:
        `(batch, height, width, 3)` or one RGB image.

    Output shape:
        Same as the input.

    Example:

    >>> RandomColorDegeneration(0.5, seed=1)(torch.rand(2, 4, 4, 3), training=True).shape
    torch.Size([2, 4, 4, 3])
    """

    def __init__(self, factor, value_range=(0, 255), data_format=None, seed=None, **kwargs):
        super().__init__(factor=factor, data_format=data_format, **kwargs)
        self.value_range = self._set_value_range(value_range, sort=True)
        self._set_seed(seed)

    def _draw(self, images):
        return self._uniform((images.shape[0], 1, 1, 1), self.factor[0], self.factor[1], images)

    def _augment(self, images, factor):
        channels = images.shape[-1 if self.data_format == "channels_last" else 1]
        if channels != 3:
            raise ValueError(f"{where(self)} expects RGB images (3 channels). Received: inputs.shape="
                             f"{tuple(images.shape)}")
        grey = rgb_to_grayscale(images, data_format=self.data_format)
        return torch.clamp(images + factor.to(images.dtype) * (grey - images), *self.value_range)

    def get_config(self):
        return {**super().get_config(), "factor": self.factor, "value_range": self.value_range, "seed": self.seed}
