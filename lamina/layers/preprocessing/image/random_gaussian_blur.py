"""RandomGaussianBlur: blurs a random subset of the images with a random Gaussian kernel."""

import torch
import torch.nn.functional as F

from ..checks import where
from .base_image_layer import BaseImagePreprocessingLayer


def _gaussian(size, sigma, dtype):
    offsets = torch.arange(size, dtype=dtype, device=sigma.device) - (size - 1) / 2
    kernel = torch.exp(-0.5 * (offsets / sigma) ** 2)
    return kernel / kernel.sum()


class RandomGaussianBlur(BaseImagePreprocessingLayer):
    """Blurs each image with probability `p` during training; identity at inference.

    Per image, `p` is drawn from `factor`'s range and the image is blurred when a second
    uniform draw falls below it. One pair of standard deviations is drawn per call from
    `sigma`'s range (the same blur for the whole batch); the kernel is zero-padded at
    the borders and the result clipped to `value_range`. As in Keras's kernel, index 0 of
    `kernel_size` and of the drawn sigmas is the width (columns), index 1 the height.

    Args:
        factor: blur probability, a number in `[0, 1]` (range `[0, factor]`) or a pair.
        kernel_size: an odd int or a pair of odd ints.
        sigma: a number in `[0, 1]` (range `[0, sigma]`) or a pair `(lower, upper)`.
        value_range: `(low, high)` of the pixel values.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        seed: optional int seed.

    Input shape:
        `(batch, height, width, channels)` or one image.

    Output shape:
        Same as the input.

    Example:

    >>> RandomGaussianBlur(1.0, kernel_size=5, seed=1)(torch.rand(2, 8, 8, 3), training=True).shape
    torch.Size([2, 8, 8, 3])
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)

    def __init__(self, factor=1.0, kernel_size=3, sigma=1.0, value_range=(0, 255), data_format=None, seed=None,
                 **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.factor = self._set_factor(factor)
        self.kernel_size = self._set_kernel_size(kernel_size)
        self.sigma = self._set_factor(sigma, "sigma")
        self.value_range = self._set_value_range(value_range)
        self._set_seed(seed)

    def _set_kernel_size(self, kernel_size):
        pair = isinstance(kernel_size, (tuple, list)) and len(kernel_size) == 2
        values = kernel_size if pair else [kernel_size]
        if not all(isinstance(v, int) and not isinstance(v, bool) and v > 0 and v % 2 for v in values):
            raise ValueError(f"{where(self)}: `kernel_size` must be an odd positive int (or a list of two). "
                             f"Received: kernel_size={kernel_size!r}")
        return tuple(kernel_size) if pair else (kernel_size, kernel_size)

    def _draw(self, images):
        batch = images.shape[0]
        probability = self._uniform((batch,), self.factor[0], self.factor[1], images)
        chosen = self._uniform((batch,), 0.0, 1.0, images) < probability
        sigma = self._uniform((2,), self.sigma[0], self.sigma[1], images) + 1e-6
        return chosen, sigma

    def _augment(self, images, params):
        chosen, sigma = params
        if images.numel() == 0:
            return images
        nchw = images if self.data_format == "channels_first" else images.permute(0, 3, 1, 2)
        width, height = self.kernel_size
        channels = nchw.shape[1]
        kernel = torch.outer(_gaussian(height, sigma[1], images.dtype), _gaussian(width, sigma[0], images.dtype))
        blurred = F.conv2d(nchw, kernel.expand(channels, 1, height, width), padding=(height // 2, width // 2),
                           groups=channels)
        if self.data_format == "channels_last":
            blurred = blurred.permute(0, 2, 3, 1)
        outputs = torch.where(chosen.view(-1, 1, 1, 1), blurred, images)
        return torch.clamp(outputs, min(self.value_range), max(self.value_range))

    def get_config(self):
        return {
            **super().get_config(),
            "factor": self.factor,
            "kernel_size": self.kernel_size,
            "sigma": self.sigma,
            "value_range": self.value_range,
            "seed": self.seed,
        }
