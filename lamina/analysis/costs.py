"""Per-sample cost of one layer call: multiply-accumulates (MACs) and output memory.

MAC conventions (per sample, batch axis excluded; a bias add is never counted):

- Convolution (any rank): `out_positions * filters * (kernel volume * in_channels / groups)`,
  that is output elements times the kernel volume one output reads.
- Transposed convolution: every input value meets the whole kernel once:
  `input elements * kernel volume * filters`.
- Depthwise convolution: `output elements * kernel volume` (one input channel per output).
- Separable convolution: its depthwise part, then a 1x1 convolution:
  `depthwise output elements * kernel volume + output elements * in_channels * depth_multiplier`.
- Dense: `prod(leading dims) * input_dim * units` (output elements times `input_dim`).
- Pooling: one MAC per value a window reads, so `output elements * window size` (a
  comparison for max, an addition for average; padded cells of `"same"` windows count
  too). Global and adaptive pooling read every input value once: `input elements`.
- BatchNormalization and the other normalizations: one per element (`x * scale + shift`).
- Embedding: 0 (a table lookup).
- Recurrent layers: per step, each gate's matmuls over the input and the previous state:
  `steps * (input features + units) * units * gates` (LSTM 4 gates, GRU 3, SimpleRNN 1);
  Bidirectional adds its two directions. Unknown (`None`) for other cells and for a `None`
  number of steps.
- Add: `(inputs - 1) * output elements`.
- STFTSpectrogram: a strided convolution, `output elements * frame_length` (twice that for
  the modes that combine the real and imaginary kernels). MelSpectrogram: each frame's DFT
  counted directly, `frames * (fft_length // 2 + 1) * (2 * sequence_length + mel bins)`
  (torch.stft's FFT needs fewer, about `2 * fft_length * log2(fft_length)` per frame).
- Augmentation layers: 0 (the identity at inference); Rescaling and Normalization: one
  per element.
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
from ..layers.convolutional.base_conv_transpose import BaseConvTranspose
from ..layers.convolutional.base_depthwise_conv import BaseDepthwiseConv
from ..layers.convolutional.base_separable_conv import BaseSeparableConv
from ..layers.core.dense import Dense
from ..layers.merging.add import Add
from ..layers.pooling.base_adaptive_pooling import BaseAdaptivePooling
from ..layers.pooling.base_global_pooling import BaseGlobalPooling
from ..layers.pooling.base_pooling import BasePooling
from ..shapes import Shape, channel_axis, flatten_size
from ..tensors import torch_dtype

# Layers that only move, copy or pass data through. By class name, so that layers added
# later (e.g. Cropping2D) need one word here, not an import.
ZERO_COST = frozenset({
    "InputLayer", "Flatten", "Reshape", "Permute", "Dropout", "Activation", "Identity",
    "Concatenate", "ZeroPadding1D", "ZeroPadding2D", "ZeroPadding3D", "Cropping1D", "Cropping2D",
    "Cropping3D", "RepeatVector", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D",
    "GaussianNoise", "GaussianDropout", "AlphaDropout", "ActivityRegularization", "Masking",
    "Embedding", "ReLU", "LeakyReLU", "ELU", "PReLU", "Softmax",
    # Augmentation: the identity at inference, which is what these counts describe.
    "RandomFlip", "RandomRotation", "RandomZoom", "RandomTranslation", "RandomContrast",
    "RandomBrightness", "RandomErasing", "RandomGrayscale", "RandomHue", "RandomSaturation",
    "RandomSharpness", "RandomShear", "RandomPerspective", "RandomColorJitter",
    "RandomColorDegeneration", "RandomPosterization", "RandomInvert", "RandomGaussianBlur",
    "RandomElasticTransform", "MixUp", "CutMix", "RandAugment", "AugMix",
})
# One multiply-add per element, as BatchNormalization at inference.
PER_ELEMENT = frozenset({
    "BatchNormalization", "LayerNormalization", "GroupNormalization", "RMSNormalization",
    "UnitNormalization", "Rescaling", "Normalization",
})


def elements(shape: Shape) -> int | None:
    """Values per sample of a batched shape (`None` if any size is unknown)."""
    return flatten_size(shape[1:])


def layer_macs(layer, input_shapes: list[Shape], output_shapes: list[Shape]) -> int | None:
    """MACs per sample of one call of `layer` (see the module docstring for the rules)."""
    out = elements(output_shapes[0])
    name = type(layer).__name__
    if isinstance(layer, BaseConv):
        in_channels = input_shapes[0][channel_axis(layer.data_format)]
        per_group = None if in_channels is None else in_channels // layer.groups
        return _product(out, math.prod(layer.kernel_size), per_group)
    if isinstance(layer, BaseConvTranspose):
        return _product(elements(input_shapes[0]), math.prod(layer.kernel_size), layer.filters)
    if isinstance(layer, BaseDepthwiseConv):
        return _product(out, math.prod(layer.kernel_size))
    if isinstance(layer, BaseSeparableConv):
        in_channels = input_shapes[0][channel_axis(layer.data_format)]
        spatial = None if out is None else out // output_shapes[0][channel_axis(layer.data_format)]
        depthwise = _product(spatial, in_channels, layer.depth_multiplier, math.prod(layer.kernel_size))
        pointwise = _product(out, in_channels, layer.depth_multiplier)
        return None if depthwise is None or pointwise is None else depthwise + pointwise
    if isinstance(layer, Dense):
        return _product(out, input_shapes[0][-1])
    if isinstance(layer, BasePooling):
        return _product(out, math.prod(layer.pool_size))
    if isinstance(layer, (BaseGlobalPooling, BaseAdaptivePooling)):
        return elements(input_shapes[0])
    if name in PER_ELEMENT:
        return out
    if name == "Bidirectional":
        halves = [layer_macs(inner, input_shapes, output_shapes)
                  for inner in (layer.forward_layer, layer.backward_layer)]
        return None if None in halves else sum(halves)
    cell_gates = _RECURRENT_GATES.get(type(getattr(layer, "cell", None)).__name__)
    if cell_gates is not None and len(input_shapes[0]) == 3:
        _, steps, features = input_shapes[0]
        units = layer.cell.units
        return None if steps is None or features is None else steps * (features + units) * units * cell_gates
    if isinstance(layer, Add):
        return _product(out, len(input_shapes) - 1)
    if name == "STFTSpectrogram":  # a strided conv: frame_length taps per output, per kernel
        return _product(out, layer.frame_length, 1 if layer.mode in ("real", "imag", "stft") else 2)
    if name == "MelSpectrogram":  # each frame's DFT (real and imaginary), then the mel matmul
        frames = None if out is None else out // layer.num_mel_bins
        return _product(frames, layer.fft_length // 2 + 1, 2 * layer.sequence_length + layer.num_mel_bins)
    if name in ZERO_COST:
        return 0
    return None


_RECURRENT_GATES = {"LSTMCell": 4, "GRUCell": 3, "SimpleRNNCell": 1}


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
