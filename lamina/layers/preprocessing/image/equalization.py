"""Equalization: histogram equalization of each channel."""

import torch

from ..checks import positive_int
from .base_image_layer import BaseImagePreprocessingLayer
from .color import check_distinct


def _scale(values, source, target):
    """Keras's `Equalization._scale_values` arithmetic (a multiply-add), kept for bitwise parity."""
    scale = (target[1] - target[0]) / (source[1] - source[0])
    return values * scale + (target[0] - source[0] * scale)


class Equalization(BaseImagePreprocessingLayer):
    """Equalizes each channel's histogram during training; the identity at inference.

    In the `[0, 255]` scale, values are counted into `bins` equal bins, and each value is
    replaced by its bin's cumulative share of the pixels, stretched to `[0, 255]` and
    rounded. A channel whose values all fall in one bin is left as it is. As in Keras,
    the histogram of a channel is taken over the whole batch (not per image), so a batch
    equalizes as one mosaic; call the layer on single images for per-image histograms.

    Args:
        value_range: `(low, high)` of the pixel values (sorted).
        bins: the number of histogram bins (default 256).
        data_format: `"channels_last"` (default) or `"channels_first"`.

    Input shape:
        `(batch, height, width, channels)` or one image.

    Output shape:
        Same as the input.

    Example:

    >>> Equalization()(torch.tensor([[[[10.0], [20.0], [20.0], [30.0]]]]), training=True).tolist()
    [[[[0.0], [170.0], [170.0], [255.0]]]]
    """

    _USE_BASE_FACTOR = False

    def __init__(self, value_range=(0, 255), bins=256, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.bins = positive_int(self, "bins", bins)
        self.value_range = self._set_value_range(value_range, sort=True)
        check_distinct(self, self.value_range)

    def _augment(self, images, params):
        if images.numel() == 0:
            return images
        axis = -1 if self.data_format == "channels_last" else 1
        # (channels, everything else): one histogram per channel over the whole batch.
        moved = images.movedim(axis, 0)
        planes = _scale(moved.reshape(moved.shape[0], -1).float(), self.value_range, (0, 255))
        channels, bins = planes.shape[0], self.bins
        index = torch.clamp((planes * (bins - 1) / 255.0).to(torch.int32), 0, bins - 1).long()
        offsets = torch.arange(channels, device=images.device).view(-1, 1) * bins
        hist = torch.bincount((index + offsets).reshape(-1), minlength=channels * bins).view(channels, bins)
        cdf = hist.cumsum(dim=1)
        cdf_min = torch.where(cdf > 0, cdf, cdf[:, -1:]).amin(dim=1, keepdim=True)  # the first nonzero
        span = cdf[:, -1:] - cdf_min
        table = torch.clamp(torch.round((cdf - cdf_min) * 255 / torch.where(span == 0, 1, span)), 0, 255)
        lookup = torch.clamp(torch.nan_to_num(planes / 255.0 * (bins - 1), nan=0.0), 0, bins - 1)
        equalized = torch.gather(table, 1, lookup.to(torch.int32).long())
        equalized = torch.where(planes.isnan(), planes, equalized)  # a NaN pixel stays NaN
        equalized = torch.where((hist > 0).sum(dim=1, keepdim=True) <= 1, planes, equalized)
        equalized = _scale(equalized, (0, 255), self.value_range)
        return equalized.reshape(moved.shape).movedim(0, axis).to(images.dtype)

    def get_config(self):
        return {**super().get_config(), "bins": self.bins, "value_range": self.value_range}
