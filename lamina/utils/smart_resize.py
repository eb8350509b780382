"""`keras.preprocessing.image.smart_resize`: resize without distorting the aspect ratio."""

import numpy as np

from ..ops.image import resize
from ..tensors import to_numpy


def smart_resize(x, size, interpolation: str = "bilinear", data_format: str = "channels_last"):
    """Crops the largest centred window with `size`'s aspect ratio, then resizes it to `size`.

    Args:
        x: one image `(height, width, channels)` or a batch `(batch, height, width,
            channels)` (channels first for `data_format="channels_first"`); numpy in,
            numpy out.
        size: `(height, width)` to produce.
        interpolation: as in `keras.ops.image.resize` (`"bilinear"`, `"nearest"`, ...).
        data_format: `"channels_last"` (default) or `"channels_first"`.

    Example:

    >>> smart_resize(np.zeros((40, 20, 3)), (10, 10)).shape
    (10, 10, 3)
    """
    if len(size) != 2:
        raise ValueError(f"Expected `size` to be a tuple of 2 integers, but got: {size}.")
    rank = len(np.shape(x))
    if rank not in (3, 4):
        raise ValueError(
            "Expected an image array with shape `(height, width, channels)`, or "
            f"`(batch_size, height, width, channels)`, but got input with incorrect rank, "
            f"of shape {tuple(np.shape(x))}."
        )
    images = resize(x, size, interpolation=interpolation, crop_to_aspect_ratio=True,
                    data_format=data_format)
    return to_numpy(images) if isinstance(x, np.ndarray) else images
