"""Shared configuration, validation and compute for N-D convolutions."""

import torch.nn.functional as F

from ...config import standardize_data_format
from ...shapes import channel_axis, conv_output_length, normalize_padding, normalize_tuple
from ..input_spec import InputSpec
from ..kernel_args import kernel_args_config, set_kernel_args
from ..layer import Layer
from ..layout import from_channels_first, same_pads, split_padding, to_channels_first

_CONV = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}


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
        super().__init__(**kwargs)
        if not isinstance(filters, int) or isinstance(filters, bool) or filters <= 0:
            raise ValueError(
                "Invalid value for argument `filters`. Expected a strictly positive value. "
                f"Received filters={filters}."
            )
        if not isinstance(groups, int) or groups <= 0 or filters % groups:
            raise ValueError(
                "The number of filters must be evenly divisible by the number of groups. "
                f"Received: groups={groups}, filters={filters}."
            )
        if activity_regularizer is not None:
            raise ValueError(f"{type(self).__name__}: `activity_regularizer` is not supported by Lamina yet.")
        self.filters = filters
        self.groups = groups
        self.kernel_size = normalize_tuple(kernel_size, self.rank, "kernel_size")
        self.strides = normalize_tuple(strides, self.rank, "strides")
        self.dilation_rate = normalize_tuple(dilation_rate, self.rank, "dilation_rate")
        self.padding = normalize_padding(padding)
        self.data_format = standardize_data_format(data_format)
        if max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise ValueError(
                "`strides > 1` not supported in conjunction with `dilation_rate > 1`. "
                f"Received: strides={self.strides} and dilation_rate={self.dilation_rate}"
            )
        set_kernel_args(self, activation, use_bias, kernel_initializer, bias_initializer,
                        kernel_regularizer, bias_regularizer, kernel_constraint, bias_constraint)
        self.input_spec = InputSpec(min_ndim=self.rank + 2)

    def build(self, input_shape):
        axis = channel_axis(self.data_format)
        in_channels = input_shape[axis]
        if in_channels is None:
            raise ValueError(
                f"{type(self).__name__} '{self.name}' needs a known number of input channels, but "
                f"received input shape {tuple(input_shape)}. Check `data_format` ({self.data_format})."
            )
        if in_channels % self.groups:
            raise ValueError(
                "The number of input channels must be evenly divisible by the number of groups. "
                f"Received groups={self.groups}, but the input has {in_channels} channels "
                f"(full input shape is {tuple(input_shape)})."
            )
        kernel_shape = (*self.kernel_size, in_channels // self.groups, self.filters)
        self._check_output_size(input_shape, kernel_shape)
        # Keras's (k..., in, out) shape, stored as (out, k..., in): the permuted view `call`
        # hands torch is then a channels_last kernel, read without a copy.
        order = (self.rank + 1, *range(self.rank), self.rank)
        self.add_weight("kernel", kernel_shape, self.kernel_initializer, regularizer=self.kernel_regularizer,
                        memory_order=order)
        if self.use_bias:
            self.add_weight("bias", (self.filters,), self.bias_initializer, regularizer=self.bias_regularizer)
        self.input_spec = InputSpec(min_ndim=self.rank + 2, axes={axis: in_channels})

    def call(self, inputs):
        x = to_channels_first(inputs, self.data_format)
        padding = 0
        if self.padding == "same":
            pads = same_pads(tuple(x.shape[2:]), self.kernel_size, self.strides, self.dilation_rate)
            x, padding = split_padding(x, pads)
        # (k..., in, out) -> (out, in, k...): a view of the Keras-layout kernel.
        kernel = self.kernel.permute(self.rank + 1, self.rank, *range(self.rank))
        bias = self.bias if self.use_bias else None
        y = _CONV[self.rank](x, kernel, bias, self.strides, padding, self.dilation_rate, self.groups)
        return self.activation(from_channels_first(y, self.data_format))

    def compute_output_shape(self, input_shape):
        spatial = self._output_spatial(input_shape)
        if self.data_format == "channels_last":
            return (input_shape[0], *spatial, self.filters)
        return (input_shape[0], self.filters, *spatial)

    def _output_spatial(self, input_shape):
        first = 1 if self.data_format == "channels_last" else 2
        sizes = input_shape[first:first + self.rank]
        return tuple(
            conv_output_length(n, k, s, self.padding, d)
            for n, k, s, d in zip(sizes, self.kernel_size, self.strides, self.dilation_rate)
        )

    def _check_output_size(self, input_shape, kernel_shape):
        spatial = self._output_spatial(input_shape)
        if any(n is not None and n <= 0 for n in spatial):
            raise ValueError(
                f"{type(self).__name__} '{self.name}': computed output size would be zero or negative. "
                f"Received `inputs shape={tuple(input_shape)}`, `kernel shape={kernel_shape}`, "
                f"`dilation_rate={self.dilation_rate}`, `strides={self.strides}`, `padding={self.padding}`. "
                "Use larger inputs, a smaller kernel, or padding='same'."
            )

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
            "activity_regularizer": None,
        }

    def input_hint(self, shape) -> str:
        return (
            f"{type(self).__name__} expects inputs in {self.data_format} layout "
            f"(batch, {'spatial..., channels' if self.data_format == 'channels_last' else 'channels, spatial...'})."
        )

    def extra_repr(self):
        return (
            f"name={self.name!r}, filters={self.filters}, kernel_size={self.kernel_size}, "
            f"strides={self.strides}, padding={self.padding!r}, data_format={self.data_format!r}"
        )
