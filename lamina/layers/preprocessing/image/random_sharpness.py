"""RandomSharpness: blends each image with a smoothed copy, towards or away from it."""

import torch
import torch.nn.functional as F

from .base_image_layer import BaseImagePreprocessingLayer

# The smoothing filter (PIL's ImageFilter.SMOOTH): a 3x3 box with a 5x centre, over 13.
_A, _B = 1.0 / 13.0, 5.0 / 13.0
_SMOOTH = ((_A, _A, _A), (_A, _B, _A), (_A, _A, _A))


class RandomSharpness(BaseImagePreprocessingLayer):
    """Sharpens or softens each image by a random amount during training; identity at inference.

    With `s` drawn per image from `factor`'s range, the output is
    `x + (1 - 2 s) * (smooth(x) - x)`, clipped to `value_range`: `s = 0` is the smoothed
    image, `s = 0.5` the original, `s = 1` sharpened. `smooth` is a 3x3 filter with
    zero padding at the borders, as in Keras.

    Args:
        factor: a number in `[0, 1]` (range `[0, factor]`) or a pair `(lower, upper)`.
        value_range: `(low, high)` of the pixel values (sorted).
        data_format: `"channels_last"` (default) or `"channels_first"`.
        seed: optional int seed.

    Input shape:
        `(batch, height, width, channels)` or one image.

    Output shape:
        Same as the input.

    Example:

    >>> RandomSharpness(0.5, seed=1)(torch.rand(2, 5, 5, 3), training=True).shape
    torch.Size([2, 5, 5, 3])
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)

    def __init__(self, factor, value_range=(0, 255), data_format=None, seed=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.factor = self._set_factor(factor)
        self.value_range = self._set_value_range(value_range, sort=True)
        self._set_seed(seed)

    def _draw(self, images):
        return self._uniform((images.shape[0],), self.factor[0], self.factor[1], images) * 2

    def _augment(self, images, sharpness):
        if images.numel() == 0:
            return images
        nchw = images if self.data_format == "channels_first" else images.permute(0, 3, 1, 2)
        channels = nchw.shape[1]
        kernel = torch.tensor(_SMOOTH, dtype=images.dtype, device=images.device).expand(channels, 1, 3, 3)
        smoothed = F.conv2d(nchw, kernel, padding=1, groups=channels)
        if self.data_format == "channels_last":
            smoothed = smoothed.permute(0, 2, 3, 1)
        outputs = images + (1.0 - sharpness.to(images.dtype).view(-1, 1, 1, 1)) * (smoothed - images)
        return torch.clamp(outputs, *self.value_range)

    def get_config(self):
        return {**super().get_config(), "factor": self.factor, "value_range": self.value_range, "seed": self.seed}
