"""Per-sample cost of one layer call: multiply-accumulates (MACs) and output memory.

MAC conventions (per sample, batch axis excluded; a bias add is never counted):

- Convolution: `out_positions * filters * (kh * kw * in_channels / groups)`, that is
  output elements times the kernel volume one output reads.
- Dense: `prod(leading dims) * input_dim * units` (output elements times `input_dim`).
- Pooling: one MAC per value a window reads, so `output elements * window size` (a
  comparison for max, an addition for average; padded cells of `"same"` windows count
  too). Global pooling reads every input value once: `input elements`.
- BatchNormalization: one per element (at inference it is `x * scale + shift`).
- Add: `(inputs - 1) * output elements`.
- Activations, Flatten, Reshape, Permute, Dropout, Concatenate, padding and inputs: 0.
- Any other layer: unknown (`None`), and so is any count over an unknown (`None`) size.

Activation memory per sample is `output elements * bytes of the output dtype`, for every
layer shown, so a functional model's InputLayer rows count the input sample (Sequential
summaries leave the input out, as Keras's do). Flatten counts in full although torch
returns a view: the figure is what each layer hands on, not a peak-memory measurement.
"""

import math

import torch

from ..layers.convolutional.base_conv import BaseConv
from ..layers.core.dense import Dense
from ..layers.merging.add import Add
from ..layers.normalization.batch_normalization import BatchNormalization
from ..layers.pooling.base_global_pooling import BaseGlobalPooling
from ..layers.pooling.base_pooling import BasePooling
from ..shapes import Shape, channel_axis, flatten_size
from ..tensors import torch_dtype

# Layers that only move, copy or pass data through. By class name, so that layers added
# later (e.g. Cropping2D) need one word here, not an import.
ZERO_COST = frozenset({
    "InputLayer", "Flatten", "Reshape", "Permute", "Dropout", "Activation", "Identity",
    "Concatenate", "ZeroPadding2D", "Cropping2D", "SpatialDropout2D", "GaussianNoise",
})


def elements(shape: Shape) -> int | None:
    """Values per sample of a batched shape (`None` if any size is unknown)."""
    return flatten_size(shape[1:])


def layer_macs(layer, input_shapes: list[Shape], output_shapes: list[Shape]) -> int | None:
    """MACs per sample of one call of `layer` (see the module docstring for the rules)."""
    out = elements(output_shapes[0])
    if isinstance(layer, BaseConv):
        in_channels = input_shapes[0][channel_axis(layer.data_format)]
        per_group = None if in_channels is None else in_channels // layer.groups
        return _product(out, math.prod(layer.kernel_size), per_group)
    if isinstance(layer, Dense):
        return _product(out, input_shapes[0][-1])
    if isinstance(layer, BasePooling):
        return _product(out, math.prod(layer.pool_size))
    if isinstance(layer, BaseGlobalPooling):
        return elements(input_shapes[0])
    if isinstance(layer, BatchNormalization):
        return out
    if isinstance(layer, Add):
        return _product(out, len(input_shapes) - 1)
    if type(layer).__name__ in ZERO_COST:
        return 0
    return None


def output_bytes(shape: Shape, dtype: str) -> int | None:
    """Bytes of one sample of a tensor of `shape` and `dtype` (a Keras dtype name)."""
    return _product(elements(shape), _itemsize(dtype))


def _itemsize(dtype: str) -> int:
    # A mixed policy ("mixed_float16") computes, and so outputs, in its second half.
    name = dtype.removeprefix("mixed_")
    return torch.empty((), dtype=torch_dtype(name)).element_size()


def _product(*factors) -> int | None:
    if any(f is None for f in factors):
        return None
    return math.prod(factors)
