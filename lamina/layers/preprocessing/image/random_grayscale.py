"""RandomGrayscale: turns each image grey with probability `factor`."""

import torch

from ....ops.image import rgb_to_grayscale
from ..checks import is_number, where
from .base_image_layer import BaseImagePreprocessingLayer


class RandomGrayscale(BaseImagePreprocessingLayer):
    """Converts images to grayscale with probability `factor` during training.

    A converted image keeps its channel count: the grey value
    `0.2989 R + 0.587 G + 0.114 B` is repeated in each of the 3 channels.

    Args:
        factor: the probability of converting an image, in `[0, 1]` (default 0.5).
        data_format: `"channels_last"` (default) or `"channels_first"`.
        seed: optional int seed.

    Input shape:
        `(batch, height, width, 3)` or one image (or 1 channel, left as is).

    Output shape:
        Same as the input.

    Example:

    >>> RandomGrayscale(1.0)(torch.rand(2, 4, 4, 3), training=True).shape
    torch.Size([2, 4, 4, 3])
    """

    _USE_BASE_FACTOR = False

    def __init__(self, factor=0.5, data_format=None, seed=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        if not is_number(factor) or not 0 <= factor <= 1:
            raise ValueError(f"{where(self)}: `factor` should be between 0 and 1. Received: factor={factor!r}")
        self.factor = factor
        self._set_seed(seed)

    def _draw(self, images):
        return (self._uniform((images.shape[0],), 0.0, 1.0, images) < self.factor).view(-1, 1, 1, 1)

    def _augment(self, images, chosen):
        channels = images.shape[-1 if self.data_format == "channels_last" else 1]
        if channels not in (1, 3):
            raise ValueError(f"{where(self)} expects 3 (RGB) or 1 channels. Received: inputs.shape="
                             f"{tuple(images.shape)}")
        grey = rgb_to_grayscale(images, data_format=self.data_format)
        return torch.where(chosen, grey, images)

    def get_config(self):
        return {**super().get_config(), "factor": self.factor}
