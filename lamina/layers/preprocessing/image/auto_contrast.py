"""AutoContrast: stretches each image's values to fill the value range."""

import torch

from .base_image_layer import BaseImagePreprocessingLayer


class AutoContrast(BaseImagePreprocessingLayer):
    """Maps each image channel's minimum to the bottom of `value_range` and its maximum to
    the top, in training and at inference alike (it draws nothing).

    A constant channel (minimum equals maximum) is left unchanged. As in Keras, the
    minimum and maximum are taken over axes 1 and 2, i.e. the pixels of a channels-last
    batch.

    Args:
        value_range: `(low, high)` of the pixel values (sorted).

    Input shape:
        `(batch, height, width, channels)`.

    Output shape:
        Same as the input.

    Example:

    >>> AutoContrast(value_range=(0, 1))(torch.tensor([[[[0.2], [0.6]]]])).tolist()
    [[[[0.0], [1.0]]]]
    """

    _USE_BASE_FACTOR = False

    def __init__(self, value_range=(0, 255), **kwargs):
        super().__init__(**kwargs)
        self.value_range = self._set_value_range(value_range, sort=True)

    def _augment(self, images, params):
        return self._infer(images)

    def _infer(self, images):
        if images.numel() == 0:
            return images
        low, high = self.value_range
        scaled = images if (low, high) == (0, 255) else (images - low) / (high - low) * 255.0
        minimum, maximum = scaled.amin(dim=(1, 2), keepdim=True), scaled.amax(dim=(1, 2), keepdim=True)
        scale = 255.0 / (maximum - minimum)
        results = torch.clamp(scaled * scale + -minimum * scale, 0.0, 255.0)
        if (low, high) != (0, 255):
            results = results / 255.0 * (high - low) + low
        return torch.where(torch.isnan(results), images, results)

    def get_config(self):
        return {**super().get_config(), "value_range": self.value_range}
