"""to_torch for the windowed layers: convolutions, pooling, padding, cropping, upsampling."""

from torch import nn

from ..layers.convolutional.base_conv import BaseConv
from ..layers.convolutional.base_conv_transpose import BaseConvTranspose, torch_arguments
from ..layers.convolutional.base_depthwise_conv import BaseDepthwiseConv
from ..layers.convolutional.base_separable_conv import BaseSeparableConv
from ..layers.layout import same_pads
from ..layers.pooling.base_adaptive_pooling import BaseAdaptivePooling
from ..layers.pooling.base_global_pooling import BaseGlobalPooling
from ..layers.pooling.base_pooling import BasePooling
from ..layers.reshaping.base_cropping import BaseCropping
from ..layers.reshaping.base_up_sampling import BaseUpSampling
from ..layers.reshaping.base_zero_padding import BaseZeroPadding
from ..shapes import conv_transpose_crops
from . import to_torch_layers
from .torch_modules import SequencePooling, copy, refuse

_WINDOWED = (
    BaseConv,
    BaseConvTranspose,
    BaseDepthwiseConv,
    BaseSeparableConv,
    BasePooling,
    BaseGlobalPooling,
    BaseAdaptivePooling,
    BaseCropping,
    BaseUpSampling,
    BaseZeroPadding,
)


def convert(exporter, layer, shape) -> bool:
    """Appends the torch modules for `layer` to `exporter`; False if it is not windowed."""
    if not isinstance(layer, _WINDOWED):
        return False
    rank = layer.rank
    if isinstance(layer, BaseGlobalPooling) and rank == 1 and exporter.same_layout:
        mode = "avg" if "Average" in type(layer).__name__ else "max"
        exporter.modules.append(SequencePooling(mode, keepdims=layer.keepdims))
        return True
    exporter.map_rank(layer, shape, rank)
    modules = exporter.modules
    if isinstance(layer, (BaseConv, BaseDepthwiseConv, BaseSeparableConv)):
        modules += _conv(layer, shape, rank)
        modules += to_torch_layers.activation(exporter, layer, rank=rank + 2)
    elif isinstance(layer, BaseConvTranspose):
        modules += _conv_transpose(layer, rank)
        modules += to_torch_layers.activation(exporter, layer, rank=rank + 2)
    elif isinstance(layer, BasePooling):
        modules += _pool(layer, shape, rank)
    elif isinstance(layer, BaseGlobalPooling):
        is_avg = "Average" in type(layer).__name__
        pool = getattr(nn, f"Adaptive{'Avg' if is_avg else 'Max'}Pool{rank}d")(1)
        modules += [pool] if layer.keepdims else [pool, nn.Flatten()]
    elif isinstance(layer, BaseAdaptivePooling):
        kind = "Avg" if "Average" in type(layer).__name__ else "Max"
        modules.append(getattr(nn, f"Adaptive{kind}Pool{rank}d")(tuple(layer.output_size)))
    elif isinstance(layer, BaseZeroPadding):
        modules.append(_pad(layer.padding, rank))
    elif isinstance(layer, BaseCropping):
        modules.append(_pad([(-a, -b) for a, b in layer.cropping], rank))  # negative pads crop
    else:
        modules.append(_upsample(layer, rank))
    return True


def _pad(pairs, rank, value=None):
    flat = tuple(p for before, after in reversed(pairs) for p in (before, after))  # last axis first
    if value is not None:
        return getattr(nn, f"ConstantPad{rank}d")(flat, value)
    return getattr(nn, f"ZeroPad{rank}d")(flat)


def _padding(layer, shape, rank, window, dilation=None):
    """`(modules before, torch padding)` for the layer's Keras padding."""
    if layer.padding == "valid":
        return [], 0
    if layer.padding == "causal":
        return [_pad([(dilation[0] * (window[0] - 1), 0)], 1)], 0
    spatial = tuple(shape[1:-1])
    if None in spatial:
        refuse(layer, f"padding='same' needs a known input size, got shape {tuple(shape)}")
    pads = same_pads(spatial, window, layer.strides, dilation)
    if all(a == b for a, b in pads):
        return [], tuple(a for a, _ in pads)
    return [_pad(pads, rank)], 0


