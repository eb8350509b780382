"""Patch extraction, padding and cropping of images."""

import math

import torch
import torch.nn.functional as F

from ..convert import convert_to_tensor
from ..nn._layout import as_tuple, check_padding, same_padding
from ._common import check_images, data_format_of

__all__ = ["crop_images", "extract_patches", "extract_patches_3d", "pad_images"]


def _patches(x, size, strides, dilation_rate, padding, data_format, rank, op):
    """Patches of `rank` spatial axes flattened as `(*size, channels)`, like Keras's
    identity-kernel convolution, but by strided views instead of arithmetic."""
    x = convert_to_tensor(x)
    if x.ndim not in (rank + 1, rank + 2):
        raise ValueError(
            f"`{op}` expects inputs of rank {rank + 1} (unbatched) or {rank + 2}. Received: "
            f"shape={tuple(x.shape)}"
        )
    data_format = data_format_of(data_format, op)
    size = as_tuple(size, rank, "size", op)
    strides = size if not strides else as_tuple(strides, rank, "strides", op)
    dilation = as_tuple(dilation_rate, rank, "dilation_rate", op)
    padding = check_padding(padding, op)
    single = x.ndim == rank + 1
    if single:
        x = x.unsqueeze(0)
    if data_format == "channels_first":
        x = x.movedim(1, -1)
    if padding == "same":
        pads = same_padding(x.shape[1:-1], size, strides, dilation)
        x = F.pad(x, [0, 0, *[v for pair in reversed(pads) for v in pair]])
    for axis in range(rank):
        effective = (size[axis] - 1) * dilation[axis] + 1
        if x.shape[1 + axis] < effective:
            raise ValueError(
                f"`{op}`: patch size {size} (dilated) is larger than the input "
                f"{tuple(x.shape[1:-1])}."
            )
        x = x.unfold(1 + axis, effective, strides[axis])[..., :: dilation[axis]]
    # x: (batch, *out, channels, *size) -> (batch, *out, *size, channels) -> flatten.
    x = x.movedim(1 + rank, -1)
    out = x.reshape(*x.shape[: 1 + rank], math.prod(size) * x.shape[-1])
    if data_format == "channels_first":
        out = out.movedim(-1, 1)
    return out.squeeze(0) if single else out


def extract_patches(
    images, size, strides=None, dilation_rate=1, padding="valid", data_format=None
) -> torch.Tensor:
    """Patches of `size` every `strides` (default `size`) as vectors on the channel axis.

    A 3-tuple `size` extracts 3D patches (as `extract_patches_3d`).

    Example:

    >>> extract_patches(torch.ones(2, 8, 8, 3), 4).shape
    torch.Size([2, 2, 2, 48])
    """
    if not isinstance(size, int) and len(size) == 3:
        return extract_patches_3d(images, size, strides, dilation_rate, padding, data_format)
    if not isinstance(size, int) and len(size) != 2:
        raise TypeError(
            f"`extract_patches`: `size` must be an int or a tuple of 2 (or 3) ints. "
            f"Received: size={size!r}"
        )
    return _patches(images, size, strides, dilation_rate, padding, data_format, 2,
                    "extract_patches")


def extract_patches_3d(
    volumes, size, strides=None, dilation_rate=1, padding="valid", data_format=None
) -> torch.Tensor:
    """3D patches of `size` every `strides` (default `size`) as vectors on the channel axis."""
    return _patches(volumes, size, strides, dilation_rate, padding, data_format, 3,
                    "extract_patches_3d")


def _resolve(before, after, target, length, names, op):
    if [before, after, target].count(None) != 1:
        raise ValueError(
            f"`{op}`: give exactly two of {', '.join(names)}. Received: "
            f"{names[0]}={before}, {names[1]}={after}, {names[2]}={target}"
        )
    for name, value in zip(names, (before, after, target)):
        if value is not None and value < 0:
            raise ValueError(f"`{op}`: {name} must be >= 0. Received: {name}={value}")
    return before, after, target


def _spatial(images, data_format, op):
    images = convert_to_tensor(images)
    check_images(images, op)
    data_format = data_format_of(data_format, op)
    h_axis = images.ndim - 3 if data_format == "channels_last" else images.ndim - 2
    return images, h_axis


def pad_images(
    images,
    top_padding=None,
    left_padding=None,
    bottom_padding=None,
    right_padding=None,
    target_height=None,
    target_width=None,
    data_format=None,
) -> torch.Tensor:
    """Zero-pads images; give two of (top, bottom, target_height) and of (left, right, width)."""
    op = "pad_images"
    images, h_axis = _spatial(images, data_format, op)
    height, width = images.shape[h_axis], images.shape[h_axis + 1]
    top, bottom, th = _resolve(top_padding, bottom_padding, target_height, height,
                               ("top_padding", "bottom_padding", "target_height"), op)
    left, right, tw = _resolve(left_padding, right_padding, target_width, width,
                               ("left_padding", "right_padding", "target_width"), op)
    top = th - bottom - height if top is None else top
    bottom = th - top - height if bottom is None else bottom
    left = tw - right - width if left is None else left
    right = tw - left - width if right is None else right
    for name, value in (("top_padding", top), ("bottom_padding", bottom),
                        ("left_padding", left), ("right_padding", right)):
        if value < 0:
            raise ValueError(
                f"`{op}`: {name} must be >= 0 (is the target smaller than the image "
                f"{height}x{width}?). Received: {name}={value}"
            )
    pads = [left, right, top, bottom]
    if h_axis + 1 != images.ndim - 1:  # channels_last: the channel axis comes last
        pads = [0, 0, *pads]
    return F.pad(images, pads)


def crop_images(
    images,
    top_cropping=None,
    left_cropping=None,
    bottom_cropping=None,
    right_cropping=None,
    target_height=None,
    target_width=None,
    data_format=None,
) -> torch.Tensor:
    """Crops images; give two of (top, bottom, target_height) and of (left, right, width)."""
    op = "crop_images"
    images, h_axis = _spatial(images, data_format, op)
    height, width = images.shape[h_axis], images.shape[h_axis + 1]
    top, bottom, th = _resolve(top_cropping, bottom_cropping, target_height, height,
                               ("top_cropping", "bottom_cropping", "target_height"), op)
    left, right, tw = _resolve(left_cropping, right_cropping, target_width, width,
                               ("left_cropping", "right_cropping", "target_width"), op)
    top = height - th - bottom if top is None else top
    th = height - bottom - top if th is None else th
    left = width - tw - right if left is None else left
    tw = width - right - left if tw is None else tw
    for name, value in (("top_cropping", top), ("target_height", th),
                        ("left_cropping", left), ("target_width", tw)):
        if value < 0:
            raise ValueError(f"`{op}`: {name} must be >= 0. Received: {name}={value}")
    if top + th > height or left + tw > width:
        raise ValueError(
            f"`{op}`: the crop ({top}+{th}, {left}+{tw}) exceeds the image {height}x{width}."
        )
    return images.narrow(h_axis, top, th).narrow(h_axis + 1, left, tw)
