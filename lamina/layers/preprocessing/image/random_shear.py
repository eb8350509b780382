"""RandomShear: shears each image along x and y by random factors."""

import torch

from ..checks import is_number, number, where
from . import affine
from .base_image_layer import BaseImagePreprocessingLayer


class RandomShear(BaseImagePreprocessingLayer):
    """Shears images by random factors during training; the identity at inference.

    An output pixel `(x, y)` samples the input at `(x + sx * y, sy * x + y)`, with
    `sx`, `sy` drawn from the factors' ranges and one random sign per image (shared by
    both axes), as in Keras.

    Args:
        x_factor: a number in `[0, 1]` (range `[-f, f]`) or a pair `(lower, upper)` in
            `[-1, 1]` (Keras takes `[0, 1]` only, so its own configs do not load back).
        y_factor: the same for the y axis.
        interpolation: `"bilinear"` (default) or `"nearest"`.
        fill_mode: `"reflect"` (default), `"wrap"`, `"constant"` or `"nearest"`.
        fill_value: the value outside the image with `fill_mode="constant"`.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        seed: optional int seed.

    Input shape:
        `(batch, height, width, channels)` or one image.

    Output shape:
        Same as the input.

    Example:

    >>> RandomShear(0.2, seed=1)(torch.zeros(2, 8, 8, 3), training=True).shape
    torch.Size([2, 8, 8, 3])
    """

    _USE_BASE_FACTOR = False

    def __init__(self, x_factor=0.0, y_factor=0.0, interpolation="bilinear", fill_mode="reflect", fill_value=0.0,
                 data_format=None, seed=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.x_factor = self._shear_factor(x_factor, "x_factor")
        self.y_factor = self._shear_factor(y_factor, "y_factor")
        self._set_sampling(fill_mode, interpolation)
        self.fill_value = number(self, "fill_value", fill_value)
        self._set_seed(seed)

    def _shear_factor(self, factor, name):
        pair = isinstance(factor, (tuple, list)) and len(factor) == 2
        # A pair may hold negatives: the config stores `(-f, f)`, and must load again.
        low = -1 if pair else 0
        if not all(is_number(v) and low <= v <= 1 for v in (factor if pair else [factor])):
            raise ValueError(f"{where(self)}: `{name}` must be a number (or a list of two numbers) in [0, 1]. "
                             f"Received: {name}={factor!r}")
        return tuple(sorted(factor)) if pair else (-abs(factor), abs(factor))

    def _draw(self, images):
        shape = (images.shape[0], 1)
        invert = self._uniform(shape, 0.0, 1.0, images)
        invert = torch.where(invert > 0.5, -torch.ones_like(invert), torch.ones_like(invert))
        shear_y = self._uniform(shape, self.y_factor[0], self.y_factor[1], images)
        shear_x = self._uniform(shape, self.x_factor[0], self.x_factor[1], images)
        return torch.cat([shear_x, shear_y], dim=1) * invert

    def _augment(self, images, shear):
        one, zero = torch.ones_like(shear[:, 0]), torch.zeros_like(shear[:, 0])
        transform = torch.stack([one, shear[:, 0], zero, shear[:, 1], one, zero, zero, zero], dim=1)
        return affine.apply(self, images, transform)

    def get_config(self):
        return {
            **super().get_config(),
            "x_factor": self.x_factor,
            "y_factor": self.y_factor,
            "fill_mode": self.fill_mode,
            "interpolation": self.interpolation,
            "seed": self.seed,
            "fill_value": self.fill_value,
        }
