"""Dense: `activation(inputs @ kernel + bias)` on the last axis."""

import torch

from ... import activations
from ..input_spec import InputSpec
from ..kernel_args import kernel_args_config, set_kernel_args, weight_constraint
from ..layer import Layer


class Dense(Layer):
    """A fully connected layer acting on the last axis of its input.

    The kernel has the Keras layout `(input_dim, units)`; on inputs of rank above 2
    the same kernel applies to every position of the leading axes.

    Args:
        units: size of the output's last axis, a positive int.
        activation: activation name or callable; `None` means linear.
        use_bias: whether to add a bias vector.
        kernel_initializer, bias_initializer: initializers (Keras names or objects).
        kernel_regularizer, bias_regularizer: optional weight penalties.

    Input shape:
        `(batch, ..., input_dim)`, rank 2 or more.

    Output shape:
        `(batch, ..., units)`.

    Example:

    >>> Dense(10)(torch.zeros(8, 1152)).shape
    torch.Size([8, 10])
    """

    _float_inputs = True

    def __init__(
        self,
        units: int,
        activation=None,
        use_bias: bool = True,
        kernel_initializer="glorot_uniform",
        bias_initializer="zeros",
        kernel_regularizer=None,
        bias_regularizer=None,
        kernel_constraint=None,
        bias_constraint=None,
        **kwargs,
    ):
        kwargs.pop("quantization_config", None)  # Keras writes it (always None for us)
        super().__init__(**kwargs)
        self.supports_masking = True
        if not isinstance(units, int) or isinstance(units, bool) or units <= 0:
            raise ValueError(
                f"Received an invalid value for `units`, expected a positive integer. Received: units={units!r}"
            )
        self.units = units
        set_kernel_args(self, activation, use_bias, kernel_initializer, bias_initializer,
                        kernel_regularizer, bias_regularizer, kernel_constraint, bias_constraint)
        self.input_spec = InputSpec(min_ndim=2)

    def build(self, input_shape):
        input_dim = input_shape[-1]
        if input_dim is None:
            raise ValueError(
                f"Dense layer '{self.name}' needs a known last input dimension to create its kernel, "
                f"but received input shape {tuple(input_shape)}. The last dimension is `None` — "
                "typically a Flatten of a feature map with unknown spatial size. Use "
                "GlobalAveragePooling2D (or GlobalMaxPooling2D) instead of Flatten, or give the "
                "Input a fixed size."
            )
        # (in, units) as Keras has it, stored as (units, in): BLAS then reads the kernel as a
        # transposed operand, about 2x faster than a row-major (in, units) one when a wide
        # Flatten output feeds few units.
        self.add_weight("kernel", (input_dim, self.units), self.kernel_initializer,
                        regularizer=self.kernel_regularizer, memory_order=(1, 0),
                        constraint=weight_constraint(self.kernel_constraint))
        if self.use_bias:
            self.add_weight("bias", (self.units,), self.bias_initializer, regularizer=self.bias_regularizer,
                            constraint=weight_constraint(self.bias_constraint))
        self.input_spec = InputSpec(min_ndim=2, axes={-1: input_dim})

    def call(self, inputs, training=False):
        # The kernel's (units, in) memory makes it a transposed operand for BLAS: no copy.
        if self.use_bias and inputs.dim() == 2:
            outputs = torch.addmm(self.bias, inputs, self.kernel)
        else:
            outputs = torch.matmul(inputs, self.kernel)
            if self.use_bias:
                outputs = outputs + self.bias
        return outputs if self.activation is activations.linear else self.activation(outputs)

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], self.units)

    def get_config(self):
        return {
            **super().get_config(),
            "units": self.units,
            **kernel_args_config(self),
            "quantization_config": None,
        }

    def input_hint(self, shape) -> str:
        built_for = self.input_spec.axes.get(-1)
        if built_for is None:
            return ""
        return (
            f"The layer was built for {built_for} input features. If a Flatten feeds it, the "
            "feature map before Flatten changed size: feed images of the size the model was "
            "built for, or use GlobalAveragePooling2D to accept any size."
        )

    def extra_repr(self):
        return f"name={self.name!r}, units={self.units}, activation={activations.serialize(self.activation)}"

