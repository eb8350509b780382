"""from_torch for windowed modules: convolutions, pooling, padding, upsampling (1-D to 3-D)."""

import numpy as np
from torch import nn

from .. import layers
from .torch_modules import ntuple, numpy, unsupported

_CONV = {nn.Conv1d: 1, nn.Conv2d: 2, nn.Conv3d: 3}
_CONV_TRANSPOSE = {nn.ConvTranspose1d: 1, nn.ConvTranspose2d: 2, nn.ConvTranspose3d: 3}
_MAX_POOL = {nn.MaxPool1d: 1, nn.MaxPool2d: 2, nn.MaxPool3d: 3}
_AVG_POOL = {nn.AvgPool1d: 1, nn.AvgPool2d: 2, nn.AvgPool3d: 3}
_ADAPTIVE = {
    nn.AdaptiveAvgPool1d: (1, "GlobalAveragePooling"),
    nn.AdaptiveAvgPool2d: (2, "GlobalAveragePooling"),
    nn.AdaptiveAvgPool3d: (3, "GlobalAveragePooling"),
    nn.AdaptiveMaxPool1d: (1, "GlobalMaxPooling"),
    nn.AdaptiveMaxPool2d: (2, "GlobalMaxPooling"),
    nn.AdaptiveMaxPool3d: (3, "GlobalMaxPooling"),
}
_ZERO_PAD = {nn.ZeroPad1d: 1, nn.ZeroPad2d: 2, nn.ZeroPad3d: 3}


def convert(conv, name, m) -> bool:
    """Adds the Lamina layers for `m` to the converter `conv`; False if `m` is not windowed."""
    kind = type(m)
    if kind in _CONV:
        _conv(conv, name, m, _CONV[kind])
    elif kind in _CONV_TRANSPOSE:
        _conv_transpose(conv, name, m, _CONV_TRANSPOSE[kind])
    elif kind in _MAX_POOL or kind in _AVG_POOL:
        _pool(conv, name, m, _MAX_POOL.get(kind) or _AVG_POOL[kind])
    elif kind in _ADAPTIVE:
        _adaptive(conv, name, m, *_ADAPTIVE[kind])
    elif kind in _ZERO_PAD:
        rank = _ZERO_PAD[kind]
        conv.spatial_rank(name, m, rank)
        flat = ntuple(m.padding, 2 * rank)  # last axis first, as F.pad takes it
        pairs = [(flat[2 * i], flat[2 * i + 1]) for i in range(rank)][::-1]
        conv.push(_padding_layer(pairs))
    elif isinstance(m, nn.Upsample):
        _upsample(conv, name, m)
    else:
        return False
    return True


def _adaptive(conv, name, m, rank, family):
    conv.spatial_rank(name, m, rank)
    if getattr(m, "return_indices", False):
        unsupported(name, m, "return_indices=True")
    # torch's None keeps that axis's input size
    size = tuple(
        n if n is not None else s for n, s in zip(ntuple(m.output_size, rank), conv.shape[1:-1])
    )
    if None in size:
        unsupported(name, m, f"output_size={m.output_size} keeps an axis of unknown size")
    if all(n == 1 for n in size):
        return conv.push(getattr(layers, f"{family}{rank}D")(keepdims=True))
    cls = "AdaptiveAveragePooling" if family == "GlobalAveragePooling" else "AdaptiveMaxPooling"
    # Keras's adaptive bins are torch's: floor(i * n / out) to ceil((i + 1) * n / out)
    conv.push(getattr(layers, f"{cls}{rank}D")(size))


def _padding_layer(pairs, cls="ZeroPadding"):
    rank = len(pairs)
    return getattr(layers, f"{cls}{rank}D")(pairs[0] if rank == 1 else tuple(pairs))


