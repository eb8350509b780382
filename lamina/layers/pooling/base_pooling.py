"""Shared configuration and compute for max and average pooling windows of any rank."""

import torch
import torch.nn.functional as F

from ...config import standardize_data_format
from ...shapes import conv_output_length, normalize_padding, normalize_tuple
from ..input_spec import InputSpec
from ..layer import Layer
from ..layout import (
    from_kernel_layout,
    kernel_errors,
    lift,
    same_pads,
    shape_plan,
    split_padding,
    to_kernel_layout,
)

_MAX = {2: F.max_pool2d, 3: F.max_pool3d}  # rank 1 runs as 2-D (see layout.to_kernel_layout)
_AVG = {2: F.avg_pool2d, 3: F.avg_pool3d}


class BasePooling(Layer):
    """A pooling window over `rank` spatial axes; `strides` default to `pool_size`.
    Subclasses fix `rank` and `mode` ("max" or "average")."""

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
        pool_size, strides, pads = shape_plan(self, inputs.shape, self._plan)
        with kernel_errors(self, inputs):
            x = to_kernel_layout(inputs, self.data_format, self.rank)
            if pads is None:
                y = self._pool(x, pool_size, strides, 0)
            else:
                y = self._pool_same(x, pool_size, strides, pads)
        return from_kernel_layout(y, self.data_format, self.rank)

    def _plan(self, shape):
        """The checks and torch arguments that depend only on the input shape."""
        self.compute_output_shape(tuple(shape))  # a ValueError, not torch's, for tiny maps
        pool_size, strides = lift(self.pool_size), lift(self.strides)
        if self.padding == "valid":
            return pool_size, strides, None
        first = 1 if self.data_format == "channels_last" else 2
        spatial = lift(tuple(shape[first:first + self.rank]))
        return pool_size, strides, same_pads(spatial, pool_size, strides)

    def _pool(self, x, pool_size, strides, padding):
        if self.mode == "max":
            return _MAX[x.dim() - 2](x, pool_size, strides, padding)
        # Keras averages over the real cells only, never counting padding.
        return _AVG[x.dim() - 2](x, pool_size, strides, padding, count_include_pad=False)

    def _pool_same(self, x, pool_size, strides, pads):
        if self.mode == "max":
            padded, symmetric = split_padding(x, pads, value=float("-inf"))
            return self._pool(padded, pool_size, strides, symmetric)
        if all(start == end for start, end in pads):
            return self._pool(x, pool_size, strides, tuple(start for start, _ in pads))
        # Asymmetric average: window sums divided by how many real cells each window saw.
        padded, _ = split_padding(x, pads)
        ones = torch.ones((1, 1, *x.shape[2:]), dtype=x.dtype, device=x.device)
        counts, _ = split_padding(ones, pads)
        window = _AVG[x.dim() - 2]
        return window(padded, pool_size, strides) / window(counts, pool_size, strides)

    def compute_output_shape(self, input_shape):
        first = 1 if self.data_format == "channels_last" else 2
        sizes = input_shape[first:first + self.rank]
        spatial = tuple(
            conv_output_length(n, k, s, self.padding) for n, k, s in zip(sizes, self.pool_size, self.strides)
        )
        if any(n is not None and n <= 0 for n in (*sizes, *spatial)):
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

    def input_hint(self, shape) -> str:
        layout = "spatial..., channels" if self.data_format == "channels_last" else "channels, spatial..."
        return f"{type(self).__name__} expects rank-{self.rank + 2} inputs (batch, {layout})."

    def extra_repr(self):
        return f"name={self.name!r}, pool_size={self.pool_size}, strides={self.strides}, padding={self.padding!r}"
