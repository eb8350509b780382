"""Resizing: resizes images to a fixed `(height, width)`, optionally keeping the aspect ratio."""

from ....ops.image import resize
from ...reshaping._allocation import output_allocation
from ..checks import choice, number, positive_int, where
from .base_image_layer import BaseImagePreprocessingLayer

INTERPOLATIONS = ("bilinear", "nearest", "bicubic")


class Resizing(BaseImagePreprocessingLayer):
    """Resizes images to `(height, width)`, in training and at inference alike.

    `crop_to_aspect_ratio=True` first takes the largest centred window with the target
    aspect ratio (no distortion, some cropping); `pad_to_aspect_ratio=True` pads the
    image evenly with `fill_value` to that ratio instead. Integer images come back
    rounded and in their own dtype, as in Keras.

    Args:
        height, width: the output size.
        interpolation: `"bilinear"` (default), `"nearest"` or `"bicubic"`.
        crop_to_aspect_ratio: crop before resizing, to keep the aspect ratio.
        pad_to_aspect_ratio: pad before resizing, to keep the aspect ratio.
        fill_mode: `"constant"` (the only mode Keras implements for padding).
        fill_value: the padding value with `pad_to_aspect_ratio=True`.
        antialias: filter when downsampling (bilinear and bicubic).
        data_format: `"channels_last"` (default) or `"channels_first"`.

    Input shape:
        `(batch, height, width, channels)` or one image.

    Output shape:
        `(batch, height, width, channels)` with the target height and width.

    Example:

    >>> Resizing(4, 6)(torch.zeros(2, 8, 8, 3)).shape
    torch.Size([2, 4, 6, 3])
    """

    _USE_BASE_FACTOR = False
    _KEEPS_INTEGERS = True

    def __init__(self, height, width, interpolation="bilinear", crop_to_aspect_ratio=False,
                 pad_to_aspect_ratio=False, fill_mode="constant", fill_value=0.0, antialias=False,
                 data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.height = positive_int(self, "height", height)
        self.width = positive_int(self, "width", width)
        self.interpolation = choice(self, "interpolation", interpolation, INTERPOLATIONS)
        self.crop_to_aspect_ratio = bool(crop_to_aspect_ratio)
        self.pad_to_aspect_ratio = bool(pad_to_aspect_ratio)
        if self.crop_to_aspect_ratio and self.pad_to_aspect_ratio:
            raise ValueError(f"{where(self)}: only one of `crop_to_aspect_ratio` and `pad_to_aspect_ratio` "
                             "can be True.")
        self.fill_mode = choice(self, "fill_mode", fill_mode, ("constant",))
        self.fill_value = number(self, "fill_value", fill_value)
        self.antialias = bool(antialias)

    def _augment(self, images, params):
        return self._infer(images)

    def _infer(self, images):
        rows, cols = self._spatial_axes()
        if images.shape[rows] < 1 or images.shape[cols] < 1:
            raise ValueError(f"{where(self)} cannot resize an empty image. Received: inputs.shape="
                             f"{tuple(images.shape)}")
        shape = self.compute_output_shape(tuple(images.shape))
        if images.shape[0] == 0:
            return images.new_zeros(shape)
        with output_allocation(self, shape):
            return resize(
                images,
                (self.height, self.width),
                interpolation=self.interpolation,
                antialias=self.antialias,
                crop_to_aspect_ratio=self.crop_to_aspect_ratio,
                pad_to_aspect_ratio=self.pad_to_aspect_ratio,
                fill_mode=self.fill_mode,
                fill_value=self.fill_value,
                data_format=self.data_format,
            )

    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        rows, cols = (-3, -2) if self.data_format == "channels_last" else (-2, -1)
        if len(shape) >= 3:
            shape[rows], shape[cols] = self.height, self.width
        return tuple(shape)

    def get_config(self):
        return {
            **super().get_config(),
            "height": self.height,
            "width": self.width,
            "interpolation": self.interpolation,
            "crop_to_aspect_ratio": self.crop_to_aspect_ratio,
            "pad_to_aspect_ratio": self.pad_to_aspect_ratio,
            "fill_mode": self.fill_mode,
            "fill_value": self.fill_value,
            "antialias": self.antialias,
        }
