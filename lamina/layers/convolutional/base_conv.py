"""Shared configuration, validation and compute for N-D convolutions."""

import torch.nn.functional as F

from ... import regularizers
from ...config import standardize_data_format
from ...shapes import channel_axis, normalize_padding, normalize_tuple
from ..input_spec import InputSpec
from ..kernel_args import kernel_args_config, set_kernel_args, weight_constraint
from ..layer import Layer
from ..layout import (
    from_kernel_layout,
    kernel_errors,
    lift,
    lift_kernel,
    padding_plan,
    same_pads,
    shape_plan,
    to_kernel_layout,
)
from . import window

CONV = {2: F.conv2d, 3: F.conv3d}  # rank 1 runs as 2-D (see layout.to_kernel_layout)


def conv_pads(padding: str, spatial, kernel, strides, dilation):
    """`(F.pad argument or None, torch_padding)` for Keras's "valid", "same" (TensorFlow's
    placement) or "causal" (all `dilated_kernel - 1` cells before the start), given the
    kernel-layout spatial sizes."""
    if padding == "valid":
        return None, 0
    if padding == "causal":
        pads = [(0, 0)] * (len(kernel) - 1) + [(dilation[-1] * (kernel[-1] - 1), 0)]
    else:
        pads = same_pads(tuple(spatial), kernel, strides, dilation)
    return padding_plan(pads)


def conv_padding(x, padding: str, kernel, strides, dilation):
    """`(x, torch_padding)`: `conv_pads` applied to a kernel-layout view."""
    flat, torch_padding = conv_pads(padding, x.shape[2:], kernel, strides, dilation)
    return (x, torch_padding) if flat is None else (F.pad(x, flat), torch_padding)


class BaseConv(Layer):
    """Convolution over `rank` spatial axes; subclasses fix `rank`.

    The kernel keeps the Keras layout `(*kernel_size, in_channels // groups, filters)`
    so weights copy 1:1 to and from Keras; `call` hands torch a permuted view.
    """

    _float_inputs = True

    rank = 2

    def __init__(
        self,
        filters: int,
        kernel_size,
        strides=1,
        padding: str = "valid",
        data_format: str | None = None,
        dilation_rate=1,
        groups: int = 1,
        activation=None,
        use_bias: bool = True,
        kernel_initializer="glorot_uniform",
        bias_initializer="zeros",
        kernel_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        kernel_constraint=None,
        bias_constraint=None,
        **kwargs,
    ):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.filters = window.check_positive_int(filters, "filters")
        if not isinstance(groups, int) or isinstance(groups, bool) or groups <= 0 or filters % groups:
            raise ValueError(
                "The number of filters must be evenly divisible by the number of groups. "
                f"Received: groups={groups}, filters={filters}."
            )
        self.groups = groups
        self.kernel_size = normalize_tuple(kernel_size, self.rank, "kernel_size")
        self.strides = normalize_tuple(strides, self.rank, "strides")
        self.dilation_rate = normalize_tuple(dilation_rate, self.rank, "dilation_rate")
        self.padding = normalize_padding(padding, allow_causal=self.rank == 1)
        self.data_format = standardize_data_format(data_format)
        window.check_strides_and_dilation(self.strides, self.dilation_rate)
        set_kernel_args(self, activation, use_bias, kernel_initializer, bias_initializer,
                        kernel_regularizer, bias_regularizer, kernel_constraint, bias_constraint)
        self.input_spec = InputSpec(min_ndim=self.rank + 2, max_ndim=self.rank + 2)

    def build(self, input_shape):
        in_channels = window.input_channels(self, input_shape)
        if in_channels % self.groups:
            raise ValueError(
                "The number of input channels must be evenly divisible by the number of groups. "
                f"Received groups={self.groups}, but the input has {in_channels} channels "
                f"(full input shape is {tuple(input_shape)})."
            )
        kernel_shape = (*self.kernel_size, in_channels // self.groups, self.filters)
        window.conv_output_spatial(self, input_shape, kernel_shape)
        # Keras's (k..., in, out) shape, stored as (out, k..., in): the permuted view `call`
        # hands torch is then a channels_last kernel, read without a copy.
        order = (self.rank + 1, *range(self.rank), self.rank)
        self.add_weight("kernel", kernel_shape, self.kernel_initializer, regularizer=self.kernel_regularizer,
                        constraint=weight_constraint(self.kernel_constraint), memory_order=order)
        if self.use_bias:
            self.add_weight("bias", (self.filters,), self.bias_initializer, regularizer=self.bias_regularizer,
                            constraint=weight_constraint(self.bias_constraint))
        axis = channel_axis(self.data_format)
        self.input_spec = InputSpec(min_ndim=self.rank + 2, max_ndim=self.rank + 2, axes={axis: in_channels})

    def call(self, inputs):
        conv, flat_pad, padding, strides, dilation = shape_plan(self, inputs.shape, self._plan)
        with kernel_errors(self, inputs):
            x = to_kernel_layout(inputs, self.data_format, self.rank)
            if flat_pad is not None:
                x = F.pad(x, flat_pad)
            bias = self.bias if self.use_bias else None
            y = conv(x, lift_kernel(self.kernel, self.rank), bias, strides, padding, dilation, self.groups)
        return self.activation(from_kernel_layout(y, self.data_format, self.rank))

    def _plan(self, shape):
        """The checks and torch arguments that depend only on the input shape."""
        window.conv_output_spatial(self, shape, self.kernel.shape)
        kernel_size, strides, dilation = lift(self.kernel_size), lift(self.strides), lift(self.dilation_rate)
        spatial = lift(window.spatial_dims(self, shape))
        flat_pad, padding = conv_pads(self.padding, spatial, kernel_size, strides, dilation)
        return CONV[len(kernel_size)], flat_pad, padding, strides, dilation

    def compute_output_shape(self, input_shape):
        kernel_shape = (*self.kernel_size, input_shape[channel_axis(self.data_format)], self.filters)
        spatial = window.conv_output_spatial(self, input_shape, kernel_shape)
        return window.with_channels(self, input_shape, spatial, self.filters)

    def get_config(self):
        return {
            **super().get_config(),
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
            "groups": self.groups,
            **kernel_args_config(self),
            "activity_regularizer": regularizers.serialize(self.activity_regularizer),
        }

    def input_hint(self, shape) -> str:
        return window.input_hint(self)

    def extra_repr(self):
        return (
            f"name={self.name!r}, filters={self.filters}, kernel_size={self.kernel_size}, "
            f"strides={self.strides}, padding={self.padding!r}, data_format={self.data_format!r}"
        )
