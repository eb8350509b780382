"""`to_torch`: a Lamina Sequential -> an `nn.Sequential` of plain torch modules on NCHW data."""

import torch
from torch import nn

from .. import activations
from ..layers import (
    Activation,
    AveragePooling2D,
    BatchNormalization,
    Conv2D,
    Dense,
    Dropout,
    Flatten,
    GlobalAveragePooling2D,
    GlobalMaxPooling2D,
    Identity,
    MaxPooling2D,
    ZeroPadding2D,
)
from ..layers.layout import same_pads
from ..models.sequential import Sequential
from .flatten_order import reorder_rows

_ACTIVATIONS = {
    "relu": nn.ReLU, "relu6": nn.ReLU6, "sigmoid": nn.Sigmoid, "tanh": nn.Tanh, "elu": nn.ELU,
    "selu": nn.SELU, "gelu": nn.GELU, "silu": nn.SiLU, "softplus": nn.Softplus, "mish": nn.Mish,
    "softsign": nn.Softsign,
}


def to_torch(model: Sequential) -> nn.Sequential:
    """Converts a built channels_last Lamina `Sequential` into plain torch modules.

    The result takes NCHW inputs: `torch_model(x.permute(0, 3, 1, 2))` equals `model(x)` for
    rank-2 outputs (4-D outputs come out NCHW). The first Dense after a Flatten gets its
    kernel rows re-ordered from `(h, w, c)` to torch's `(c, h, w)` flatten order.
    """
    if not isinstance(model, Sequential) or not model.built:
        raise ValueError("to_torch converts built Sequential models (start them with `Input(shape)`).")
    modules, flattened_map = [], None
    for layer in model.layers:
        in_shape = layer.input.shape
        if getattr(layer, "data_format", "channels_last") != "channels_last":
            raise ValueError(f"to_torch: layer '{layer.name}' uses channels_first; convert channels_last models.")
        if isinstance(layer, Conv2D):
            modules += _conv(layer, in_shape)
        elif isinstance(layer, Dense):
            if len(in_shape) != 2:
                raise ValueError(f"to_torch: Dense '{layer.name}' on a rank-{len(in_shape)} input has no Linear equivalent.")
            kernel, bias = layer.kernel.detach(), layer.bias.detach() if layer.use_bias else None
            if flattened_map is not None:
                kernel = torch.from_numpy(reorder_rows(kernel.numpy(), flattened_map, "channels_last", "channels_first"))
                flattened_map = None
            linear = nn.Linear(kernel.shape[0], kernel.shape[1], bias=bias is not None)
            _copy(linear, kernel.t(), bias)
            modules += [linear, *_activation(layer, rank=2)]
        elif isinstance(layer, Flatten):
            flattened_map = tuple(in_shape[1:]) if len(in_shape) == 4 and in_shape[1] * in_shape[2] > 1 else None
            modules.append(nn.Flatten())
        elif isinstance(layer, (MaxPooling2D, AveragePooling2D)):
            modules += _pool(layer, in_shape)
        elif isinstance(layer, (GlobalAveragePooling2D, GlobalMaxPooling2D)):
            pool = nn.AdaptiveAvgPool2d(1) if isinstance(layer, GlobalAveragePooling2D) else nn.AdaptiveMaxPool2d(1)
            modules += [pool] if layer.keepdims else [pool, nn.Flatten()]
        elif isinstance(layer, BatchNormalization):
            modules.append(_batch_norm(layer, in_shape))
        elif isinstance(layer, Dropout):
            modules.append(nn.Dropout(layer.rate))
        elif isinstance(layer, Activation):
            modules += _activation(layer, rank=len(in_shape))
        elif isinstance(layer, ZeroPadding2D):
            (top, bottom), (left, right) = layer.padding
            modules.append(nn.ZeroPad2d((left, right, top, bottom)))
        elif isinstance(layer, Identity):
            modules.append(nn.Identity())
        else:
            raise ValueError(f"to_torch: layer '{layer.name}' ({type(layer).__name__}) has no torch equivalent yet.")
    return nn.Sequential(*modules).eval()


def _activation(layer, rank):
    name = activations.serialize(layer.activation)
    if name == "linear":
        return []
    if name in ("softmax", "log_softmax"):
        dim = 1 if rank > 2 else -1  # the channel axis of NCHW, or the features
        return [nn.Softmax(dim=dim) if name == "softmax" else nn.LogSoftmax(dim=dim)]
    if not isinstance(name, str) or name not in _ACTIVATIONS:
        raise ValueError(f"to_torch: activation '{name}' of layer '{layer.name}' has no torch module here.")
    return [_ACTIVATIONS[name]()]


def _conv(layer, in_shape):
    modules, padding = [], 0
    if layer.padding == "same":
        if None in in_shape[1:3]:
            raise ValueError(f"to_torch: Conv2D '{layer.name}' with padding='same' needs a known input size.")
        pads = same_pads(tuple(in_shape[1:3]), layer.kernel_size, layer.strides, layer.dilation_rate)
        if all(a == b for a, b in pads):
            padding = tuple(a for a, _ in pads)
        else:
            (top, bottom), (left, right) = pads
            modules.append(nn.ZeroPad2d((left, right, top, bottom)))
    kh, kw, in_per_group, filters = layer.kernel.shape
    conv = nn.Conv2d(in_per_group * layer.groups, filters, (kh, kw), stride=layer.strides, padding=padding,
                     dilation=layer.dilation_rate, groups=layer.groups, bias=layer.use_bias)
    _copy(conv, layer.kernel.detach().permute(3, 2, 0, 1), layer.bias.detach() if layer.use_bias else None)
    return [*modules, conv, *_activation(layer, rank=4)]


def _pool(layer, in_shape):
    is_max = isinstance(layer, MaxPooling2D)
    if layer.padding == "valid":
        cls = nn.MaxPool2d if is_max else nn.AvgPool2d
        return [cls(layer.pool_size, layer.strides)]
    pads = same_pads(tuple(in_shape[1:3]), layer.pool_size, layer.strides)
    if is_max:
        (top, bottom), (left, right) = pads
        return [nn.ConstantPad2d((left, right, top, bottom), float("-inf")), nn.MaxPool2d(layer.pool_size, layer.strides)]
    if any(a != b for a, b in pads):
        raise ValueError(f"to_torch: AveragePooling2D '{layer.name}' needs asymmetric 'same' padding, which torch's AvgPool2d can't exclude from the mean.")
    return [nn.AvgPool2d(layer.pool_size, layer.strides, padding=tuple(a for a, _ in pads), count_include_pad=False)]


def _batch_norm(layer, in_shape):
    if layer.axis not in (-1, len(in_shape) - 1):
        raise ValueError(f"to_torch: BatchNormalization '{layer.name}' must normalize the channel axis.")
    cls = nn.BatchNorm2d if len(in_shape) == 4 else nn.BatchNorm1d
    bn = cls(in_shape[-1], eps=layer.epsilon, momentum=1.0 - layer.momentum, affine=layer.scale and layer.center)
    with torch.no_grad():
        if bn.affine:
            bn.weight.copy_(layer.gamma)
            bn.bias.copy_(layer.beta)
        bn.running_mean.copy_(layer.moving_mean)
        bn.running_var.copy_(layer.moving_variance)
    return bn


def _copy(module, weight, bias):
    with torch.no_grad():
        module.weight.copy_(weight)
        if bias is not None:
            module.bias.copy_(bias)
