"""RandomSaturation: scales each image's colour saturation by a random factor."""

import torch

from .... import config
from .base_image_layer import BaseImagePreprocessingLayer
from .color import channel_axis, check_rgb, hsv_to_rgb, rgb_to_hsv


class RandomSaturation(BaseImagePreprocessingLayer):
    """Scales the HSV saturation of each RGB image by a random factor during training.

    A number `f` is drawn per image from `factor`'s range and the saturation is multiplied
    by `f / (1 - f)`: `f = 0.5` keeps the image, 0 makes it grey, and values near 1 push
    colours to full saturation. As in Keras, the default bounds are Keras's generic
    `[-1, 1]` (`factor=0.5` draws from `[-0.5, 0.5]`), the images are converted at their
    own scale (no trip to `[0, 1]`), and the scaled saturation is clipped to `value_range`.

    Args:
        factor: a number in `[-1, 1]` (range `[-|f|, |f|]`) or a pair `(lower, upper)`;
            `(0.5, 0.5)` is the identity.
        value_range: `(low, high)` (sorted), the clip of the scaled saturation.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        seed: optional int seed.

    Input shape:
        `(batch, height, width, 3)` or one RGB image.

    Output shape:
        Same as the input.

    Example:

    >>> RandomSaturation((0.2, 0.8), seed=1)(torch.rand(2, 4, 4, 3), training=True).shape
    torch.Size([2, 4, 4, 3])
    """

    _USE_BASE_FACTOR = False

    def __init__(self, factor, value_range=(0, 255), data_format=None, seed=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.factor = self._set_factor(factor)
        self.value_range = self._set_value_range(value_range, sort=True)
        self._set_seed(seed)

    def _draw(self, images):
        draw = self._uniform((images.shape[0],), self.factor[0], self.factor[1], images)
        return draw / (1 - draw + config.epsilon())

    def _augment(self, images, scale):
        check_rgb(self, images)
        axis = channel_axis(self)
        hue, saturation, value = rgb_to_hsv(images, axis).unbind(dim=axis)
        saturation = torch.clamp(saturation * scale.to(images.dtype).view(-1, 1, 1), *self.value_range)
        return hsv_to_rgb(torch.stack((hue, saturation, value), dim=axis), axis)

    def get_config(self):
        return {**super().get_config(), "factor": self.factor, "value_range": self.value_range, "seed": self.seed}
