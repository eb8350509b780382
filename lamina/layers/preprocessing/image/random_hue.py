"""RandomHue: rotates each image's hue by a random amount."""

import torch

from .base_image_layer import BaseImagePreprocessingLayer
from .color import channel_axis, check_distinct, check_rgb, hsv_to_rgb, rescale, rgb_to_hsv


class RandomHue(BaseImagePreprocessingLayer):
    """Shifts the hue of each RGB image by a random amount during training; identity at inference.

    A factor `f` is drawn per image from `factor`'s range and, with a random sign, the
    hue (in `[0, 1)`, one turn) moves by `f / 2`: `factor=1` reaches the opposite colour.
    The images go to HSV in the `[0, 1]` scale and back, clipped to `value_range`.

    Args:
        factor: a number in `[0, 1]` (range `[0, factor]`) or a pair `(lower, upper)`.
        value_range: `(low, high)` of the pixel values.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        seed: optional int seed.

    Input shape:
        `(batch, height, width, 3)` or one RGB image.

    Output shape:
        Same as the input.

    Example:

    >>> RandomHue(0.5, seed=1)(torch.rand(2, 4, 4, 3) * 255, training=True).shape
    torch.Size([2, 4, 4, 3])
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)

    def __init__(self, factor, value_range=(0, 255), data_format=None, seed=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.factor = self._set_factor(factor)
        self.value_range = self._set_value_range(value_range)
        check_distinct(self, self.value_range)
        self._set_seed(seed)

    def _draw(self, images):
        batch = images.shape[0]
        sign = torch.where(self._uniform((batch,), 0.0, 1.0, images) > 0.5, -1.0, 1.0)
        return sign * self._uniform((batch,), self.factor[0], self.factor[1], images) * 0.5

    def _augment(self, images, shift):
        check_rgb(self, images)
        axis = channel_axis(self)
        hsv = rgb_to_hsv(rescale(images, self.value_range, (0, 1)), axis)
        hue, saturation, value = hsv.unbind(dim=axis)
        hue = hue + shift.to(images.dtype).view(-1, 1, 1)
        hue = torch.where(hue > 1.0, hue - 1.0, hue)  # wrap once, as Keras does
        hue = torch.where(hue < 0.0, hue + 1.0, hue)
        rgb = hsv_to_rgb(torch.stack((hue, saturation, value), dim=axis), axis)
        return rescale(torch.clamp(rgb, 0.0, 1.0), (0, 1), self.value_range)

    def get_config(self):
        return {**super().get_config(), "factor": self.factor, "value_range": self.value_range, "seed": self.seed}
