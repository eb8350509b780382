"""Shared configuration and compute for max and average pooling windows."""

import torch
import torch.nn.functional as F

from ...config import standardize_data_format
from ...shapes import conv_output_length, normalize_padding, normalize_tuple
from ..input_spec import InputSpec
from ..layer import Layer
from ..layout import from_channels_first, same_pads, split_padding, to_channels_first

_MAX = {1: F.max_pool1d, 2: F.max_pool2d, 3: F.max_pool3d}
_AVG = {1: F.avg_pool1d, 2: F.avg_pool2d, 3: F.avg_pool3d}


class BasePooling(Layer):
    """A pooling window over `rank` spatial axes; `strides` default to `pool_size`."""

    _float_inputs = True

    rank = 2
    mode = "max"

    def __init__(self, pool_size=2, strides=None, padding: str = "valid", data_format: str | None = None, **kwargs):
        super().__init__(**kwargs)
        self.pool_size = normalize_tuple(pool_size, self.rank, "pool_size")
        self.strides = normalize_tuple(self.pool_size if strides is None else strides, self.rank, "strides")
        self.padding = normalize_padding(padding)
        self.data_format = standardize_data_format(data_format)
        self.input_spec = InputSpec(ndim=self.rank + 2)

    def call(self, inputs):
        x = to_channels_first(inputs, self.data_format)
        if self.padding == "valid":
            y = self._pool(x, 0)
        else:
            pads = same_pads(tuple(x.shape[2:]), self.pool_size, self.strides)
            y = self._pool_same(x, pads)
        return from_channels_first(y, self.data_format)

    def _pool(self, x, padding):
        if self.mode == "max":
            return _MAX[self.rank](x, self.pool_size, self.strides, padding)
        # Keras averages over the real cells only, never counting padding.
        return _AVG[self.rank](x, self.pool_size, self.strides, padding, count_include_pad=False)

    def _pool_same(self, x, pads):
        if self.mode == "max":
            padded, symmetric = split_padding(x, pads, value=float("-inf"))
            return self._pool(padded, symmetric)
        if all(start == end for start, end in pads):
            return self._pool(x, tuple(start for start, _ in pads))
        # Asymmetric average: window sums divided by how many real cells each window saw.
        padded, _ = split_padding(x, pads)
        ones = torch.ones((1, 1, *x.shape[2:]), dtype=x.dtype, device=x.device)
        counts, _ = split_padding(ones, pads)
        window = _AVG[self.rank]
        return window(padded, self.pool_size, self.strides) / window(counts, self.pool_size, self.strides)

    def compute_output_shape(self, input_shape):
        first = 1 if self.data_format == "channels_last" else 2
        spatial = tuple(
            conv_output_length(n, k, s, self.padding)
            for n, k, s in zip(input_shape[first:first + self.rank], self.pool_size, self.strides)
        )
        if any(n is not None and n <= 0 for n in spatial):
            raise ValueError(
                f"{type(self).__name__} '{self.name}': computed output size would be zero or negative. "
                f"Received: inputs.shape={tuple(input_shape)}, pool_size={self.pool_size}, "
                f"strides={self.strides}, padding={self.padding}. Use larger inputs or padding='same'."
            )
        if self.data_format == "channels_last":
            return (input_shape[0], *spatial, input_shape[-1])
        return (input_shape[0], input_shape[1], *spatial)

    def get_config(self):
        return {
            **super().get_config(),
            "pool_size": self.pool_size,
            "padding": self.padding,
            "strides": self.strides,
            "data_format": self.data_format,
        }

    def extra_repr(self):
        return f"name={self.name!r}, pool_size={self.pool_size}, strides={self.strides}, padding={self.padding!r}"
