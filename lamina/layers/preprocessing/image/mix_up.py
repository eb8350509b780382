"""MixUp: blends each image (and its label) with another image of the batch."""

import torch

from .... import random as lamina_random
from ..checks import number
from .base_image_layer import BaseImagePreprocessingLayer


class MixUp(BaseImagePreprocessingLayer):
    """Mixes images pairwise during training: `w * x + (1 - w) * x[perm]`, `w ~ Beta(alpha, alpha)`.

    Call it on `{"images": x, "labels": y}` (one-hot or float labels) to mix the labels
    with the same weights; a plain tensor mixes the images only.

    Args:
        alpha: the Beta distribution's parameter (default 0.2).
        data_format: `"channels_last"` (default) or `"channels_first"`.
        seed: optional int seed.

    Input shape:
        `(batch, height, width, channels)`, or a dict with `"images"` (and `"labels"`).

    Output shape:
        Same as the input.

    Example:

    >>> MixUp(seed=1)(torch.rand(4, 8, 8, 3), training=True).shape
    torch.Size([4, 8, 8, 3])
    """

    _USE_BASE_FACTOR = False

    def __init__(self, alpha=0.2, data_format=None, seed=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.alpha = number(self, "alpha", alpha)
        self._set_seed(seed)

    def _draw(self, images):
        batch = images.shape[0]
        order = lamina_random.shuffle(torch.arange(batch, dtype=torch.int64), seed=self.generator)
        weight = lamina_random.beta((batch,), self.alpha, self.alpha, seed=self.generator)
        return order.to(images.device), weight.to(images.device, images.dtype)

    def _augment(self, images, params):
        order, weight = params
        weight = weight.view(-1, 1, 1, 1)
        return weight * images + (1.0 - weight) * images[order]

    def _augment_labels(self, labels, params):
        order, weight = params
        weight = weight.view(-1, 1)
        return weight * labels + (1.0 - weight) * labels[order]

    def get_config(self):
        return {**super().get_config(), "alpha": self.alpha, "seed": self.seed}
