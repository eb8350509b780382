"""`affine_transform`: where boxes go when their images are rotated, shifted, scaled and
sheared (as `RandomAffine`-style layers move images): each box's corners are mapped and
the result is their enclosing axis-aligned box."""

import math

import torch

from .formats import as_tensor


def _inverse_affine_matrix(center_x, center_y, angle, translate_x, translate_y, scale,
                           shear_x, shear_y, height, width):
    """`(batch, 3, 3)` matrices, one per image, with Keras's parametrization (degrees;
    translations and the centre as fractions of the image size)."""
    angle, shear_x, shear_y = -angle, -shear_x, -shear_y
    cx, cy = center_x * (width - 1), center_y * (height - 1)
    rotation = angle * (math.pi / 180.0)
    tx, ty = -translate_x * (width - 1), -translate_y * (height - 1)
    sx, sy = shear_x * (math.pi / 180.0), shear_y * (math.pi / 180.0)
    cos_sy, tan_sx = torch.cos(sy), torch.tan(sx)
    a = torch.cos(rotation - sy) / cos_sy
    b = a * tan_sx + torch.sin(rotation)
    c = -torch.sin(rotation - sy) / cos_sy
    d = torch.cos(rotation) - c * tan_sx
    a0, a1, b0, b1 = d * scale, -b * scale, -c * scale, a * scale
    a2 = cx - a0 * (cx + tx) - a1 * (cy + ty)
    b2 = cy - b0 * (cx + tx) - b1 * (cy + ty)
    zeros, ones = torch.zeros_like(angle), torch.ones_like(angle)
    return torch.stack([a0, a1, a2, b0, b1, b2, zeros, zeros, ones], dim=-1).reshape(-1, 3, 3)


def affine_transform(boxes, angle, translate_x, translate_y, scale, shear_x, shear_y, height,
                     width, center_x=None, center_y=None, bounding_box_format="xyxy"):
    """`xyxy` boxes `(batch, N, 4)` after each image's affine transform.

    `angle`, `translate_x`, `translate_y`, `scale`, `shear_x`, `shear_y` are `(batch,)`
    tensors (degrees; translations as fractions of the size); `center_x`/`center_y` are
    fractions (default 0.5).
    """
    if bounding_box_format != "xyxy":
        raise NotImplementedError(
            f"affine_transform supports only 'xyxy' boxes. Received: {bounding_box_format!r}"
        )
    angle = as_tensor(angle)
    dtype = angle.dtype
    params = [as_tensor(p, dtype) for p in (translate_x, translate_y, scale, shear_x, shear_y)]
    matrix = _inverse_affine_matrix(0.5 if center_x is None else center_x,
                                    0.5 if center_y is None else center_y,
                                    angle, *params, height, width)
    boxes = as_tensor(boxes, matrix.dtype)
    batch, count = boxes.shape[0], boxes.shape[1]
    x1, y1, x2, y2 = boxes.unbind(-1)
    corners = torch.stack([x1, y1, x2, y1, x2, y2, x1, y2], dim=-1).reshape(batch, count, 4, 2)
    corners = torch.cat([corners, torch.ones_like(corners[..., :1])], dim=-1)
    moved = torch.einsum("bnxy,byz->bnxz", corners, matrix[:, :2, :].transpose(1, 2))
    return torch.cat([moved.amin(dim=2), moved.amax(dim=2)], dim=-1)
