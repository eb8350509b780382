"""RandomPosterization: keeps only the top bits of each 8-bit pixel value."""

import torch

from .... import random as lamina_random
from ..checks import where
from .base_image_layer import BaseImagePreprocessingLayer
from .color import check_distinct, rescale


class RandomPosterization(BaseImagePreprocessingLayer):
    """Reduces each image to `bits` bits per channel during training; identity at inference.

    The images are mapped to `[0, 255]`, truncated to 8-bit integers, and the lowest
    `8 - bits` bits are zeroed; then they go back to `value_range`. `bits` is drawn per
    image from `[lower, upper)` of `factor` (Keras's `randint`: the upper end is excluded
    unless both ends are equal). Values outside `value_range` are clipped first (Keras's
    uint8 cast would wrap them).

    Args:
        factor: an int in `[1, 8]` (range `[1, factor]`) or a pair of ints `(lower, upper)`.
        value_range: `(low, high)` of the pixel values (sorted).
        data_format: `"channels_last"` (default) or `"channels_first"`.
        seed: optional int seed.

    Input shape:
        `(batch, height, width, channels)` or one image.

    Output shape:
        Same as the input.

    Example:

    >>> RandomPosterization((2, 2))(torch.tensor([[[[200.0]]]]), training=True).tolist()
    [[[[192.0]]]]
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (1, 8)

    def __init__(self, factor, value_range=(0, 255), data_format=None, seed=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        values = factor if isinstance(factor, (tuple, list)) else [factor]
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            raise ValueError(f"{where(self)}: `factor` must be an int (or a list of two ints) in [1, 8]. "
                             f"Received: factor={factor!r}")
        self.factor = self._set_factor(factor)
        self.value_range = self._set_value_range(value_range, sort=True)
        check_distinct(self, self.value_range)
        self._set_seed(seed)

    def _draw(self, images):
        low, high = self.factor
        batch = images.shape[0]
        if low == high:  # Keras draws nothing then: the generator does not move
            bits = torch.full((batch,), low, dtype=torch.uint8)
        else:
            bits = lamina_random.randint((batch,), low, high, dtype="uint8", seed=self.generator)
        return (8 - bits).to(images.device)

    def _augment(self, images, shift):
        shift = shift.view(-1, 1, 1, 1)
        pixels = torch.clamp(rescale(images, self.value_range, (0, 255)), 0, 255).to(torch.uint8)
        pixels = torch.bitwise_left_shift(torch.bitwise_right_shift(pixels, shift), shift)
        return rescale(pixels.to(images.dtype), (0, 255), self.value_range)

    def get_config(self):
        return {**super().get_config(), "factor": self.factor, "value_range": self.value_range, "seed": self.seed}
