"""Shared configuration and compute for adaptive pooling: a fixed output size, any input size."""

import torch.nn.functional as F

from ...config import standardize_data_format
from ..input_spec import InputSpec
from ..layer import Layer
from ..layout import from_kernel_layout, kernel_errors, lift, to_kernel_layout

_MAX = {2: F.adaptive_max_pool2d, 3: F.adaptive_max_pool3d}  # rank 1 runs as 2-D
_AVG = {2: F.adaptive_avg_pool2d, 3: F.adaptive_avg_pool3d}


def normalize_output_size(value, rank: int) -> tuple[int, ...]:
    """`4` -> `(4, 4)`; a TypeError for anything but an int or a `rank`-tuple, as Keras."""
    if isinstance(value, int) and not isinstance(value, bool):
        sizes = (value,) * rank
    elif isinstance(value, (tuple, list)) and len(value) == rank:
        sizes = tuple(value)
    elif isinstance(value, (tuple, list)) and rank == 1:  # Keras's 1-D layer says ValueError here
        raise ValueError(f"For 1D input, `output_size` tuple must have length 1. Received: {value!r}")
    else:
        raise TypeError(
            f"`output_size` must be an integer or a tuple of {rank} integers. "
            f"Received: {value!r} of type {type(value)}"
        )
    if not all(isinstance(n, int) and not isinstance(n, bool) and n > 0 for n in sizes):
        raise ValueError(f"`output_size` must hold positive integers. Received: output_size={value!r}")
    return sizes


class BaseAdaptivePooling(Layer):
    """Splits each spatial axis of length `n` into `output_size` windows, window `i`
    covering `[floor(i * n / out), ceil((i + 1) * n / out))` (torch's and Keras's rule).
    Subclasses fix `rank` and `mode` ("max" or "average")."""

    _float_inputs = True

    rank = 2
    mode = "average"

    def __init__(self, output_size, data_format: str | None = None, **kwargs):
        super().__init__(**kwargs)
        self.output_size = normalize_output_size(output_size, self.rank)
        self.data_format = standardize_data_format(data_format)
        self.input_spec = InputSpec(ndim=self.rank + 2)

    def call(self, inputs):
        self.compute_output_shape(tuple(inputs.shape))
        with kernel_errors(self, inputs):
            x = to_kernel_layout(inputs, self.data_format, self.rank)
            pool = (_MAX if self.mode == "max" else _AVG)[x.dim() - 2]
            y = pool(x, lift(self.output_size))
        return from_kernel_layout(y, self.data_format, self.rank)

    def compute_output_shape(self, input_shape):
        first = 1 if self.data_format == "channels_last" else 2
        if any(n == 0 for n in input_shape[first:first + self.rank]):
            raise ValueError(
                f"{type(self).__name__} '{self.name}' cannot pool an empty feature map: received input "
                f"shape {tuple(input_shape)} ({self.data_format}). Check the layers before it."
            )
        if self.data_format == "channels_last":
            return (input_shape[0], *self.output_size, input_shape[-1])
        return (input_shape[0], input_shape[1], *self.output_size)

    def get_config(self):
        return {**super().get_config(), "output_size": self.output_size, "data_format": self.data_format}

    def extra_repr(self):
        return f"name={self.name!r}, output_size={self.output_size}, data_format={self.data_format!r}"
