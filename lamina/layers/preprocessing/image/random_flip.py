"""RandomFlip: flips each image left-right and/or up-down, with probability one half."""

from ..checks import choice
from .base_image_layer import BaseImagePreprocessingLayer

MODES = ("horizontal", "vertical", "horizontal_and_vertical")


class RandomFlip(BaseImagePreprocessingLayer):
    """Randomly flips images during training; the identity at inference.

    As in Keras, one draw per image decides both flips in `"horizontal_and_vertical"`
    mode: an image is either flipped along both axes or left alone.

    Args:
        mode: `"horizontal"`, `"vertical"` or `"horizontal_and_vertical"` (default).
        seed: optional int seed for reproducible flips.
        data_format: `"channels_last"` (default) or `"channels_first"`.

    Input shape:
        `(batch, height, width, channels)` or one image `(height, width, channels)`
        (channels first with `data_format="channels_first"`).

    Output shape:
        Same as the input.

    Example:

    >>> RandomFlip(seed=1)(torch.zeros(2, 8, 8, 3), training=True).shape
    torch.Size([2, 8, 8, 3])
    """

    _USE_BASE_FACTOR = False

    def __init__(self, mode="horizontal_and_vertical", seed=None, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.mode = choice(self, "mode", mode, MODES)
        self._set_seed(seed)

    def _draw(self, images):
        return self._uniform((images.shape[0], 1, 1, 1), 0.0, 1.0, images) <= 0.5

    def _augment(self, images, flips):
        rows, cols = self._spatial_axes()
        if self.mode in ("horizontal", "horizontal_and_vertical"):
            images = images.where(~flips, images.flip(cols))
        if self.mode in ("vertical", "horizontal_and_vertical"):
            images = images.where(~flips, images.flip(rows))
        return images

    def get_config(self):
        return {**super().get_config(), "seed": self.seed, "mode": self.mode}
