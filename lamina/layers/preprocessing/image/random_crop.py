"""RandomCrop: crops a batch to `(height, width)` at one random position."""

from ....ops.image import resize
from ....random.seed_generator import make_default_seed
from ..checks import positive_int
from .base_image_layer import BaseImagePreprocessingLayer
from .crop_box import aspect_crop_box


class RandomCrop(BaseImagePreprocessingLayer):
    """Crops images to `(height, width)` at a random position during training.

    The whole batch shares one crop position. At inference, and in training when an
    image is not larger than the target on both axes, the layer crops a fixed window
    placed as Keras places it (at the start of the centred window with the target's
    aspect ratio) and resizes what it holds to the target. Keras 3.15 computes that
    window at inference but returns the input uncropped, against its own docstring and
    `compute_output_shape`; Lamina crops.

    Args:
        height: the output height.
        width: the output width.
        seed: optional int seed; Keras draws and records one when it is omitted.
        data_format: `"channels_last"` (default) or `"channels_first"`.

    Input shape:
        `(batch, height, width, channels)` or one image.

    Output shape:
        `(batch, target_height, target_width, channels)`.

    Example:

    >>> RandomCrop(4, 4, seed=1)(torch.zeros(2, 8, 8, 3), training=True).shape
    torch.Size([2, 4, 4, 3])
    """

    _USE_BASE_FACTOR = False

    def __init__(self, height, width, seed=None, data_format=None, name=None, **kwargs):
        super().__init__(data_format=data_format, name=name, **kwargs)
        self.height = positive_int(self, "height", height)
        self.width = positive_int(self, "width", width)
        self._set_seed(seed)
        if seed is None:
            self.seed = make_default_seed()  # recorded in the config, as Keras does

    def _draw(self, images):
        rows, cols = self._spatial_axes()
        in_h, in_w = images.shape[rows], images.shape[cols]
        if in_h > self.height and in_w > self.width:
            top = self._uniform((), 0.0, float(in_h - self.height + 1), images)
            left = self._uniform((), 0.0, float(in_w - self.width + 1), images)
            return int(top), int(left)
        return None

    def _augment(self, images, start):
        rows, cols = self._spatial_axes()
        if start is None:  # no room for a random crop: Keras's fixed window instead
            (top, _), (left, _) = aspect_crop_box(self, images.shape[rows], images.shape[cols], self.height,
                                                  self.width)
        else:
            top, left = start
        # Keras slices the target size from the window's start (clipped at the border),
        # then resizes whatever that leaves to the target.
        images = images[(slice(None),) * rows + (slice(top, top + self.height),)]
        images = images[(slice(None),) * cols + (slice(left, left + self.width),)]
        if (images.shape[rows], images.shape[cols]) == (self.height, self.width):
            return images
        return resize(images, (self.height, self.width), data_format=self.data_format)

    def _infer(self, images):
        return self._augment(images, None)

    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        rows, cols = (-3, -2) if self.data_format == "channels_last" else (-2, -1)
        if len(shape) >= 3:
            shape[rows], shape[cols] = self.height, self.width
        return tuple(shape)

    def get_config(self):
        return {**super().get_config(), "height": self.height, "width": self.width, "seed": self.seed}
