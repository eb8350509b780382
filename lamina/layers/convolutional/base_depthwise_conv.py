"""Shared configuration, validation and compute for N-D depthwise convolutions."""

import torch
import torch.nn.functional as F

from ... import activations, regularizers
from ...config import standardize_data_format
from ...shapes import channel_axis, normalize_padding, normalize_tuple
from ..input_spec import InputSpec
from ..kernel_args import set_weight_args, weight_args_config, weight_constraint
from ..layer import Layer
from ..layout import from_kernel_layout, kernel_errors, lift, shape_plan, to_kernel_layout
from . import window
from .base_conv import CONV
from .depthwise_padding import depthwise_pads


def depthwise_plan(layer, shape, kernel_shape):
    """`(conv, strides, dilation, *depthwise_pads)` for a depthwise kernel over input
    `shape`: the per-shape checks and torch arguments (see `depthwise_padding`)."""
    window.conv_output_spatial(layer, shape, kernel_shape)
    kernel_size, strides, dilation = lift(layer.kernel_size), lift(layer.strides), lift(layer.dilation_rate)
    spatial = lift(window.spatial_dims(layer, shape))
    return (CONV[len(kernel_size)], strides, dilation,
            *depthwise_pads(layer.padding, spatial, kernel_size, strides, dilation))


def depthwise_conv(layer, x, kernel, bias, plan):
    """The depthwise convolution of kernel-layout `x` by a Keras-layout `kernel`."""
    conv, strides, dilation, input_pad, padding, kernel_pad, kernel_padding = plan
    kernel = depthwise_kernel(kernel, layer.rank)
    if input_pad is not None:
        if kernel_pad is not None and not torch.is_grad_enabled():
            kernel, padding = F.pad(kernel, kernel_pad), kernel_padding
        else:
            x = F.pad(x, input_pad)
    return conv(x, kernel, bias, strides, padding, dilation, x.shape[1])


def depthwise_kernel(kernel, rank: int):
    """Keras's `(k..., in, depth_multiplier)` as torch's `(in * depth_multiplier, 1, k...)`
    view; output channel `c * depth_multiplier + m` is input channel `c` times filter `m`.
    The weight is stored in `(in, multiplier, k...)` order (see `build`), so the permute
    is already torch's layout with a multiplier of 1, and a view of it otherwise."""
    *spatial, channels, multiplier = kernel.shape
    r = len(spatial)
    flat = kernel.permute(r, r + 1, *range(r))
    if multiplier != 1:
        flat = flat.reshape(channels * multiplier, 1, *spatial)
    return flat.unsqueeze(2) if rank == 1 else flat


class BaseDepthwiseConv(Layer):
    """Each input channel convolved with its own `depth_multiplier` filters; subclasses
    fix `rank`. The kernel keeps the Keras layout `(*kernel_size, in_channels, depth_multiplier)`.
    """

    _float_inputs = True

    rank = 2

    def __init__(
        self,
        kernel_size,
        strides=1,
        padding: str = "valid",
        depth_multiplier: int = 1,
        data_format: str | None = None,
        dilation_rate=1,
        activation=None,
        use_bias: bool = True,
        depthwise_initializer="glorot_uniform",
        bias_initializer="zeros",
        depthwise_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        depthwise_constraint=None,
        bias_constraint=None,
        **kwargs,
    ):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.depth_multiplier = window.check_positive_int(depth_multiplier, "depth_multiplier")
        self.kernel_size = normalize_tuple(kernel_size, self.rank, "kernel_size")
        self.strides = normalize_tuple(strides, self.rank, "strides")
        self.padding = normalize_padding(padding)
        self.data_format = standardize_data_format(data_format)
        self.dilation_rate = normalize_tuple(dilation_rate, self.rank, "dilation_rate")
        window.check_strides_and_dilation(self.strides, self.dilation_rate)
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        set_weight_args(self, "depthwise", depthwise_initializer, depthwise_regularizer, depthwise_constraint)
        set_weight_args(self, "bias", bias_initializer, bias_regularizer, bias_constraint)
        self.input_spec = InputSpec(min_ndim=self.rank + 2, max_ndim=self.rank + 2)

    def build(self, input_shape):
        in_channels = window.input_channels(self, input_shape)
        kernel_shape = (*self.kernel_size, in_channels, self.depth_multiplier)
        window.conv_output_spatial(self, input_shape, kernel_shape)
        # Stored as (in, multiplier, k...): the (in * multiplier, 1, k...) view torch takes is
        # then contiguous.
        order = (self.rank, self.rank + 1, *range(self.rank))
        self.add_weight("kernel", kernel_shape, self.depthwise_initializer,
                        regularizer=self.depthwise_regularizer,
                        constraint=weight_constraint(self.depthwise_constraint), memory_order=order)
        if self.use_bias:
            self.add_weight("bias", (in_channels * self.depth_multiplier,), self.bias_initializer,
                            regularizer=self.bias_regularizer,
                            constraint=weight_constraint(self.bias_constraint))
        axis = channel_axis(self.data_format)
        self.input_spec = InputSpec(min_ndim=self.rank + 2, max_ndim=self.rank + 2, axes={axis: in_channels})

    def call(self, inputs):
        plan = shape_plan(self, inputs.shape, self._plan)
        with kernel_errors(self, inputs):
            x = to_kernel_layout(inputs, self.data_format, self.rank)
            y = depthwise_conv(self, x, self.kernel, self.bias if self.use_bias else None, plan)
        return self.activation(from_kernel_layout(y, self.data_format, self.rank))

    def _plan(self, shape):
        return depthwise_plan(self, shape, self.kernel.shape)

    def compute_output_shape(self, input_shape):
        channels = input_shape[channel_axis(self.data_format)]
        kernel_shape = (*self.kernel_size, channels, self.depth_multiplier)
        spatial = window.conv_output_spatial(self, input_shape, kernel_shape)
        out_channels = None if channels is None else channels * self.depth_multiplier
        return window.with_channels(self, input_shape, spatial, out_channels)

    def get_config(self):
        return {
            **super().get_config(),
            "depth_multiplier": self.depth_multiplier,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            **weight_args_config(self, "depthwise", "bias"),
            "activity_regularizer": regularizers.serialize(self.activity_regularizer),
        }

    def input_hint(self, shape) -> str:
        return window.input_hint(self)

    def extra_repr(self):
        return (
            f"name={self.name!r}, depth_multiplier={self.depth_multiplier}, kernel_size={self.kernel_size}, "
            f"strides={self.strides}, padding={self.padding!r}, data_format={self.data_format!r}"
        )
