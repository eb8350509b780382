"""CenterCrop: the centred `(height, width)` window of each image."""

from ....ops.image import resize
from ...reshaping._allocation import output_allocation
from ..checks import positive_int
from .base_image_layer import BaseImagePreprocessingLayer
from .crop_box import aspect_crop_box


class CenterCrop(BaseImagePreprocessingLayer):
    """Crops the centre of each image to `(height, width)`, in training and inference.

    An image smaller than the target on either axis is instead cropped to the target's
    aspect ratio and resized up to it (bilinear), as Keras's `smart_resize` does.

    Args:
        height, width: the output size.
        data_format: `"channels_last"` (default) or `"channels_first"`.

    Input shape:
        `(batch, height, width, channels)` or one image.

    Output shape:
        `(batch, height, width, channels)` with the target height and width.

    Example:

    >>> CenterCrop(4, 4)(torch.zeros(2, 8, 6, 3)).shape
    torch.Size([2, 4, 4, 3])
    """

    _USE_BASE_FACTOR = False

    def __init__(self, height, width, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.height = positive_int(self, "height", height)
        self.width = positive_int(self, "width", width)

    def _augment(self, images, params):
        return self._infer(images)

    def _infer(self, images):
        rows, cols = self._spatial_axes()
        in_h, in_w = images.shape[rows], images.shape[cols]
        if in_h >= self.height and in_w >= self.width:
            top, left = (in_h - self.height) // 2, (in_w - self.width) // 2
            return images.narrow(rows, top, self.height).narrow(cols, left, self.width)
        (top, height), (left, width) = aspect_crop_box(self, in_h, in_w, self.height, self.width)
        images = images.narrow(rows, top, height).narrow(cols, left, width)
        shape = self.compute_output_shape(tuple(images.shape))
        if images.shape[0] == 0:
            return images.new_zeros(shape)
        with output_allocation(self, shape):
            return resize(images, (self.height, self.width), data_format=self.data_format)

    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        rows, cols = (-3, -2) if self.data_format == "channels_last" else (-2, -1)
        if len(shape) >= 3:
            shape[rows], shape[cols] = self.height, self.width
        return tuple(shape)

    def get_config(self):
        return {**super().get_config(), "height": self.height, "width": self.width}
