"""ContrastLimitedAdaptiveHistogramEqualization (CLAHE): equalization per tile, blended."""

import torch
import torch.nn.functional as F

from ..checks import number, where
from .base_image_layer import BaseImagePreprocessingLayer
from .color import check_distinct, rescale


def _tile_maps(padded, grid, tile, clip_limit):
    """Each tile's clipped, equalized mapping of the 256 levels, edge tiles repeated once
    around the grid: `(batch, grid_h + 2, grid_w + 2, channels, 256)`."""
    (batch, _, _, channels), (grid_h, grid_w), (tile_h, tile_w) = padded.shape, grid, tile
    tiles = padded.reshape(batch, grid_h, tile_h, grid_w, tile_w, channels).permute(0, 1, 3, 5, 2, 4)
    levels = torch.clamp(tiles.reshape(batch, grid_h, grid_w, channels, tile_h * tile_w), 0, 255).to(torch.int64)
    groups = batch * grid_h * grid_w * channels
    offsets = torch.arange(groups, device=padded.device).view(batch, grid_h, grid_w, channels, 1) * 256
    hists = torch.bincount((levels + offsets).reshape(-1), minlength=groups * 256)
    hists = hists.view(batch, grid_h, grid_w, channels, 256)
    if clip_limit > 0:
        # Keras casts the limit to the counts' integer dtype: it truncates, so a limit
        # below one clears the histogram and its pixels are spread evenly.
        clipped = torch.clamp(hists, 0, int(clip_limit * (tile_h * tile_w) / 256.0))
        hists = clipped + (hists - clipped).sum(dim=-1, keepdim=True) / 256.0
    cdf = hists.cumsum(dim=-1)
    cdf_min = cdf.amin(dim=-1, keepdim=True)
    span = tile_h * tile_w - cdf_min
    maps = torch.clamp((cdf - cdf_min) * 255.0 / torch.where(span == 0, 1, span), 0, 255)
    maps = torch.cat([maps[:, :1], maps, maps[:, -1:]], dim=1)
    return torch.cat([maps[:, :, :1], maps, maps[:, :, -1:]], dim=2)


def _neighbours(size, tile, grid, device):
    """For each padded row (or column): the two tile centres around it and the weight of
    the second, in the edge-padded grid's coordinates."""
    position = (torch.arange(size, dtype=torch.float32, device=device) - tile / 2.0) / tile + 1.0
    first = torch.floor(position)
    weight = position - first
    first, second = (torch.clamp(i, 0, grid + 1).to(torch.int64) for i in (first, first + 1.0))
    return first, second, weight


def _clahe(images, grid, clip_limit):
    """CLAHE of NHWC float32 images in the [0, 255] scale."""
    batch, height, width, channels = images.shape
    grid_h, grid_w = grid
    tile_h, tile_w = -(-height // grid_h), -(-width // grid_w)
    pad_h, pad_w = tile_h * grid_h - height, tile_w * grid_w - width
    padded = images
    if pad_h or pad_w:  # repeat the last row / column (Keras's torch backend "symmetric")
        padded = F.pad(images.permute(0, 3, 1, 2), (0, pad_w, 0, pad_h), mode="replicate").permute(0, 2, 3, 1)
    maps = _tile_maps(padded, grid, (tile_h, tile_w), clip_limit)
    y0, y1, wy = _neighbours(tile_h * grid_h, tile_h, grid_h, images.device)
    x0, x1, wx = _neighbours(tile_w * grid_w, tile_w, grid_w, images.device)
    levels = torch.clamp(padded, 0, 255).to(torch.int64)
    b = torch.arange(batch, device=images.device).view(-1, 1, 1, 1)
    c = torch.arange(channels, device=images.device).view(1, 1, 1, -1)
    y0, y1, wy = y0.view(1, -1, 1, 1), y1.view(1, -1, 1, 1), wy.view(1, -1, 1, 1)
    x0, x1, wx = x0.view(1, 1, -1, 1), x1.view(1, 1, -1, 1), wx.view(1, 1, -1, 1)
    top = maps[b, y0, x0, c, levels] * (1.0 - wx) + maps[b, y0, x1, c, levels] * wx
    bottom = maps[b, y1, x0, c, levels] * (1.0 - wx) + maps[b, y1, x1, c, levels] * wx
    return (top * (1.0 - wy) + bottom * wy)[:, :height, :width, :]


class ContrastLimitedAdaptiveHistogramEqualization(BaseImagePreprocessingLayer):
    """Equalizes contrast locally: per tile of a grid, with clipped histograms, always.

    In the `[0, 255]` scale, each image channel is cut into `tile_grid_size` tiles (the
    bottom and right edges padded by repetition to fit); each tile's 256-level histogram
    is clipped at `clip_limit * tile_pixels / 256` with the excess spread evenly, turned
    into an equalizing map, and every pixel blends the maps of its four nearest tiles
    bilinearly. It draws nothing, so, as in Keras, it runs in training and at inference
    alike. Integer images come back in their dtype (truncated), as in Keras.

    Args:
        value_range: `(low, high)` of the pixel values.
        clip_limit: the histogram clip, relative to a flat histogram; `<= 0` disables it.
        tile_grid_size: `(rows, columns)` of tiles, each at most the image's size.
        data_format: `"channels_last"` (default) or `"channels_first"`.

    Input shape:
        `(batch, height, width, channels)` or one image.

    Output shape:
        Same as the input.

    Example:

    >>> ContrastLimitedAdaptiveHistogramEqualization(tile_grid_size=(2, 2))(torch.rand(1, 8, 8, 3) * 255).shape
    torch.Size([1, 8, 8, 3])
    """

    _USE_BASE_FACTOR = False
    _KEEPS_INTEGERS = True

    def __init__(self, value_range=(0, 255), clip_limit=4.0, tile_grid_size=(8, 8), data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.value_range = self._set_value_range(value_range)
        check_distinct(self, self.value_range)
        self.clip_limit = number(self, "clip_limit", clip_limit)
        if (
            not isinstance(tile_grid_size, (tuple, list))
            or len(tile_grid_size) != 2
            or not all(isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in tile_grid_size)
        ):
            raise ValueError(f"{where(self)}: `tile_grid_size` must be a pair of positive ints (rows, columns). "
                             f"Received: tile_grid_size={tile_grid_size!r}")
        self.tile_grid_size = tile_grid_size

    def _augment(self, images, params):
        return self._infer(images)

    def _infer(self, images):
        if images.numel() == 0:
            return images
        channels_last = self.data_format == "channels_last"
        nhwc = images if channels_last else images.permute(0, 2, 3, 1)
        if nhwc.shape[1] < self.tile_grid_size[0] or nhwc.shape[2] < self.tile_grid_size[1]:
            raise ValueError(
                f"{where(self)}: `tile_grid_size={tuple(self.tile_grid_size)}` has more tiles than the images "
                f"have pixels (height {nhwc.shape[1]}, width {nhwc.shape[2]}). Use a smaller grid."
            )
        scaled = rescale(nhwc.float(), self.value_range, (0, 255))
        outputs = _clahe(torch.nan_to_num(scaled, nan=0.0), self.tile_grid_size, self.clip_limit)
        outputs = torch.where(scaled.isnan(), scaled, outputs)  # a NaN pixel stays NaN
        outputs = rescale(outputs, (0, 255), self.value_range).to(images.dtype)
        return outputs if channels_last else outputs.permute(0, 3, 1, 2)

    def get_config(self):
        return {
            **super().get_config(),
            "value_range": self.value_range,
            "clip_limit": self.clip_limit,
            "tile_grid_size": self.tile_grid_size,
        }
