"""Overlap between boxes: pairwise IoU and the complete IoU (CIoU) of matched boxes."""

import math

import torch

from ...config import epsilon
from .formats import convert_format


def _image_size(image_shape):
    return (None, None) if image_shape is None else tuple(image_shape[:2])


def compute_iou(boxes1, boxes2, bounding_box_format: str, use_masking: bool = False,
                mask_val=-1, image_shape=None) -> torch.Tensor:
    """Intersection over union of every box in `boxes1` with every box in `boxes2`.

    Args:
        boxes1: `(N, 4)` or batched `(batch, N, 4)` boxes.
        boxes2: `(M, 4)` or `(batch, M, 4)` boxes.
        bounding_box_format: the boxes' format (relative formats need `image_shape`).
        use_masking: give pairs where either box is padding (all coordinates negative)
            the value `mask_val` instead of their IoU.
        image_shape: `(height, width, channels)` of the image.

    Returns:
        `(N, M)` (or `(batch, N, M)`) IoUs in [0, 1].
    """
    boxes1, boxes2 = torch.as_tensor(boxes1), torch.as_tensor(boxes2)
    for name, boxes in (("boxes1", boxes1), ("boxes2", boxes2)):
        if boxes.dim() not in (2, 3):
            raise ValueError(
                f"compute_iou() expects {name} to be batched or unbatched: rank 3 or 2. "
                f"Received len(boxes1.shape)={boxes1.dim()}, len(boxes2.shape)={boxes2.dim()}."
            )
    if "rel" in bounding_box_format and image_shape is None:
        raise ValueError(
            "When using relative bounding box formats (e.g. `rel_yxyx`) the `image_shape` "
            f"argument must be provided. Received `image_shape`: {image_shape}"
        )
    height, width = _image_size(image_shape)
    a = convert_format(boxes1, bounding_box_format, "xyxy", height, width)
    b = convert_format(boxes2, bounding_box_format, "xyxy", height, width)
    top_left = torch.maximum(a[..., :, None, :2], b[..., None, :, :2])
    bottom_right = torch.minimum(a[..., :, None, 2:], b[..., None, :, 2:])
    sides = torch.clamp(bottom_right - top_left, min=0)
    intersection = sides[..., 0] * sides[..., 1]
    area_a = (a[..., 2] - a[..., 0]) * (a[..., 3] - a[..., 1])
    area_b = (b[..., 2] - b[..., 0]) * (b[..., 3] - b[..., 1])
    union = area_a[..., :, None] + area_b[..., None, :] - intersection
    iou = intersection / (union + epsilon())
    if not use_masking:
        return iou
    padding = (a.amax(-1) < 0)[..., :, None] | (b.amax(-1) < 0)[..., None, :]
    return torch.where(padding, torch.as_tensor(mask_val, dtype=iou.dtype), iou)


def compute_ciou(boxes1, boxes2, bounding_box_format: str, image_shape=None) -> torch.Tensor:
    """Complete IoU of matched boxes (`boxes1[i]` with `boxes2[i]`): IoU minus a centre
    distance term and an aspect-ratio term, as used by the CIoU loss. Shapes `(..., 4)`
    in, `(...)` out. Relative formats are not accepted (as in Keras)."""
    if "rel" in bounding_box_format:
        raise ValueError(
            "compute_ciou() does not accept relative bounding box formats (e.g. `rel_yxyx`). "
            f"Received: bounding_box_format={bounding_box_format!r}"
        )
    height, width = _image_size(image_shape)
    eps = epsilon()
    x1a, y1a, x2a, y2a = convert_format(boxes1, bounding_box_format, "xyxy", height, width).unbind(-1)
    x1b, y1b, x2b, y2b = convert_format(boxes2, bounding_box_format, "xyxy", height, width).unbind(-1)
    width_a, height_a = x2a - x1a, y2a - y1a + eps
    width_b, height_b = x2b - x1b, y2b - y1b + eps
    intersection = (torch.clamp(torch.minimum(x2a, x2b) - torch.maximum(x1a, x1b), min=0)
                    * torch.clamp(torch.minimum(y2a, y2b) - torch.maximum(y1a, y1b), min=0))
    union = width_a * height_a + width_b * height_b - intersection + eps
    iou = intersection / (union + eps)
    hull_diagonal = ((torch.maximum(x2a, x2b) - torch.minimum(x1a, x1b)) ** 2
                     + (torch.maximum(y2a, y2b) - torch.minimum(y1a, y1b)) ** 2 + eps)
    centre_distance = ((x1a + x2a) / 2 - (x1b + x2b) / 2) ** 2 + ((y1a + y2a) / 2 - (y1b + y2b) / 2) ** 2
    v = 4 / math.pi**2 * (torch.atan(width_b / height_b) - torch.atan(width_a / height_a)) ** 2
    alpha = v / (v - iou + (1 + eps))
    return iou - (centre_distance / hull_diagonal + v * alpha)
