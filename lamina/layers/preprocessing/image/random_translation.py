"""RandomTranslation: shifts each image by a random fraction of its height and width."""

from ..checks import number
from . import affine
from .base_image_layer import BaseImagePreprocessingLayer


class RandomTranslation(BaseImagePreprocessingLayer):
    """Shifts images by random offsets during training; the identity at inference.

    `height_factor=0.2` draws a vertical shift in `[-20%, 20%]` of the height (positive:
    down), `width_factor` the horizontal one (positive: right); the uncovered border is
    filled according to `fill_mode`.

    Args:
        height_factor: a number in `[-1, 1]` (range `[-|f|, |f|]`) or a pair `(lower, upper)`.
        width_factor: the same for the width.
        fill_mode: `"reflect"` (default), `"wrap"`, `"constant"` or `"nearest"`.
        interpolation: `"bilinear"` (default) or `"nearest"`.
        seed: optional int seed for reproducible shifts.
        fill_value: the value outside the image with `fill_mode="constant"`.
        data_format: `"channels_last"` (default) or `"channels_first"`.

    Input shape:
        `(batch, height, width, channels)` or one image.

    Output shape:
        Same as the input.

    Example:

    >>> RandomTranslation(0.1, 0.1, seed=1)(torch.zeros(2, 8, 8, 3), training=True).shape
    torch.Size([2, 8, 8, 3])
    """

    _USE_BASE_FACTOR = False

    def __init__(self, height_factor, width_factor, fill_mode="reflect", interpolation="bilinear", seed=None,
                 fill_value=0.0, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.height_factor = height_factor
        self.height_lower, self.height_upper = self._height_width_factor(height_factor, "height_factor", False)
        self.width_factor = width_factor
        self.width_lower, self.width_upper = self._height_width_factor(width_factor, "width_factor", False)
        self._set_sampling(fill_mode, interpolation)
        self.fill_value = number(self, "fill_value", fill_value)
        self._set_seed(seed)

    def _draw(self, images):
        rows, cols = self._spatial_axes()
        shape = (images.shape[0], 1)
        dy = self._uniform(shape, self.height_lower, self.height_upper, images) * images.shape[rows]
        dx = self._uniform(shape, self.width_lower, self.width_upper, images) * images.shape[cols]
        return dx, dy

    def _augment(self, images, shifts):
        return affine.apply(self, images, affine.translation(*shifts))

    def get_config(self):
        return {
            **super().get_config(),
            "height_factor": self.height_factor,
            "width_factor": self.width_factor,
            "fill_mode": self.fill_mode,
            "interpolation": self.interpolation,
            "seed": self.seed,
            "fill_value": self.fill_value,
        }
