"""RandomRotation: rotates each image by a random angle about its centre."""

from ..checks import number
from . import affine
from .base_image_layer import BaseImagePreprocessingLayer


class RandomRotation(BaseImagePreprocessingLayer):
    """Rotates images by a random angle during training; the identity at inference.

    `factor` is a fraction of a full turn: `0.1` draws angles uniformly in
    `[-36, 36]` degrees, `(-0.1, 0.3)` in `[-36, 108]`; positive angles turn the content
    counter-clockwise.

    Args:
        factor: a number in `[-1, 1]` (the range is `[-|factor|, |factor|]`) or a pair
            `(lower, upper)`.
        fill_mode: how points outside the image are filled: `"reflect"` (default),
            `"wrap"`, `"constant"` or `"nearest"`.
        interpolation: `"bilinear"` (default) or `"nearest"`.
        seed: optional int seed for reproducible angles.
        fill_value: the value outside the image with `fill_mode="constant"`.
        data_format: `"channels_last"` (default) or `"channels_first"`.

    Input shape:
        `(batch, height, width, channels)` or one image (channels first with
        `data_format="channels_first"`).

    Output shape:
        Same as the input.

    Example:

    >>> RandomRotation(0.1, seed=1)(torch.zeros(2, 8, 8, 3), training=True).shape
    torch.Size([2, 8, 8, 3])
    """

    def __init__(self, factor, fill_mode="reflect", interpolation="bilinear", seed=None, fill_value=0.0,
                 data_format=None, **kwargs):
        super().__init__(factor=factor, data_format=data_format, **kwargs)
        self._set_seed(seed)
        self._set_sampling(fill_mode, interpolation)
        self.fill_value = number(self, "fill_value", fill_value)

    def _draw(self, images):
        lower, upper = self.factor[0] * 360.0, self.factor[1] * 360.0
        return self._uniform((images.shape[0],), lower, upper, images)

    def _augment(self, images, angle):
        rows, cols = self._spatial_axes()
        return affine.apply(self, images, affine.rotation(angle, images.shape[rows], images.shape[cols]))

    def get_config(self):
        return {
            **super().get_config(),
            "factor": self.factor,
            "fill_mode": self.fill_mode,
            "fill_value": self.fill_value,
            "interpolation": self.interpolation,
            "seed": self.seed,
        }


