"""`from_torch`: an `nn.Sequential` of common modules -> a Lamina model on channels_last data."""

import numpy as np
import torch
from torch import nn

from .. import layers
from ..layers.input_layer import Input
from ..models.sequential import Sequential
from .flatten_order import reorder_rows

# Element-wise modules that become `Activation` layers (or a no-op).
_ACTIVATIONS = {
    nn.ReLU: "relu", nn.ReLU6: "relu6", nn.Sigmoid: "sigmoid", nn.Tanh: "tanh", nn.ELU: "elu",
    nn.SELU: "selu", nn.GELU: "gelu", nn.SiLU: "silu", nn.Softplus: "softplus", nn.Mish: "mish",
    nn.Softsign: "softsign",
}


def from_torch(module: nn.Module, input_shape) -> Sequential:
    """Converts a PyTorch `nn.Sequential` into a Lamina `Sequential` with the same function.

    The Lamina model takes channels_last inputs of `input_shape` `(H, W, C)` (or `(features,)`),
    so `lamina_model(x.permute(0, 2, 3, 1))` equals `module(x)` for NCHW `x`. Conv kernels are
    transposed to Keras's layout, BatchNorm momentum is converted (`keras = 1 - torch`), and
    the first Linear after a Flatten gets its rows re-ordered from `(c, h, w)` to `(h, w, c)`.

    Supported: Conv2d, Linear, ReLU/ReLU6/Sigmoid/Tanh/ELU/SELU/GELU/SiLU/Softplus/Mish/
    Softsign/Softmax/LogSoftmax, MaxPool2d, AvgPool2d, AdaptiveAvgPool2d(1),
    AdaptiveMaxPool2d(1), BatchNorm2d/BatchNorm1d, Dropout, Flatten, Identity, ZeroPad2d and
    nested nn.Sequential. Anything else is a `ValueError` that names the module.
    """
    converter = _Converter(tuple(input_shape))
    for name, child in _leaves(module, prefix=""):
        converter.add(name, child)
    return converter.model


def _leaves(module, prefix):
    if isinstance(module, nn.Sequential):
        for name, child in module.named_children():
            yield from _leaves(child, f"{prefix}{name}.")
    else:
        yield prefix.rstrip(".") or type(module).__name__, module


