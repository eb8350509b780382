"""Bounding-box formats and the box edits that keep a format: convert, clip, crop, pad.

Formats (Keras's names): `xyxy` (corners), `yxyx`, `xywh` (corner + size),
`center_xywh`, `center_yxhw`, and the relative ones `rel_xyxy`, `rel_yxyx`, `rel_xywh`,
`rel_center_xywh` (fractions of the image's width and height). The last axis holds the
four numbers; any leading axes (boxes, batch) are kept.
"""

import torch

from ...tensors import torch_dtype

SUPPORTED_FORMATS = ("xyxy", "yxyx", "xywh", "center_xywh", "center_yxhw", "rel_xyxy",
                     "rel_yxyx", "rel_xywh", "rel_center_xywh")


def as_tensor(values, dtype=None) -> torch.Tensor:
    if isinstance(values, torch.Tensor):
        return values if dtype is None else values.to(dtype)
    return torch.as_tensor(values, dtype=dtype)


def _to_xyxy(boxes, source):
    """(x1, y1, x2, y2) in the units of `boxes` (relative formats are handled by the caller)."""
    a, b, c, d = boxes.unbind(-1)
    if source == "xyxy":
        return a, b, c, d
    if source == "yxyx":
        return b, a, d, c
    if source == "xywh":
        return a, b, a + c, b + d
    if source == "center_xywh":
        return a - c / 2.0, b - d / 2.0, a + c / 2.0, b + d / 2.0
    # center_yxhw: (cy, cx, h, w)
    return b - d / 2.0, a - c / 2.0, b + d / 2.0, a + c / 2.0


def _from_xyxy(x1, y1, x2, y2, target):
    if target == "xyxy":
        parts = (x1, y1, x2, y2)
    elif target == "yxyx":
        parts = (y1, x1, y2, x2)
    elif target == "xywh":
        parts = (x1, y1, x2 - x1, y2 - y1)
    elif target == "center_xywh":
        parts = (x1 + (x2 - x1) / 2.0, y1 + (y2 - y1) / 2.0, x2 - x1, y2 - y1)
    else:  # center_yxhw
        parts = (y1 + (y2 - y1) / 2.0, x1 + (x2 - x1) / 2.0, y2 - y1, x2 - x1)
    return torch.stack(parts, dim=-1)


def convert_format(boxes, source: str, target: str, height=None, width=None, dtype="float32"):
    """Boxes in `target` format from boxes in `source` format.

    Args:
        boxes: `(..., 4)` boxes, or a dict whose `"boxes"` entry is converted (in place,
            as Keras does; the dict is returned).
        source, target: format names (see the module docstring), case-insensitive.
        height, width: the image size; required when either format is relative.
        dtype: the dtype of the result.

    Example:

    >>> convert_format([[10.0, 20.0, 30.0, 60.0]], "xyxy", "center_xywh").tolist()
    [[20.0, 40.0, 20.0, 40.0]]
    """
    if isinstance(boxes, dict):
        boxes["boxes"] = convert_format(boxes["boxes"], source, target, height, width, dtype)
        return boxes
    shape = tuple(getattr(boxes, "shape", None) or torch.as_tensor(boxes).shape)
    if not shape or shape[-1] != 4:
        raise ValueError(
            f"`boxes` must be a tensor with the last dimension of 4. Received: boxes.shape={shape}"
        )
    source, target = source.lower(), target.lower()
    if source not in SUPPORTED_FORMATS or target not in SUPPORTED_FORMATS:
        raise ValueError(
            f"Invalid source or target format. Supported formats: {SUPPORTED_FORMATS}. "
            f"Received: source={source!r}, target={target!r}"
        )
    if (source.startswith("rel_") or target.startswith("rel_")) and (width is None or height is None):
        raise ValueError(
            "convert_format() must receive `height` and `width` to convert between relative "
            f"and absolute formats. Received source={source!r}, target={target!r}, "
            f"height={height}, width={width}."
        )
    dtype = torch_dtype(dtype)
    boxes = as_tensor(boxes, dtype)
    if source == target:
        return boxes
    if source.startswith("rel_") and target.startswith("rel_"):  # both relative: same units
        source, target = source[4:], target[4:]
    x1, y1, x2, y2 = _to_xyxy(boxes, source.removeprefix("rel_"))
    if source.startswith("rel_"):
        width, height = as_tensor(width, dtype), as_tensor(height, dtype)
        x1, y1, x2, y2 = x1 * width, y1 * height, x2 * width, y2 * height
    elif target.startswith("rel_"):
        width, height = as_tensor(width, dtype), as_tensor(height, dtype)
        x1, y1, x2, y2 = x1 / width, y1 / height, x2 / width, y2 / height
    return _from_xyxy(x1, y1, x2, y2, target.removeprefix("rel_"))


def _clip(x1, y1, x2, y2, height, width):
    def clip(v, high):
        return torch.minimum(torch.clamp(v, min=0), as_tensor(high, v.dtype))

    return clip(x1, width), clip(y1, height), clip(x2, width), clip(y2, height)


def clip_to_image_size(bounding_boxes: dict, height=None, width=None, bounding_box_format="xyxy"):
    """Clips `bounding_boxes["boxes"]` to the image; boxes left with no area get label -1.

    Only `"xyxy"` (needs `height` and `width`) and `"rel_xyxy"` (clips to [0, 1]) are
    supported, as in Keras. Returns a new dict with `"boxes"` (and `"labels"`) replaced.
    """
    if bounding_box_format not in ("xyxy", "rel_xyxy"):
        raise NotImplementedError(
            f"clip_to_image_size supports 'xyxy' and 'rel_xyxy'. Received: {bounding_box_format!r}"
        )
    if bounding_box_format == "xyxy" and (height is None or width is None):
        raise ValueError("`height` and `width` must be set if `format='xyxy'`.")
    boxes = as_tensor(bounding_boxes["boxes"])
    if bounding_box_format == "rel_xyxy":
        height = width = 1.0
    x1, y1, x2, y2 = _clip(*boxes.unbind(-1), height, width)
    result = dict(bounding_boxes)
    result["boxes"] = torch.stack((x1, y1, x2, y2), dim=-1)
    if bounding_boxes.get("labels") is not None:
        labels = as_tensor(bounding_boxes["labels"])
        result["labels"] = torch.where((x2 - x1) * (y2 - y1) > 0, labels, -1)
    return result


def _require_xyxy(function: str, bounding_box_format: str) -> None:
    if bounding_box_format != "xyxy":
        raise NotImplementedError(
            f"{function} supports only 'xyxy' boxes. Received: bounding_box_format="
            f"{bounding_box_format!r}; convert with `convert_format` first."
        )


def crop(boxes, top, left, height, width, bounding_box_format="xyxy"):
    """`xyxy` boxes in the frame of the crop window at (`top`, `left`) of size
    `height x width`, clipped to that window."""
    _require_xyxy("crop", bounding_box_format)
    x1, y1, x2, y2 = as_tensor(boxes).unbind(-1)
    return torch.stack(_clip(x1 - left, y1 - top, x2 - left, y2 - top, height, width), dim=-1)


def pad(boxes, top, left, height=None, width=None, bounding_box_format="xyxy"):
    """`xyxy` boxes moved by the padding added at the `top` and `left` of the image."""
    _require_xyxy("pad", bounding_box_format)
    x1, y1, x2, y2 = as_tensor(boxes).unbind(-1)
    return torch.stack((x1 + left, y1 + top, x2 + left, y2 + top), dim=-1)
