"""Shared configuration, validation and compute for N-D transposed convolutions."""

import torch.nn.functional as F

from ... import regularizers
from ...config import standardize_data_format
from ...shapes import (
    channel_axis,
    conv_transpose_crops,
    conv_transpose_output_length,
    normalize_padding,
    normalize_tuple,
)
from ..input_spec import InputSpec
from ..kernel_args import kernel_args_config, set_kernel_args, weight_constraint
from ..layer import Layer
from ..layout import (
    from_kernel_layout,
    kernel_errors,
    lift,
    lift_kernel,
    shape_plan,
    to_kernel_layout,
)
from . import window

_CONV_TRANSPOSE = {2: F.conv_transpose2d, 3: F.conv_transpose3d}


def torch_arguments(crops, strides, dilation):
    """torch's `(padding, output_padding)` when they cut the same window as `crops`, else None.

    torch cuts `padding` cells at both ends, then appends `output_padding` cells at the end
    (zeros past the full output), which must stay below the stride or the dilation.
    """
    padding, extra = [], []
    for (start, end), s, d in zip(crops, strides, dilation):
        if start < 0 or not 0 <= start - end < max(s, d):
            return None
        padding.append(start)
        extra.append(start - end)
    return tuple(padding), tuple(extra)


class BaseConvTranspose(Layer):
    """Transposed convolution over `rank` spatial axes; subclasses fix `rank`.

    The kernel keeps the Keras layout `(*kernel_size, filters, in_channels)`. Output sizes
    and the placement of "same" padding are TensorFlow's, so outputs equal Keras's on
    every backend.
    """

    _float_inputs = True

    rank = 2

    def __init__(
        self,
        filters: int,
        kernel_size,
        strides=1,
        padding: str = "valid",
        output_padding=None,
        data_format: str | None = None,
        dilation_rate=1,
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
        self.kernel_size = normalize_tuple(kernel_size, self.rank, "kernel_size")
        self.strides = normalize_tuple(strides, self.rank, "strides")
        self.padding = normalize_padding(padding)
        self.output_padding = (
            None if output_padding is None
            else normalize_tuple(output_padding, self.rank, "output_padding", allow_zero=True)
        )
        self.data_format = standardize_data_format(data_format)
        self.dilation_rate = normalize_tuple(dilation_rate, self.rank, "dilation_rate")
        window.check_strides_and_dilation(self.strides, self.dilation_rate)
        if self.output_padding is not None and any(p >= s for p, s in zip(self.output_padding, self.strides)):
            raise ValueError(
                "`output_padding` must be strictly less than `strides` for all dimensions. "
                f"Received: output_padding={self.output_padding}, strides={self.strides}"
            )
        set_kernel_args(self, activation, use_bias, kernel_initializer, bias_initializer,
                        kernel_regularizer, bias_regularizer, kernel_constraint, bias_constraint)
        self.input_spec = InputSpec(min_ndim=self.rank + 2, max_ndim=self.rank + 2)

    def build(self, input_shape):
        in_channels = window.input_channels(self, input_shape)
        self._output_spatial(input_shape)
        # Keras's (k..., out, in), stored as (in, k..., out): torch's (in, out, k...) view of it
        # is then a channels_last weight.
        order = (self.rank + 1, *range(self.rank), self.rank)
        self.add_weight("kernel", (*self.kernel_size, self.filters, in_channels), self.kernel_initializer,
                        regularizer=self.kernel_regularizer, constraint=weight_constraint(self.kernel_constraint),
                        memory_order=order)
        if self.use_bias:
            self.add_weight("bias", (self.filters,), self.bias_initializer, regularizer=self.bias_regularizer,
                            constraint=weight_constraint(self.bias_constraint))
        axis = channel_axis(self.data_format)
        self.input_spec = InputSpec(min_ndim=self.rank + 2, max_ndim=self.rank + 2, axes={axis: in_channels})

    def call(self, inputs):
        strides, dilation, crops, direct = shape_plan(self, inputs.shape, self._plan)
        with kernel_errors(self, inputs):
            x = to_kernel_layout(inputs, self.data_format, self.rank)
            kernel = lift_kernel(self.kernel, self.rank)
            bias = self.bias if self.use_bias else None
            conv = _CONV_TRANSPOSE[len(strides)]
            if direct is not None:
                y = conv(x, kernel, bias, strides, direct[0], direct[1], 1, dilation)
            else:  # cut each axis by hand; appended cells are zeros, then the bias
                y = conv(x, kernel, None, strides, 0, 0, 1, dilation)
                y = y[(slice(None), slice(None), *(slice(max(a, 0), y.shape[i + 2] - max(b, 0))
                                                   for i, (a, b) in enumerate(crops)))]
                y = F.pad(y, [p for a, b in reversed(crops) for p in (max(-a, 0), max(-b, 0))])
                if bias is not None:
                    y = y + bias.view(-1, *(1,) * len(strides))
        return self.activation(from_kernel_layout(y, self.data_format, self.rank))

    def _plan(self, shape):
        """The checks and torch arguments that depend only on the input shape."""
        self._output_spatial(shape)
        strides, dilation = lift(self.strides), lift(self.dilation_rate)
        paddings = (None,) * len(strides) if self.output_padding is None else lift(self.output_padding, fill=0)
        crops = [
            conv_transpose_crops(k, s, self.padding, p, d)
            for k, s, p, d in zip(lift(self.kernel_size), strides, paddings, dilation)
        ]
        return strides, dilation, crops, torch_arguments(crops, strides, dilation)

    def compute_output_shape(self, input_shape):
        return window.with_channels(self, input_shape, self._output_spatial(input_shape), self.filters)

    def _output_spatial(self, input_shape):
        sizes = window.spatial_dims(self, input_shape)
        paddings = self.output_padding or (None,) * self.rank
        out = tuple(
            conv_transpose_output_length(n, k, s, self.padding, p, d)
            for n, k, s, p, d in zip(sizes, self.kernel_size, self.strides, paddings, self.dilation_rate)
        )
        if any(n is not None and n <= 0 for n in (*sizes, *out)):
            raise ValueError(
                f"{type(self).__name__} '{self.name}' cannot take an input with an empty spatial axis. "
                f"Received: inputs shape={tuple(input_shape)}, kernel_size={self.kernel_size}, "
                f"strides={self.strides}, padding={self.padding}. Check the data_format ({self.data_format})."
            )
        return out

    def get_config(self):
        return {
            **super().get_config(),
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "output_padding": self.output_padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
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
