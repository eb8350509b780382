"""Colour helpers shared by the colour augmentation layers: RGB <-> HSV and value ranges.

The HSV formulas are Keras's torch-backend ones (dm_pix's): hue, saturation and value
all in `[0, 1]` for RGB in `[0, 1]`, hue 0 for grey pixels, and pixels within float
epsilon of zero treated as zero. They work on any scale (saturation is a ratio and value
keeps the input's scale), which RandomSaturation relies on as Keras does.
"""

import torch

from ..checks import where


def channel_axis(layer) -> int:
    """The channel axis of a 4D batch in the layer's `data_format`."""
    return -1 if layer.data_format == "channels_last" else 1


def check_rgb(layer, images: torch.Tensor) -> None:
    if images.shape[channel_axis(layer)] != 3:
        raise ValueError(
            f"{where(layer)} expects RGB images (3 channels on the "
            f"{'last' if layer.data_format == 'channels_last' else 'first non-batch'} axis). "
            f"Received: inputs.shape={tuple(images.shape)}"
        )


def rgb_to_hsv(images: torch.Tensor, axis: int) -> torch.Tensor:
    images = torch.where(images.abs() < torch.finfo(images.dtype).eps, 0.0, images)
    red, green, blue = images.unbind(dim=axis)
    value = torch.maximum(torch.maximum(red, green), blue)
    spread = value - torch.minimum(torch.minimum(red, green), blue)
    saturation = torch.where(value > 0, spread / torch.where(value > 0, value, 1.0), 0.0)
    norm = 1.0 / (6.0 * torch.where(spread > 0, spread, 1.0))
    hue = torch.where(value == green, norm * (blue - red) + 2.0 / 6.0, norm * (red - green) + 4.0 / 6.0)
    hue = torch.where(value == red, norm * (green - blue), hue)
    hue = torch.where(spread > 0, hue, 0.0) + (hue < 0.0).to(hue.dtype)
    return torch.stack((hue, saturation, value), dim=axis)


def hsv_to_rgb(images: torch.Tensor, axis: int) -> torch.Tensor:
    hue, saturation, value = images.unbind(dim=axis)
    sixths = torch.remainder(hue, 1.0) * 6.0
    weights = (
        torch.clamp((sixths - 3.0).abs() - 1.0, 0.0, 1.0),
        torch.clamp(2.0 - (sixths - 2.0).abs(), 0.0, 1.0),
        torch.clamp(2.0 - (sixths - 4.0).abs(), 0.0, 1.0),
    )
    grey = 1.0 - saturation
    return torch.stack([value * (grey + saturation * w) for w in weights], dim=axis)


def rescale(images: torch.Tensor, source, target) -> torch.Tensor:
    """Maps `source` (low, high) onto `target` linearly; a no-op when they are equal.

    Same arithmetic as Keras's `_transform_value_range` (divide by the source width, then
    scale), so results agree to the last bit on the same device.
    """
    if source[0] == target[0] and source[1] == target[1]:
        return images
    unit = (images - float(source[0])) / (float(source[1]) - float(source[0]))
    return unit * (float(target[1]) - float(target[0])) + float(target[0])


def check_distinct(layer, value_range) -> None:
    """A range the layer divides by must have two different ends."""
    if value_range[0] == value_range[1]:
        raise ValueError(
            f"{where(layer)}: `value_range` needs two different numbers (the layer rescales "
            f"by its width). Received: value_range={value_range!r}"
        )
