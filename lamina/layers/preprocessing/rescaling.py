"""Rescaling: `inputs * scale + offset`, e.g. pixel values from [0, 255] to [0, 1]."""

import numpy as np
import torch

from ... import config
from ..layer import Layer
from .checks import real_tensor, where


class Rescaling(Layer):
    """Multiplies the inputs by `scale` and adds `offset`, in training and inference.

    Integer inputs (e.g. `uint8` images) are cast to the layer's float dtype first.
    `scale=1/255` maps `[0, 255]` to `[0, 1]`; `scale=1/127.5, offset=-1` to `[-1, 1]`.

    Args:
        scale: a number, or one number per channel (broadcast against the last axis,
            or the channel axis when the global image data format is channels first).
        offset: a number (or per-channel numbers) added after scaling.

    Input shape:
        Any.

    Output shape:
        Same as the input.

    Example:

    >>> Rescaling(1 / 255)(torch.full((2, 4, 4, 3), 255, dtype=torch.uint8)).max().item()
    1.0
    """

    def __init__(self, scale, offset=0.0, **kwargs):
        super().__init__(**kwargs)
        self.scale = scale
        self.offset = offset
        self.supports_masking = True
        self._scale = self._constant("scale", scale)
        self._offset = self._constant("offset", offset)

    def _constant(self, name, value):
        try:
            array = np.asarray(value, dtype="float64")
        except (TypeError, ValueError):
            array = None
        if array is None or array.dtype.kind != "f" or isinstance(value, (bool, str)):
            raise ValueError(f"{where(self)}: `{name}` must be a number or a list of numbers. Received: "
                             f"{name}={value!r}")
        if array.ndim and config.image_data_format() == "channels_first":
            array = array.reshape(array.shape + (1,) * (3 - array.ndim))
        return torch.from_numpy(array).to(self._torch_dtype)

    def call(self, inputs):
        x = real_tensor(self, inputs)
        scale, offset = self._scale.to(x.device, x.dtype), self._offset.to(x.device, x.dtype)
        try:
            shape = torch.broadcast_shapes(x.shape, scale.shape, offset.shape)
        except RuntimeError:
            shape = None
        if shape != x.shape:
            raise ValueError(f"{where(self)}: `scale` of shape {tuple(scale.shape)} and `offset` of shape "
                             f"{tuple(offset.shape)} do not broadcast to inputs of shape {tuple(x.shape)}.")
        return x * scale + offset

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "scale": self.scale, "offset": self.offset}
