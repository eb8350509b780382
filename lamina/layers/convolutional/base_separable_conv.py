"""Shared configuration, validation and compute for N-D separable convolutions."""

from ... import activations, regularizers
from ...config import standardize_data_format
from ...shapes import channel_axis, normalize_padding, normalize_tuple
from ..input_spec import InputSpec
from ..kernel_args import set_weight_args, weight_args_config, weight_constraint
from ..layer import Layer
from ..layout import from_kernel_layout, kernel_errors, lift_kernel, shape_plan, to_kernel_layout
from . import window
from .base_depthwise_conv import depthwise_conv, depthwise_plan


class BaseSeparableConv(Layer):
    """A depthwise convolution followed by a 1x1 (pointwise) convolution to `filters`
    channels; subclasses fix `rank`.

    Weights, in Keras order and layout: `depthwise_kernel` `(*kernel_size, in_channels,
    depth_multiplier)`, `pointwise_kernel` `(1, ..., in_channels * depth_multiplier, filters)`,
    then `bias` `(filters,)`.
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
        depth_multiplier: int = 1,
        activation=None,
        use_bias: bool = True,
        depthwise_initializer="glorot_uniform",
        pointwise_initializer="glorot_uniform",
        bias_initializer="zeros",
        depthwise_regularizer=None,
        pointwise_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        depthwise_constraint=None,
        pointwise_constraint=None,
        bias_constraint=None,
        **kwargs,
    ):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.depth_multiplier = window.check_positive_int(depth_multiplier, "depth_multiplier")
        self.filters = window.check_positive_int(filters, "filters")
        self.kernel_size = normalize_tuple(kernel_size, self.rank, "kernel_size")
        self.strides = normalize_tuple(strides, self.rank, "strides")
        self.padding = normalize_padding(padding)
        self.data_format = standardize_data_format(data_format)
        self.dilation_rate = normalize_tuple(dilation_rate, self.rank, "dilation_rate")
        window.check_strides_and_dilation(self.strides, self.dilation_rate)
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        set_weight_args(self, "depthwise", depthwise_initializer, depthwise_regularizer, depthwise_constraint)
        set_weight_args(self, "pointwise", pointwise_initializer, pointwise_regularizer, pointwise_constraint)
        set_weight_args(self, "bias", bias_initializer, bias_regularizer, bias_constraint)
        self.input_spec = InputSpec(min_ndim=self.rank + 2, max_ndim=self.rank + 2)

    def build(self, input_shape):
        in_channels = window.input_channels(self, input_shape)
        depthwise_shape = (*self.kernel_size, in_channels, self.depth_multiplier)
        window.conv_output_spatial(self, input_shape, depthwise_shape)
        rank = self.rank
        self.add_weight("depthwise_kernel", depthwise_shape, self.depthwise_initializer,
                        regularizer=self.depthwise_regularizer,
                        constraint=weight_constraint(self.depthwise_constraint),
                        memory_order=(rank, rank + 1, *range(rank)))
        self.add_weight("pointwise_kernel", (*(1,) * rank, in_channels * self.depth_multiplier, self.filters),
                        self.pointwise_initializer, regularizer=self.pointwise_regularizer,
                        constraint=weight_constraint(self.pointwise_constraint),
                        memory_order=(rank + 1, *range(rank), rank))
        if self.use_bias:
            self.add_weight("bias", (self.filters,), self.bias_initializer, regularizer=self.bias_regularizer,
                            constraint=weight_constraint(self.bias_constraint))
        axis = channel_axis(self.data_format)
        self.input_spec = InputSpec(min_ndim=rank + 2, max_ndim=rank + 2, axes={axis: in_channels})

    def call(self, inputs):
        plan = shape_plan(self, inputs.shape, self._plan)
        with kernel_errors(self, inputs):
            x = to_kernel_layout(inputs, self.data_format, self.rank)
            y = depthwise_conv(self, x, self.depthwise_kernel, None, plan)
            y = plan[0](y, lift_kernel(self.pointwise_kernel, self.rank), self.bias if self.use_bias else None)
        return self.activation(from_kernel_layout(y, self.data_format, self.rank))

    def _plan(self, shape):
        return depthwise_plan(self, shape, self.depthwise_kernel.shape)

    def compute_output_shape(self, input_shape):
        kernel_shape = (*self.kernel_size, input_shape[channel_axis(self.data_format)], self.depth_multiplier)
        spatial = window.conv_output_spatial(self, input_shape, kernel_shape)
        return window.with_channels(self, input_shape, spatial, self.filters)

    def get_config(self):
        return {
            **super().get_config(),
            "depth_multiplier": self.depth_multiplier,
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            **weight_args_config(self, "depthwise", "pointwise", "bias"),
            "activity_regularizer": regularizers.serialize(self.activity_regularizer),
        }

    def input_hint(self, shape) -> str:
        return window.input_hint(self)

    def extra_repr(self):
        return (
            f"name={self.name!r}, filters={self.filters}, depth_multiplier={self.depth_multiplier}, "
            f"kernel_size={self.kernel_size}, strides={self.strides}, padding={self.padding!r}, "
            f"data_format={self.data_format!r}"
        )
