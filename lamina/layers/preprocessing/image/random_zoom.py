"""RandomZoom: zooms each image in or out about its centre by a random factor."""

from ..checks import number
from . import affine
from .base_image_layer import BaseImagePreprocessingLayer


class RandomZoom(BaseImagePreprocessingLayer):
    """Zooms images by random factors during training; the identity at inference.

    A factor is a fraction of the size: `height_factor=0.2` draws a sampling-grid scale in
    `[0.8, 1.2]`; a positive value zooms out (the content shrinks), a negative one zooms
    in. Without `width_factor`, both axes use the same draw (the aspect ratio is kept).

    Args:
        height_factor: a number in `(-1, 1]` (range `[-|f|, |f|]`) or a pair `(lower, upper)`.
        width_factor: the same for the width, or `None` to follow `height_factor`'s draw.
        fill_mode: `"reflect"` (default), `"wrap"`, `"constant"` or `"nearest"`.
        interpolation: `"bilinear"` (default) or `"nearest"`.
        seed: optional int seed for reproducible zooms.
        fill_value: the value outside the image with `fill_mode="constant"`.
        data_format: `"channels_last"` (default) or `"channels_first"`.

    Input shape:
        `(batch, height, width, channels)` or one image.

    Output shape:
        Same as the input.

    Example:

    >>> RandomZoom(0.2, seed=1)(torch.zeros(2, 8, 8, 3), training=True).shape
    torch.Size([2, 8, 8, 3])
    """

    _USE_BASE_FACTOR = False

    def __init__(self, height_factor, width_factor=None, fill_mode="reflect", interpolation="bilinear",
                 seed=None, fill_value=0.0, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.height_factor = height_factor
        self.height_lower, self.height_upper = self._height_width_factor(height_factor, "height_factor", True)
        self.width_factor = width_factor
        if width_factor is not None:
            self.width_lower, self.width_upper = self._height_width_factor(width_factor, "width_factor", True)
        self._set_sampling(fill_mode, interpolation)
        self.fill_value = number(self, "fill_value", fill_value)
        self._set_seed(seed)

    def _draw(self, images):
        shape = (images.shape[0], 1)
        height = self._uniform(shape, 1.0 + self.height_lower, 1.0 + self.height_upper, images)
        if self.width_factor is None:
            return height, height
        return height, self._uniform(shape, 1.0 + self.width_lower, 1.0 + self.width_upper, images)

    def _augment(self, images, zooms):
        rows, cols = self._spatial_axes()
        height_zoom, width_zoom = zooms
        transform = affine.zoom(width_zoom, height_zoom, images.shape[rows], images.shape[cols])
        return affine.apply(self, images, transform)

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