class _Converter:
    def __init__(self, input_shape):
        self.model = Sequential([Input(input_shape)])
        self.flattened_map = None  # (c, h, w) of the last Flatten, until a Linear consumes it

    @property
    def shape(self):
        return self.model.output_shape if self.model.layers else self.model._input_layer.batch_shape

    def push(self, layer, weights=None):
        self.model.add(layer)
        if weights is not None:
            layer.set_weights(weights)

    def add(self, name, m):
        kind = type(m)
        if kind in _ACTIVATIONS:
            return self.push(layers.Activation(_ACTIVATIONS[kind]))
        if isinstance(m, (nn.Softmax, nn.LogSoftmax)):
            rank = len(self.shape)
            if m.dim not in (1, -1, rank - 1) or (m.dim == -1 and rank != 2):
                _unsupported(name, m, "softmax must run over the channel/feature axis (dim=1)")
            return self.push(layers.Activation("softmax" if isinstance(m, nn.Softmax) else "log_softmax"))
        if isinstance(m, nn.Identity):
            return None
        if isinstance(m, nn.Dropout):
            return self.push(layers.Dropout(m.p))
        if isinstance(m, nn.Conv2d):
            return self._conv(name, m)
        if isinstance(m, nn.Linear):
            return self._linear(name, m)
        if isinstance(m, nn.Flatten):
            if m.start_dim != 1 or m.end_dim != -1:
                _unsupported(name, m, "only Flatten(start_dim=1, end_dim=-1) has a Keras equivalent")
            if len(self.shape) == 4:
                _, h, w, c = self.shape
                self.flattened_map = (c, h, w) if h * w > 1 else None
            return self.push(layers.Flatten())
        if isinstance(m, (nn.MaxPool2d, nn.AvgPool2d)):
            return self._pool(name, m)
        if isinstance(m, (nn.AdaptiveAvgPool2d, nn.AdaptiveMaxPool2d)):
            size = m.output_size if isinstance(m.output_size, tuple) else (m.output_size, m.output_size)
            if tuple(size) != (1, 1):
                _unsupported(name, m, "only output_size=1 (global pooling) is supported")
            cls = layers.GlobalAveragePooling2D if isinstance(m, nn.AdaptiveAvgPool2d) else layers.GlobalMaxPooling2D
            return self.push(cls(keepdims=True))
        if isinstance(m, (nn.BatchNorm2d, nn.BatchNorm1d)):
            return self._batch_norm(name, m)
        if isinstance(m, nn.ZeroPad2d):
            left, right, top, bottom = m.padding
            return self.push(layers.ZeroPadding2D(((top, bottom), (left, right))))
        _unsupported(name, m, "this module type has no Lamina equivalent yet")

    def _conv(self, name, m):
        if m.padding_mode != "zeros":
            _unsupported(name, m, f"padding_mode={m.padding_mode!r}; only zero padding converts")
        padding = "valid"
        if m.padding == "same":
            padding = "same"  # torch allows it for stride 1 only, where it equals TF "same"
        elif m.padding not in ("valid", (0, 0)):
            (ph, pw), (kh, kw), (dh, dw) = m.padding, m.kernel_size, m.dilation
            symmetric_same = m.stride == (1, 1) and ph == dh * (kh - 1) // 2 and pw == dw * (kw - 1) // 2
            if symmetric_same and kh % 2 and kw % 2:
                padding = "same"
            else:
                self.push(layers.ZeroPadding2D(((ph, ph), (pw, pw))))
        conv = layers.Conv2D(
            m.out_channels, m.kernel_size, strides=m.stride, padding=padding, dilation_rate=m.dilation,
            groups=m.groups, use_bias=m.bias is not None,
        )
        kernel = _numpy(m.weight).transpose(2, 3, 1, 0)  # (out, in, kh, kw) -> (kh, kw, in, out)
        self.push(conv, [kernel] + ([_numpy(m.bias)] if m.bias is not None else []))

    def _linear(self, name, m):
        if len(self.shape) != 2:
            _unsupported(name, m, f"Linear on a rank-{len(self.shape)} tensor; flatten the feature map first")
        kernel = _numpy(m.weight).T
        if self.flattened_map is not None:
            kernel = reorder_rows(kernel, self.flattened_map, "channels_first", "channels_last")
            self.flattened_map = None
        dense = layers.Dense(m.out_features, use_bias=m.bias is not None)
        self.push(dense, [kernel] + ([_numpy(m.bias)] if m.bias is not None else []))

    def _pool(self, name, m):
        kernel = _pair(m.kernel_size)
        stride = _pair(m.stride if m.stride is not None else m.kernel_size)
        padding = _pair(m.padding)
        if m.ceil_mode:
            _unsupported(name, m, "ceil_mode=True")
        if isinstance(m, nn.MaxPool2d):
            if padding != (0, 0) or _pair(m.dilation) != (1, 1):
                _unsupported(name, m, "MaxPool2d with padding or dilation")
            return self.push(layers.MaxPooling2D(kernel, stride))
        if padding != (0, 0):
            if not m.count_include_pad or m.divisor_override:
                _unsupported(name, m, "AvgPool2d padding that excludes the pad from the mean")
            self.push(layers.ZeroPadding2D(((padding[0],) * 2, (padding[1],) * 2)))
        return self.push(layers.AveragePooling2D(kernel, stride))

    def _batch_norm(self, name, m):
        if not m.track_running_stats:
            _unsupported(name, m, "track_running_stats=False")
        momentum = 0.99 if m.momentum is None else 1.0 - m.momentum
        bn = layers.BatchNormalization(momentum=momentum, epsilon=m.eps, center=m.affine, scale=m.affine)
        weights = [_numpy(m.weight), _numpy(m.bias)] if m.affine else []
        self.push(bn, weights + [_numpy(m.running_mean), _numpy(m.running_var)])


def _pair(value):
    return tuple(value) if isinstance(value, (tuple, list)) else (value, value)


def _numpy(tensor) -> np.ndarray:
    return tensor.detach().cpu().to(torch.float32).numpy()


def _unsupported(name, module, why):
    raise ValueError(f"from_torch: cannot convert module '{name}' ({module!r}): {why}.")

