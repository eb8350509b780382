"""RandomErasing: blanks out a random rectangle of some images."""

import torch

from .... import random as lamina_random
from ..checks import is_number, where
from .base_image_layer import BaseImagePreprocessingLayer


class RandomErasing(BaseImagePreprocessingLayer):
    """Erases one random rectangle per image (with a random probability) during training.

    The rectangle's sides are `sqrt(s) * width` and `sqrt(s') * height` for `s, s'`
    drawn from `scale`; an image is erased when a uniform draw falls below a probability
    drawn from `factor`. The rectangle is filled with `fill_value`, or with Gaussian
    noise times the top of `value_range` when it is None, clipped to `value_range`.

    Args:
        factor: a number in `[0, 1]` (probability range `[0, f]`) or a pair.
        scale: the range of the erased area fraction per side, squared (default
            `(0.02, 0.33)`).
        fill_value: a number, three numbers (one per channel), or None for noise.
        value_range: `(low, high)` of the pixel values.
        seed: optional int seed.
        data_format: `"channels_last"` (default) or `"channels_first"`.

    Input shape:
        `(batch, height, width, channels)` or one image.

    Output shape:
        Same as the input.

    Example:

    >>> RandomErasing(seed=1)(torch.ones(2, 8, 8, 3), training=True).shape
    torch.Size([2, 8, 8, 3])
    """

    _FACTOR_BOUNDS = (0, 1)

    def __init__(self, factor=1.0, scale=(0.02, 0.33), fill_value=None, value_range=(0, 255), seed=None,
                 data_format=None, **kwargs):
        super().__init__(factor=factor, data_format=data_format, **kwargs)
        self.scale = self._set_factor(scale, "scale")
        if fill_value is not None and not (
            is_number(fill_value)
            or (isinstance(fill_value, (tuple, list)) and len(fill_value) == 3 and all(map(is_number, fill_value)))
        ):
            raise ValueError(f"{where(self)}: `fill_value` must be None, a number or a list of three numbers. "
                             f"Received: fill_value={fill_value!r}")
        self.fill_value = fill_value
        self.value_range = self._set_value_range(value_range)
        self._set_seed(seed)

    def _bounds(self, batch, length, ratio, images):
        crop = ratio * length
        start = self._uniform((batch,), 0.0, 1.0, images) * (length - crop)
        return start, start + crop

    def _draw(self, images):
        batch = images.shape[0]
        rows, cols = self._spatial_axes()
        weight = torch.sqrt(self._uniform((batch, 2), self.scale[0], self.scale[1], images))
        x0, x1 = self._bounds(batch, images.shape[cols], weight[:, 0], images)
        y0, y1 = self._bounds(batch, images.shape[rows], weight[:, 1], images)
        probability = self._uniform((batch,), self.factor[0], self.factor[1], images)
        erase = self._uniform((batch,), 0.0, 1.0, images) < probability
        if self.fill_value is None:
            noise = lamina_random.normal(tuple(images.shape), seed=self.generator).to(images.device)
            fill = noise * self.value_range[1]
        else:
            fill = torch.tensor(self.fill_value, dtype=images.dtype, device=images.device)
            if fill.ndim and self.data_format == "channels_first":
                fill = fill.view(-1, 1, 1)
            fill = torch.ones_like(images) * fill
        fill = torch.clamp(fill, self.value_range[0], self.value_range[1])
        return (x0, x1, y0, y1), erase, fill

    def _augment(self, images, params):
        (x0, x1, y0, y1), erase, fill = params
        rows, cols = self._spatial_axes()
        shape = [1, 1, 1, 1]
        shape[rows] = -1
        ys = torch.arange(images.shape[rows], dtype=images.dtype, device=images.device).view(shape)
        shape[rows], shape[cols] = 1, -1
        xs = torch.arange(images.shape[cols], dtype=images.dtype, device=images.device).view(shape)
        x0, x1, y0, y1 = (v.view(-1, 1, 1, 1) for v in (x0, x1, y0, y1))
        inside = (xs >= x0) & (xs < x1) & (ys >= y0) & (ys < y1)
        return torch.where(inside & erase.view(-1, 1, 1, 1), fill, images)

    def get_config(self):
        return {
            **super().get_config(),
            "factor": self.factor,
            "scale": self.scale,
            "fill_value": self.fill_value,
            "value_range": self.value_range,
            "seed": self.seed,
        }
