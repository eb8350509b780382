"""`resize` on `torch.nn.functional.interpolate`, with Keras's crop/pad to aspect ratio."""

import torch
import torch.nn.functional as F

from ..convert import convert_to_tensor
from ._common import batched_nhwc, check_images, data_format_of, restore

__all__ = ["resize"]

_MODES = {"bilinear": "bilinear", "nearest": "nearest-exact", "bicubic": "bicubic"}


def _crop_box(height, width, target_h, target_w):
    crop_h = max(min(height, int(float(width * target_h) / target_w)), 1)
    crop_w = max(min(width, int(float(height * target_w) / target_h)), 1)
    top, left = int(float(height - crop_h) / 2), int(float(width - crop_w) / 2)
    return slice(top, top + crop_h), slice(left, left + crop_w)


def _pad_to_ratio(x, target_h, target_w, fill_value):
    height, width = x.shape[-2:]
    pad_h = max(height, int(float(width * target_h) / target_w))
    pad_w = max(width, int(float(height * target_w) / target_h))
    top, left = int(float(pad_h - height) / 2), int(float(pad_w - width) / 2)
    # Keras pads the same amount on both sides (an odd remainder is dropped).
    return F.pad(x, (left, left, top, top), value=float(fill_value))


def resize(
    images,
    size,
    interpolation="bilinear",
    antialias=False,
    crop_to_aspect_ratio=False,
    pad_to_aspect_ratio=False,
    fill_mode="constant",
    fill_value=0.0,
    data_format=None,
) -> torch.Tensor:
    """Resizes 3D/4D images to `size = (height, width)`; integer images are rounded back.

    Example:

    >>> resize(torch.ones(2, 8, 8, 3), (4, 6)).shape
    torch.Size([2, 4, 6, 3])
    """
    data_format = data_format_of(data_format, "resize")
    if interpolation in ("lanczos3", "lanczos5"):
        raise ValueError(
            "`resize`: Lanczos interpolation is not supported with PyTorch (as in Keras). "
            f"Received: interpolation={interpolation!r}"
        )
    if interpolation not in _MODES:
        raise ValueError(
            f"`resize`: `interpolation` must be one of {tuple(_MODES)}. Received: "
            f"interpolation={interpolation!r}"
        )
    if fill_mode != "constant":
        raise ValueError(
            f"`resize`: only fill_mode='constant' is supported. Received: fill_mode={fill_mode!r}"
        )
    if pad_to_aspect_ratio and crop_to_aspect_ratio:
        raise ValueError("`resize`: only one of pad_to_aspect_ratio and crop_to_aspect_ratio "
                         "can be True.")
    if len(size) != 2:
        raise ValueError(f"`resize`: `size` must be (height, width). Received: size={size!r}")
    images = convert_to_tensor(images)
    check_images(images, "resize")
    out_dtype = images.dtype
    x, single = batched_nhwc(images, data_format)
    x = x.permute(0, 3, 1, 2)
    if x.dtype not in (torch.float32, torch.float64):
        x = x.float()
    target_h, target_w = size
    if crop_to_aspect_ratio:
        rows, cols = _crop_box(*x.shape[-2:], target_h, target_w)
        x = x[:, :, rows, cols]
    elif pad_to_aspect_ratio:
        x = _pad_to_ratio(x, target_h, target_w, fill_value)
    mode = _MODES[interpolation]
    out = F.interpolate(
        x,
        size=tuple(size),
        mode=mode,
        align_corners=False if mode in ("bilinear", "bicubic") else None,
        antialias=antialias and mode in ("bilinear", "bicubic"),
    )
    if interpolation == "bicubic" and out_dtype == torch.uint8:
        out = out.clamp(0, 255)
    out = restore(out.permute(0, 2, 3, 1), data_format, single)
    if out.dtype != out_dtype:
        if not out_dtype.is_floating_point:
            out = torch.round(out)
        out = out.to(out_dtype)
    return out
