"""Color-space conversions: RGB to grayscale, RGB <-> HSV (hue in `[0, 1)`)."""

import torch

from ..convert import convert_to_tensor
from ._common import check_images, data_format_of

__all__ = ["hsv_to_rgb", "rgb_to_grayscale", "rgb_to_hsv"]


def _channel_axis(images, data_format, op):
    check_images(images, op)
    return -1 if data_format_of(data_format, op) == "channels_last" else -3


def rgb_to_grayscale(images, data_format=None) -> torch.Tensor:
    """`0.2989 R + 0.587 G + 0.114 B`, keeping a size-1 channel axis and the input dtype."""
    images = convert_to_tensor(images)
    axis = _channel_axis(images, data_format, "rgb_to_grayscale")
    if images.shape[axis] not in (1, 3):
        raise ValueError(
            "`rgb_to_grayscale`: expected 3 (RGB) or 1 (grayscale) channels. Received: "
            f"images.shape={tuple(images.shape)}"
        )
    if images.shape[axis] == 1:
        return images.clone()
    r, g, b = images.unbind(dim=axis)
    return (0.2989 * r + 0.587 * g + 0.114 * b).to(images.dtype).unsqueeze(axis)


def _float_images(images, op):
    images = convert_to_tensor(images)
    if not images.is_floating_point():
        raise ValueError(f"`{op}`: expected float images. Received: images.dtype={images.dtype}")
    return images


def rgb_to_hsv(images, data_format=None) -> torch.Tensor:
    """RGB in `[0, 1]` to HSV with all three channels in `[0, 1]`."""
    images = _float_images(images, "rgb_to_hsv")
    axis = _channel_axis(images, data_format, "rgb_to_hsv")
    images = torch.where(images.abs() < torch.finfo(images.dtype).eps, 0.0, images)
    r, g, b = images.unbind(dim=axis)
    value = torch.maximum(torch.maximum(r, g), b)
    spread = value - torch.minimum(torch.minimum(r, g), b)
    saturation = torch.where(value > 0, spread / torch.where(value > 0, value, 1.0), 0.0)
    norm = 1.0 / (6.0 * torch.where(spread > 0, spread, 1.0))
    hue = torch.where(value == g, norm * (b - r) + 2.0 / 6.0, norm * (r - g) + 4.0 / 6.0)
    hue = torch.where(value == r, norm * (g - b), hue)
    hue = torch.where(spread > 0, hue, 0.0) + (hue < 0.0).to(hue.dtype)
    return torch.stack((hue, saturation, value), dim=axis)


def hsv_to_rgb(images, data_format=None) -> torch.Tensor:
    """HSV with channels in `[0, 1]` back to RGB."""
    images = _float_images(images, "hsv_to_rgb")
    axis = _channel_axis(images, data_format, "hsv_to_rgb")
    hue, saturation, value = images.unbind(dim=axis)
    dh = torch.remainder(hue, 1.0) * 6.0
    dr = torch.clamp((dh - 3.0).abs() - 1.0, 0.0, 1.0)
    dg = torch.clamp(2.0 - (dh - 2.0).abs(), 0.0, 1.0)
    db = torch.clamp(2.0 - (dh - 4.0).abs(), 0.0, 1.0)
    rest = 1.0 - saturation
    planes = [value * (rest + saturation * d) for d in (dr, dg, db)]
    return torch.stack(planes, dim=axis)
