"""The centred crop window with a target aspect ratio (Keras's `smart_resize` box)."""

from ..checks import where


def aspect_crop_box(layer, height: int, width: int, target_h: int, target_w: int):
    """`((top, crop_height), (left, crop_width))` of the largest centred window of a
    `height x width` image whose aspect ratio is `target_h : target_w`."""
    if height < 1 or width < 1:
        raise ValueError(f"{where(layer)} needs images of at least 1x1 pixels. Received {height}x{width}.")
    crop_h = max(min(height, int(float(width * target_h) / target_w)), 1)
    crop_w = max(min(width, int(float(height * target_w) / target_h)), 1)
    top, left = int(float(height - crop_h) / 2), int(float(width - crop_w) / 2)
    return (top, crop_h), (left, crop_w)
