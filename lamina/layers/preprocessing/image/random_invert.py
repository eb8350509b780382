"""RandomInvert: inverts some images (`high - x`) at random."""

import torch

from .base_image_layer import BaseImagePreprocessingLayer


class RandomInvert(BaseImagePreprocessingLayer):
    """Replaces each image by `value_range[1] - x` with a random probability (training).

    An image is inverted when a uniform draw falls below a probability drawn from
    `factor`; at inference the layer is the identity.

    Args:
        factor: a number in `[0, 1]` (probability range `[0, f]`, the default 1.0
            always inverts) or a pair.
        value_range: `(low, high)` of the pixel values; images become `high - x`.
        seed: optional int seed.
        data_format: `"channels_last"` (default) or `"channels_first"`.

    Input shape:
        `(batch, height, width, channels)` or one image.

    Output shape:
        Same as the input.

    Example:

    >>> RandomInvert(value_range=(0, 1))(torch.zeros(1, 2, 2, 1), training=True).tolist()
    [[[[1.0], [1.0]], [[1.0], [1.0]]]]
    """

    _FACTOR_BOUNDS = (0, 1)

    def __init__(self, factor=1.0, value_range=(0, 255), seed=None, data_format=None, **kwargs):
        super().__init__(factor=factor, data_format=data_format, **kwargs)
        self.value_range = self._set_value_range(value_range)
        self._set_seed(seed)

    def _draw(self, images):
        batch = images.shape[0]
        probability = self._uniform((batch,), self.factor[0], self.factor[1], images)
        return self._uniform((batch,), 0.0, 1.0, images) < probability

    def _augment(self, images, invert):
        return torch.where(invert.view(-1, 1, 1, 1), self.value_range[1] - images, images)

    def get_config(self):
        return {**super().get_config(), "factor": self.factor, "value_range": self.value_range, "seed": self.seed}
