"""The 8-number affine transforms of the geometric augmentation layers, and their use.

Each row `[a0, a1, a2, b0, b1, b2, 0, 0]` maps an output pixel `(x, y)` to the input point
`(a0 x + a1 y + a2, b0 x + b1 y + b2)` it samples, as `ops.image.affine_transform`
expects. The formulas follow Keras's layers (keras/src/layers/preprocessing/
image_preprocessing/base_image_preprocessing_layer.py `_compute_affine_matrix`,
random_zoom.py `_get_zoom_matrix`, random_translation.py `_get_translation_matrix`),
written in the same operation order so float32 results agree.
"""

import math

import torch

from ....ops.image import affine_transform


def rotation(angle: torch.Tensor, height: int, width: int) -> torch.Tensor:
    """Rotations by `angle` degrees (one per image) about the image centre."""
    radians = angle * torch.tensor(math.pi / 180.0, dtype=angle.dtype, device=angle.device)
    cx = 0.5 * (width - 1)
    cy = 0.5 * (height - 1)
    cos, sin = torch.cos(radians), torch.sin(radians)
    zero = torch.zeros_like(radians)
    a0, a1 = cos + zero * sin, -sin + zero * cos  # Keras's shear terms, here zero
    b0, b1 = zero * cos + sin, zero * -sin + cos
    a2 = zero + cx - cx * a0 - cy * a1
    b2 = zero + cy - cx * b0 - cy * b1
    return torch.stack([a0, a1, a2, b0, b1, b2, zero, zero], dim=1)


def zoom(width_zoom: torch.Tensor, height_zoom: torch.Tensor, height: int, width: int) -> torch.Tensor:
    """Zooms about the centre; `*_zoom` are `(batch, 1)` scale factors of the sampling grid."""
    zero = torch.zeros_like(width_zoom)
    x_offset = ((width - 1.0) / 2.0) * (1.0 - width_zoom)
    y_offset = ((height - 1.0) / 2.0) * (1.0 - height_zoom)
    return torch.cat([width_zoom, zero, x_offset, zero, height_zoom, y_offset, zero, zero], dim=1)


def translation(dx: torch.Tensor, dy: torch.Tensor) -> torch.Tensor:
    """Shifts by `(dx, dy)` pixels, `(batch, 1)` each (the content moves right/down)."""
    one, zero = torch.ones_like(dx), torch.zeros_like(dx)
    return torch.cat([one, zero, -dx, zero, one, -dy, zero, zero], dim=1)


def apply(layer, images: torch.Tensor, transform: torch.Tensor) -> torch.Tensor:
    """`images` (a 4D batch in the layer's layout) resampled through `transform`."""
    if images.numel() == 0:
        return images
    return affine_transform(
        images,
        transform.to(images.device),
        interpolation=layer.interpolation,
        fill_mode=layer.fill_mode,
        fill_value=layer.fill_value,
        data_format=layer.data_format,
    )