def _conv(layer, shape, rank):
    before, padding = _padding(layer, shape, rank, layer.kernel_size, layer.dilation_rate)
    bias = layer.bias.detach() if layer.use_bias else None
    spatial_axes = tuple(range(rank))
    if isinstance(
        layer, (BaseDepthwiseConv, BaseSeparableConv)
    ):  # (*k, in, multiplier) -> (in * multiplier, 1, *k)
        kernel = (
            layer.depthwise_kernel if isinstance(layer, BaseSeparableConv) else layer.kernel
        ).detach()
        in_channels, multiplier = kernel.shape[-2:]
        weight = kernel.permute(rank, rank + 1, *spatial_axes).reshape(
            in_channels * multiplier, 1, *layer.kernel_size
        )
        groups, out_channels = in_channels, in_channels * multiplier
    else:  # (*k, in // groups, out) -> (out, in // groups, *k)
        kernel = layer.kernel.detach()
        weight = kernel.permute(rank + 1, rank, *spatial_axes)
        groups, out_channels, in_channels = (
            layer.groups,
            kernel.shape[-1],
            kernel.shape[-2] * layer.groups,
        )
    separable = isinstance(layer, BaseSeparableConv)
    conv = getattr(nn, f"Conv{rank}d")(
        in_channels,
        out_channels,
        layer.kernel_size,
        stride=layer.strides,
        padding=padding,
        dilation=layer.dilation_rate,
        groups=groups,
        bias=layer.use_bias and not separable,
    )
    copy(conv, weight, None if separable else bias)
    if not separable:
        return [*before, conv]
    pointwise = (
        layer.pointwise_kernel.detach()
    )  # (1.., in * multiplier, filters) -> (filters, in * multiplier, 1..)
    mix = getattr(nn, f"Conv{rank}d")(out_channels, layer.filters, 1, bias=layer.use_bias)
    copy(mix, pointwise.permute(rank + 1, rank, *spatial_axes), bias)
    return [*before, conv, mix]


def _conv_transpose(layer, rank):
    paddings = layer.output_padding or (None,) * rank
    crops = [
        conv_transpose_crops(k, s, layer.padding, p, d)
        for k, s, p, d in zip(layer.kernel_size, layer.strides, paddings, layer.dilation_rate)
    ]
    direct = torch_arguments(crops, layer.strides, layer.dilation_rate)
    after = []
    if direct is None:  # torch's window is centred; cut Keras's off-centre one from the full output
        if any(a < 0 or b < 0 for a, b in crops):
            refuse(
                layer,
                f"its output window (crops {crops}) appends cells torch's bias would not reach",
            )
        direct, after = ((0,) * rank, (0,) * rank), [_pad([(-a, -b) for a, b in crops], rank)]
    kernel = layer.kernel.detach()  # (*k, out, in) -> (in, out, *k)
    out_channels, in_channels = kernel.shape[-2:]
    conv = getattr(nn, f"ConvTranspose{rank}d")(
        in_channels,
        out_channels,
        layer.kernel_size,
        stride=layer.strides,
        padding=direct[0],
        output_padding=direct[1],
        dilation=layer.dilation_rate,
        bias=layer.use_bias,
    )
    copy(
        conv,
        kernel.permute(rank + 1, rank, *range(rank)),
        layer.bias.detach() if layer.use_bias else None,
    )
    return [conv, *after]


def _pool(layer, shape, rank):
    is_max = "Max" in type(layer).__name__
    window, strides = layer.pool_size, layer.strides
    cls = getattr(nn, f"{'Max' if is_max else 'Avg'}Pool{rank}d")
    if layer.padding == "valid":
        return [cls(window, strides)]
    spatial = tuple(shape[1:-1])
    if None in spatial:
        refuse(layer, f"padding='same' needs a known input size, got shape {tuple(shape)}")
    pads = same_pads(spatial, window, strides)
    if is_max:
        return [_pad(pads, rank, value=float("-inf")), cls(window, strides)]
    if any(a != b for a, b in pads):
        refuse(
            layer,
            "asymmetric 'same' padding, which torch's average pooling can't exclude from the mean",
        )
    if rank == 3 and any(n < k for n, k in zip(spatial, window)):
        refuse(
            layer, f"torch's AvgPool3d refuses inputs {spatial} smaller than the window {window}"
        )
    return [cls(window, strides, padding=tuple(a for a, _ in pads), count_include_pad=False)]


def _upsample(layer, rank):
    mode = getattr(layer, "interpolation", "nearest")
    if mode == "nearest":
        return nn.Upsample(scale_factor=tuple(float(s) for s in layer.size), mode="nearest")
    if mode == "bilinear":
        return nn.Upsample(
            scale_factor=tuple(float(s) for s in layer.size), mode="bilinear", align_corners=False
        )
    refuse(layer, f"interpolation={mode!r}; only 'nearest' and 'bilinear' convert")
