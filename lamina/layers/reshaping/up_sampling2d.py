"""UpSampling2D: each image scaled up by integer factors."""

from .base_up_sampling import BaseUpSampling


class UpSampling2D(BaseUpSampling):
    """Scales rows and columns up by `size`.

    `"nearest"` repeats every pixel; `"bilinear"` and `"bicubic"` interpolate with
    half-pixel centers (TensorFlow's rule; Keras on torch resizes the same way).

    Args:
        size: int or `(rows, cols)` factors.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        interpolation: `"nearest"` (default), `"bilinear"` or `"bicubic"`.

    Output shape:
        `(batch, rows * size[0], cols * size[1], channels)` (channels_last).

    Example:

    >>> UpSampling2D((2, 3))(torch.zeros(2, 4, 5, 3)).shape
    torch.Size([2, 8, 15, 3])
    """

    rank = 2

    def __init__(self, size=(2, 2), data_format: str | None = None, interpolation: str = "nearest", **kwargs):
        super().__init__(size, data_format, interpolation, **kwargs)

    def get_config(self):
        return {**super().get_config(), "interpolation": self.interpolation}
