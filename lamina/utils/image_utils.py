"""Images to and from numpy arrays with Pillow: `load_img`, `img_to_array`, `array_to_img`, `save_img`."""

import io
import pathlib
import warnings

import numpy as np
from PIL import Image

from ..config import floatx, standardize_data_format

PIL_INTERPOLATION_METHODS = {
    "nearest": Image.Resampling.NEAREST,
    "bilinear": Image.Resampling.BILINEAR,
    "bicubic": Image.Resampling.BICUBIC,
    "hamming": Image.Resampling.HAMMING,
    "box": Image.Resampling.BOX,
    "lanczos": Image.Resampling.LANCZOS,
}
_MODES = {"grayscale": "L", "rgb": "RGB", "rgba": "RGBA"}


def array_to_img(x, data_format=None, scale=True, dtype=None) -> Image.Image:
    """A rank-3 array (1, 3 or 4 channels) -> a PIL image; `scale` maps its range to 0-255."""
    data_format = standardize_data_format(data_format)
    x = np.asarray(x, dtype=dtype or floatx())
    if x.ndim != 3:
        raise ValueError(f"array_to_img expects a rank-3 array (one image). Received shape {x.shape}.")
    if data_format == "channels_first":
        x = x.transpose(1, 2, 0)
    if scale:
        x = x - np.min(x)
        if np.max(x) != 0:
            x /= np.max(x)
        x *= 255
    channels = x.shape[2]
    if channels in (3, 4):
        return Image.fromarray(x.astype("uint8"), "RGBA" if channels == 4 else "RGB")
    if channels == 1:
        if np.max(x) > 255:  # 16/32-bit grayscale keeps its range
            return Image.fromarray(x[:, :, 0].astype("int32"), "I")
        return Image.fromarray(x[:, :, 0].astype("uint8"), "L")
    raise ValueError(f"array_to_img: unsupported number of channels {channels} (shape {x.shape}); "
                     "use 1, 3 or 4.")


def img_to_array(img, data_format=None, dtype=None) -> np.ndarray:
    """A PIL image -> a rank-3 array `(h, w, c)` (or `(c, h, w)` channels first)."""
    data_format = standardize_data_format(data_format)
    x = np.asarray(img, dtype=dtype or floatx())
    if x.ndim == 3:
        return x.transpose(2, 0, 1) if data_format == "channels_first" else x
    if x.ndim == 2:
        return x[None] if data_format == "channels_first" else x[..., None]
    raise ValueError(f"img_to_array: unsupported image shape {x.shape}; expected rank 2 or 3.")


def save_img(path, x, data_format=None, file_format=None, scale=True, **kwargs) -> None:
    """Saves an image array to `path`; the format comes from the suffix unless given."""
    data_format = standardize_data_format(data_format)
    if file_format is None and isinstance(path, (str, pathlib.Path)):
        file_format = pathlib.Path(path).suffix[1:].lower()
    if file_format and file_format.lower() == "jpg":
        file_format = "jpeg"
    img = array_to_img(x, data_format=data_format, scale=scale)
    if img.mode == "RGBA" and file_format == "jpeg":
        warnings.warn("The JPEG format does not support RGBA images, converting to RGB.", stacklevel=2)
        img = img.convert("RGB")
    img.save(path, format=file_format, **kwargs)


def load_img(path, color_mode="rgb", target_size=None, interpolation="nearest",
             keep_aspect_ratio=False) -> Image.Image:
    """Reads an image file into a PIL image.

    Args:
        path: a path or an `io.BytesIO`.
        color_mode: `"grayscale"`, `"rgb"` or `"rgba"`.
        target_size: `(height, width)` to resize to, or `None`.
        interpolation: one of `PIL_INTERPOLATION_METHODS` (`"nearest"` by default).
        keep_aspect_ratio: crop the centre to the target aspect ratio before resizing.
    """
    if isinstance(path, io.BytesIO):
        img = Image.open(path)
    elif isinstance(path, (pathlib.Path, bytes, str)):
        with open(pathlib.Path(path.decode() if isinstance(path, bytes) else path).resolve(), "rb") as f:
            img = Image.open(io.BytesIO(f.read()))
    else:
        raise TypeError(f"load_img: path should be path-like or io.BytesIO, not {type(path).__name__}.")
    if color_mode not in _MODES:
        raise ValueError(f'color_mode must be "grayscale", "rgb", or "rgba". Received: {color_mode!r}')
    if color_mode == "grayscale":
        if img.mode not in ("L", "I;16", "I"):
            img = img.convert("L")
    elif img.mode != _MODES[color_mode]:
        img = img.convert(_MODES[color_mode])
    if target_size is None or img.size == (target_size[1], target_size[0]):
        return img
    if interpolation not in PIL_INTERPOLATION_METHODS:
        raise ValueError(f"Invalid interpolation method {interpolation!r}. Supported methods are "
                         f"{', '.join(PIL_INTERPOLATION_METHODS)}.")
    size = (target_size[1], target_size[0])
    box = None
    if keep_aspect_ratio:
        width, height = img.size
        crop_h = min(height, width * size[1] // size[0])
        crop_w = min(width, height * size[0] // size[1])
        top, left = (height - crop_h) // 2, (width - crop_w) // 2
        box = [left, top, left + crop_w, top + crop_h]
    return img.resize(size, PIL_INTERPOLATION_METHODS[interpolation], box=box)