def _conv(conv, name, m, rank):
    conv.spatial_rank(name, m, rank)
    if m.padding_mode != "zeros":
        unsupported(name, m, f"padding_mode={m.padding_mode!r}; only zero padding converts")
    kernel_size, dilation = ntuple(m.kernel_size, rank), ntuple(m.dilation, rank)
    padding = "valid"
    if m.padding == "same":
        padding = "same"  # torch allows it for stride 1 only, where it equals TF "same"
    elif m.padding != "valid" and any(ntuple(m.padding, rank)):
        pads = ntuple(m.padding, rank)
        symmetric_same = all(s == 1 for s in ntuple(m.stride, rank)) and all(
            k % 2 == 1 and p == d * (k - 1) // 2 for p, k, d in zip(pads, kernel_size, dilation)
        )
        if symmetric_same:
            padding = "same"
        else:
            conv.push(_padding_layer([(p, p) for p in pads]))
    common = dict(
        strides=m.stride, padding=padding, dilation_rate=dilation, use_bias=m.bias is not None
    )
    weight = numpy(m.weight)  # (out, in // groups, *k)
    bias = [numpy(m.bias)] if m.bias is not None else []
    in_channels, out_channels = m.in_channels, m.out_channels
    depthwise = rank < 3 and m.groups == in_channels > 1 and out_channels % in_channels == 0
    try:
        if depthwise:
            multiplier = out_channels // in_channels
            layer = getattr(layers, f"DepthwiseConv{rank}D")(
                kernel_size, depth_multiplier=multiplier, **common
            )
        else:
            layer = getattr(layers, f"Conv{rank}D")(
                out_channels, kernel_size, groups=m.groups, **common
            )
    except ValueError as error:
        unsupported(name, m, f"Keras refuses its arguments ({error})")
    if depthwise:  # torch's output channel c * multiplier + j is Keras's kernel[..., c, j]
        kernel = weight.reshape(in_channels, multiplier, *kernel_size)
        kernel = kernel.transpose(*range(2, rank + 2), 0, 1)
    else:
        kernel = weight.transpose(*range(2, rank + 2), 1, 0)  # -> (*k, in // groups, out)
    conv.push(layer, [np.ascontiguousarray(kernel)] + bias)


def _conv_transpose(conv, name, m, rank):
    conv.spatial_rank(name, m, rank)
    if m.padding_mode != "zeros" or m.groups != 1:
        unsupported(name, m, "only groups=1 with zero padding has a Keras transposed convolution")
    extra = ntuple(m.output_padding, rank)
    try:
        layer = getattr(layers, f"Conv{rank}DTranspose")(
            m.out_channels,
            m.kernel_size,
            strides=m.stride,
            padding="valid",
            output_padding=extra,
            dilation_rate=m.dilation,
            use_bias=m.bias is not None,
        )
    except ValueError as error:
        unsupported(name, m, f"Keras refuses its arguments ({error})")
    # torch's (in, out, *k) -> Keras's (*k, out, in)
    kernel = np.ascontiguousarray(numpy(m.weight).transpose(*range(2, rank + 2), 1, 0))
    conv.push(layer, [kernel] + ([numpy(m.bias)] if m.bias is not None else []))
    # torch cuts `padding` cells at both ends of the "valid" + output_padding result
    pads = ntuple(m.padding, rank)
    if any(pads):
        conv.push(_padding_layer([(p, p) for p in pads], cls="Cropping"))


def _pool(conv, name, m, rank):
    conv.spatial_rank(name, m, rank)
    kernel = ntuple(m.kernel_size, rank)
    stride = ntuple(m.stride if m.stride is not None else m.kernel_size, rank)
    padding = ntuple(m.padding, rank)
    if m.ceil_mode:
        unsupported(name, m, "ceil_mode=True")
    if type(m) in _MAX_POOL:
        if any(padding) or any(d != 1 for d in ntuple(m.dilation, rank)):
            unsupported(name, m, "max pooling with padding or dilation")
        return conv.push(getattr(layers, f"MaxPooling{rank}D")(kernel, stride))
    if any(padding):
        if not m.count_include_pad or getattr(m, "divisor_override", None):
            unsupported(name, m, "average pooling padding that excludes the pad from the mean")
        conv.push(_padding_layer([(p, p) for p in padding]))
    elif getattr(m, "divisor_override", None):
        unsupported(name, m, "divisor_override")
    return conv.push(getattr(layers, f"AveragePooling{rank}D")(kernel, stride))


def _upsample(conv, name, m):
    rank = len(conv.shape) - 2
    conv.spatial_rank(name, m, rank)
    spatial = conv.shape[1:-1]
    if m.scale_factor is not None:
        factors = ntuple(m.scale_factor, rank)
    elif None not in spatial and all(n % s == 0 for n, s in zip(ntuple(m.size, rank), spatial)):
        factors = tuple(n // s for n, s in zip(ntuple(m.size, rank), spatial))
    else:
        unsupported(
            name, m, f"size={m.size} is not a whole multiple of the input size {tuple(spatial)}"
        )
    if any(float(f) != int(f) or f < 1 for f in factors):
        unsupported(name, m, f"scale_factor={m.scale_factor}; only whole factors convert")
    factors = tuple(int(f) for f in factors)
    if m.mode == "nearest":
        if rank == 1:
            return conv.push(layers.UpSampling1D(factors[0]))
        return conv.push(getattr(layers, f"UpSampling{rank}D")(factors))
    if m.mode == "bilinear" and rank == 2 and not m.align_corners:
        return conv.push(layers.UpSampling2D(factors, interpolation="bilinear"))
    unsupported(
        name,
        m,
        f"mode={m.mode!r}, align_corners={m.align_corners}; Keras's upsampling is "
        "nearest, or bilinear on half-pixel centres (align_corners=False)",
    )
