"""RandomPerspective: warps images by moving their four corners by random amounts."""

import torch

from .... import random as lamina_random
from ....ops.image import perspective_transform
from ..checks import choice, is_number, number, where
from .base_image_layer import INTERPOLATIONS, BaseImagePreprocessingLayer


class RandomPerspective(BaseImagePreprocessingLayer):
    """Applies a random perspective warp during training; the identity at inference.

    Each corner `(x, y)` of an image moves to `(x + x * dx, y + y * dy)` with `dx`, `dy`
    drawn in `[-scale / 2, scale / 2]` (so the top-left corner stays put), and the image is
    warped to follow. Each image is warped with probability `p`, itself drawn per image in
    the `factor` range (Keras's rule: `factor=1.0` warps about half of the images).
    Points from outside the image are filled with `fill_value`.

    Args:
        factor: a number in `[0, 1]` (the probability is drawn in `[0, factor]`) or a pair
            `(lower, upper)`. Defaults to `1.0`.
        scale: a number in `[0, 1]`: how far the corners move. Defaults to `1.0`.
        interpolation: `"bilinear"` (default) or `"nearest"`.
        fill_value: the value of points outside the image.
        seed: optional int seed for reproducible warps.
        data_format: `"channels_last"` (default) or `"channels_first"`.

    Input shape:
        `(batch, height, width, channels)` or one image (channels first with
        `data_format="channels_first"`).

    Output shape:
        Same as the input.

    Example:

    >>> RandomPerspective(scale=0.5, seed=1)(torch.zeros(2, 8, 8, 3), training=True).shape
    torch.Size([2, 8, 8, 3])
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)

    def __init__(self, factor=1.0, scale=1.0, interpolation="bilinear", fill_value=0.0, seed=None,
                 data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.factor = self._set_factor(factor)
        if not is_number(scale) or not 0 <= scale <= 1:
            raise ValueError(f"{where(self)}: `scale` must be a number in [0, 1]. Received: scale={scale!r}")
        self.scale = scale
        self.interpolation = choice(self, "interpolation", interpolation, INTERPOLATIONS)
        self.fill_value = number(self, "fill_value", fill_value)
        self._set_seed(seed)

    def _draw(self, images):
        # Keras's order: the per-image probability, the threshold, then the corner moves.
        batch = images.shape[0]
        rows, cols = self._spatial_axes()
        height, width = images.shape[rows], images.shape[cols]
        probability = self._uniform((batch,), self.factor[0], self.factor[1], images)
        threshold = self._uniform((batch,), 0.0, 1.0, images)
        moves = lamina_random.uniform((batch, 4, 2), -0.5 * self.scale, 0.5 * self.scale,
                                      dtype=self.compute_dtype, seed=self.generator).to(images.device)
        corners = [[0.0, 0.0], [width - 1, 0.0], [0.0, height - 1], [width - 1, height - 1]]
        start = torch.tensor([corners], dtype=moves.dtype, device=images.device).expand(batch, 4, 2)
        return threshold < probability, start, start + start * moves

    def _augment(self, images, params):
        apply, start, end = params
        if images.numel() == 0:
            return images
        warped = perspective_transform(images, start, end, interpolation=self.interpolation,
                                       fill_value=self.fill_value, data_format=self.data_format)
        return torch.where(apply.view(-1, 1, 1, 1), warped, images)

    def get_config(self):
        return {
            **super().get_config(),
            "factor": self.factor,
            "scale": self.scale,
            "interpolation": self.interpolation,
            "fill_value": self.fill_value,
            "seed": self.seed,
        }
