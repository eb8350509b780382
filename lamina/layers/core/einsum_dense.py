"""EinsumDense: a dense layer whose kernel contracts with the input by an einsum equation."""

import torch

from ... import activations, initializers, regularizers
from ...shapes import einsum_dense_shapes, einsum_specs
from ..input_spec import InputSpec
from ..kernel_args import set_weight_args, weight_args_config
from ..layer import Layer


class EinsumDense(Layer):
    """`activation(einsum(equation, inputs, kernel) + bias)`, with the kernel's shape read
    from the equation, the input shape and `output_shape`.

    Equations have the form `"ab,bc->ac"` (the first input letter is the batch axis),
    `"...b,bc->...c"` (leading axes carried over) or `"ab...,bc->ac..."` (trailing axes
    carried over). The kernel keeps the layout of its spec in the equation, as in Keras.

    Args:
        equation: the einsum equation `"<input>,<kernel>-><output>"`.
        output_shape: the output shape without the batch axis and the `...` axes; `None`
            entries are taken from the input.
        activation: activation name or callable; `None` means linear.
        bias_axes: output letters that get a bias (e.g. `"c"`), or `None` for no bias.
        kernel_initializer, bias_initializer, kernel_regularizer, bias_regularizer,
        kernel_constraint, bias_constraint: as for Dense (constraints are kept in the
            config but not applied yet, as for Dense).
        lora_rank: if set, the kernel is frozen and a trainable low-rank update
            `lora_kernel_a @ lora_kernel_b`, scaled by `lora_alpha / lora_rank`, is added.
        lora_alpha: LoRA scale numerator (default `lora_rank`).

    Example:

    >>> EinsumDense("abc,cde->abde", output_shape=(None, 4, 5), bias_axes="de")(torch.zeros(2, 7, 3)).shape
    torch.Size([2, 7, 4, 5])
    """

    _float_inputs = True

    def __init__(
        self,
        equation: str,
        output_shape,
        activation=None,
        bias_axes: str | None = None,
        kernel_initializer="glorot_uniform",
        bias_initializer="zeros",
        kernel_regularizer=None,
        bias_regularizer=None,
        kernel_constraint=None,
        bias_constraint=None,
        lora_rank: int | None = None,
        lora_alpha: float | None = None,
        activity_regularizer=None,
        gptq_unpacked_column_size=None,
        quantization_config=None,
        **kwargs,
    ):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        if not isinstance(equation, str):
            raise TypeError(f"EinsumDense: `equation` must be a string. Received: equation={equation!r}")
        self.equation = equation
        shape = (output_shape,) if isinstance(output_shape, int) else output_shape
        if not isinstance(shape, (list, tuple)) or any(
            d is not None and (not isinstance(d, int) or isinstance(d, bool) or d <= 0) for d in shape
        ):
            raise ValueError(
                "EinsumDense: `output_shape` must be a positive int or a tuple of positive ints and "
                f"`None`s. Received: output_shape={output_shape!r}"
            )
        self.partial_output_shape = tuple(shape)
        einsum_specs(equation)  # a malformed equation fails here, not at the first call
        if bias_axes is not None and (not isinstance(bias_axes, str) or not bias_axes.isalpha()):
            raise TypeError(f"EinsumDense: `bias_axes` must be None or a string of output letters. Received: {bias_axes!r}")
        self.bias_axes = bias_axes
        self.activation = activations.get(activation)
        set_weight_args(self, "kernel", kernel_initializer, kernel_regularizer, kernel_constraint)
        set_weight_args(self, "bias", bias_initializer, bias_regularizer, bias_constraint)
        if quantization_config is not None or gptq_unpacked_column_size:
            raise ValueError(f"EinsumDense '{self.name}': quantization is not supported by Lamina.")
        if lora_rank is not None and (not isinstance(lora_rank, int) or isinstance(lora_rank, bool) or lora_rank <= 0):
            raise ValueError(f"EinsumDense: `lora_rank` must be a positive int or None. Received: lora_rank={lora_rank!r}")
        self.lora_rank = lora_rank
        self.lora_alpha = lora_alpha if lora_alpha is not None else lora_rank
        self.lora_enabled = False

    def build(self, input_shape):
        kernel_shape, bias_shape, _, input_axes, output_axes = self._analyze(input_shape)
        if any(d is None for d in kernel_shape):
            raise ValueError(
                f"EinsumDense layer '{self.name}' needs the input axes the kernel contracts with to "
                f"be known. Received: input_shape={tuple(input_shape)}, equation='{self.equation}'."
            )
        init = _kernel_init(self.kernel_initializer, kernel_shape, input_axes, output_axes)
        try:
            self.add_weight("kernel", kernel_shape, init, regularizer=self.kernel_regularizer)
            if bias_shape is not None:
                self.add_weight("bias", bias_shape, self.bias_initializer, regularizer=self.bias_regularizer)
        except (RuntimeError, MemoryError) as error:
            raise ValueError(
                f"EinsumDense layer '{self.name}' cannot allocate its kernel of shape {tuple(kernel_shape)} "
                f"({type(error).__name__}). Check `output_shape`={self.partial_output_shape}."
            ) from None
        # The input axes the kernel contracts with are fixed from now on (checked per call).
        in_spec, kernel_spec, _, ellipsis = einsum_specs(self.equation)
        offset = len(input_shape) - len(in_spec) if ellipsis == "left" else 0
        fixed = {offset + i: input_shape[offset + i] for i, c in enumerate(in_spec)
                 if c in kernel_spec and input_shape[offset + i] is not None}
        self.input_spec = InputSpec(ndim=len(input_shape), axes=fixed)
        if self.lora_rank:
            self.enable_lora(self.lora_rank, self.lora_alpha)

    def call(self, inputs, training=False):
        kernel = self.kernel
        if self.lora_enabled:
            kernel = kernel + (self.lora_alpha / self.lora_rank) * (self.lora_kernel_a @ self.lora_kernel_b)
        x = torch.einsum(self.equation, inputs, kernel)
        if self.bias_axes is not None:
            x = x + self.bias
        return x if self.activation is activations.linear else self.activation(x)

    def compute_output_shape(self, input_shape):
        return self._analyze(input_shape)[2]

    def get_config(self):
        config = {
            **super().get_config(),
            "output_shape": self.partial_output_shape,
            "equation": self.equation,
            "activation": activations.serialize(self.activation),
            "bias_axes": self.bias_axes,
            **weight_args_config(self, "kernel", "bias"),
            "activity_regularizer": regularizers.serialize(self.activity_regularizer),
            "quantization_config": None,
        }
        if self.lora_rank:
            config.update(lora_rank=self.lora_rank, lora_alpha=self.lora_alpha)
        return config

    def enable_lora(self, rank: int, lora_alpha=None, a_initializer="he_uniform", b_initializer="zeros"):
        """Freezes the kernel and adds the trainable LoRA factors (once, after build)."""
        if self.kernel_constraint is not None:
            raise ValueError("Lora is incompatible with kernel constraints. Remove the `kernel_constraint` argument.")
        if not self.built and "kernel" not in self._own_weights:
            raise ValueError("Cannot enable lora on a layer that isn't yet built.")
        if self.lora_enabled:
            raise ValueError("lora is already enabled. This can only be done once per layer.")
        self.kernel.trainable = False  # frozen, as in Keras; it stays first in `weights`
        shape = tuple(self.kernel.shape)
        self.add_weight("lora_kernel_a", (*shape[:-1], rank), a_initializer, regularizer=self.kernel_regularizer)
        self.add_weight("lora_kernel_b", (rank, shape[-1]), b_initializer, regularizer=self.kernel_regularizer)
        self.lora_enabled, self.lora_rank = True, rank
        self.lora_alpha = lora_alpha if lora_alpha is not None else rank

    @property
    def weights(self):
        # Keras lists a layer's weights in creation order, frozen or not: with LoRA the
        # frozen kernel stays first (kernel, bias, lora_kernel_a, lora_kernel_b).
        return self._own(None)

    def _analyze(self, input_shape):
        try:
            return einsum_dense_shapes(self.equation, self.bias_axes, input_shape, self.partial_output_shape)
        except ValueError as error:
            raise ValueError(f"EinsumDense layer '{self.name}': {error}") from None


def _kernel_init(initializer, shape, input_axes, output_axes):
    """Variance-scaling initializers take their fans from the axes the kernel contracts
    with (fan in) and the axes it produces (fan out), as Keras sets `input_axes` and
    `output_axes`; samples are i.i.d., so drawing them as a (fan_in, fan_out) matrix and
    reshaping gives the same distribution."""
    initializer = initializers.get(initializer)
    if not isinstance(initializer, initializers.VarianceScaling):
        return initializer
    fan_in = 1
    for axis in input_axes:
        fan_in *= shape[axis]
    fan_out = 1
    for axis in output_axes:
        fan_out *= shape[axis]
    return lambda s, dtype=torch.float32: initializer((fan_in, fan_out), dtype=dtype).reshape(s)
