"""CutMix: pastes a random patch of another image of the batch into each image."""

import torch

from .... import random as lamina_random
from .base_image_layer import BaseImagePreprocessingLayer


class CutMix(BaseImagePreprocessingLayer):
    """Replaces a random box of each image with the same box of another image (training).

    The box covers a fraction `1 - w` of the image, `w ~ Beta(a, a)` with `a` drawn from
    `factor`; labels passed as `{"images": x, "labels": y}` are mixed by the exact
    pasted area. A single (unbatched) image is returned unchanged.

    Args:
        factor: a number in `[0, 1]` (range `[0, f]` for `a`) or a pair.
        seed: optional int seed.
        data_format: `"channels_last"` (default) or `"channels_first"`.

    Input shape:
        `(batch, height, width, channels)`, or a dict with `"images"` (and `"labels"`).

    Output shape:
        Same as the input.

    Example:

    >>> CutMix(seed=1)(torch.rand(4, 8, 8, 3), training=True).shape
    torch.Size([4, 8, 8, 3])
    """

    _FACTOR_BOUNDS = (0, 1)
    _BATCH_ONLY = True

    def __init__(self, factor=1.0, seed=None, data_format=None, **kwargs):
        super().__init__(factor=factor, data_format=data_format, **kwargs)
        self._set_seed(seed)

    def _bounds(self, batch, length, ratio, images):
        crop = ratio * length
        start = self._uniform((batch,), 0.0, 1.0, images) * (length - crop)
        return start, start + crop

    def _draw(self, images):
        batch = images.shape[0]
        rows, cols = self._spatial_axes()
        height, width = images.shape[rows], images.shape[cols]
        alpha = float(self._uniform((), self.factor[0], self.factor[1], images)) + 1e-6
        weight = lamina_random.beta((batch,), alpha, alpha, seed=self.generator).to(images.device)
        ratio = torch.sqrt(1.0 - weight)
        x0, x1 = self._bounds(batch, width, ratio, images)
        y0, y1 = self._bounds(batch, height, ratio, images)
        order = lamina_random.shuffle(torch.arange(batch, dtype=torch.int32), seed=self.generator)
        shape = [1, 1, 1, 1]
        shape[rows] = -1
        ys = torch.arange(height, dtype=images.dtype, device=images.device).view(shape)
        shape[rows], shape[cols] = 1, -1
        xs = torch.arange(width, dtype=images.dtype, device=images.device).view(shape)
        x0, x1, y0, y1 = (v.view(-1, 1, 1, 1) for v in (x0, x1, y0, y1))
        box = (xs >= x0) & (xs < x1) & (ys >= y0) & (ys < y1)
        pasted = 1.0 - (x1 - x0) * (y1 - y0) / (width * height)
        return order.to(images.device).long(), box, pasted.view(-1)

    def _augment(self, images, params):
        order, box, _ = params
        return torch.where(box, images[order], images)

    def _augment_labels(self, labels, params):
        order, _, weight = params
        weight = weight.view(-1, 1).to(labels.dtype)
        return weight * labels + (1.0 - weight) * labels[order]

    def get_config(self):
        return {**super().get_config(), "factor": self.factor, "seed": self.seed}
