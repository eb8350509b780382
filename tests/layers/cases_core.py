"""Rows for EinsumDense, Lambda, TimeDistributed and Wrapper, joined into `cases.CASES`.

Parameter counts: EinsumDense's kernel takes its shape from the kernel spec (input
letters from the input, output letters from `output_shape`), its bias the output letters
from the first bias axis on, with 1 for the others and for trailing `...` axes; LoRA
adds `(*kernel[:-1], rank)` and `(rank, kernel[-1])` and freezes the kernel
(keras/src/layers/core/einsum_dense.py). Wrappers count their inner layer's weights.
Lambda rows use a named function (Lamina's `relu`, written as "relu" by both libraries),
because a Python lambda in a config only loads with `safe_mode=False` (family tests).
TorchModuleWrapper has no row: its config is a pickle that safe mode refuses by design
(covered in test_core_wrappers.py).
"""

from dataclasses import dataclass, field

from cases import LayerCase, make

from lamina import layers
from lamina.activations import relu
from lamina.layers.core.einsum_dense import EinsumDense
from lamina.layers.core.lambda_layer import Lambda
from lamina.layers.core.time_distributed import TimeDistributed
from lamina.layers.core.wrapper import Wrapper


class PassThrough(Wrapper):
    """The smallest concrete Wrapper (Keras's Wrapper leaves `call` to subclasses)."""

    def call(self, inputs):
        return self._call_inner(inputs)

    def compute_output_shape(self, input_shape):
        return self.layer.compute_output_shape(input_shape)


def keras_pass_through(keras):
    class KerasPassThrough(keras.layers.Wrapper):
        def call(self, inputs):
            return self.layer(inputs)

        def compute_output_shape(self, input_shape):
            return self.layer.compute_output_shape(input_shape)

    return KerasPassThrough


@dataclass(frozen=True)
class WrappedCase(LayerCase):
    """A wrapper row: the inner layer (`inner` class name and `inner_kwargs`) is built
    fresh for each call of `make`/`oracle`, from each library's own class."""

    inner: str = "Dense"
    inner_kwargs: dict = field(default_factory=dict)

    @property
    def id(self) -> str:
        args = ",".join(f"{k}={v}" for k, v in self.inner_kwargs.items())
        return f"{super().id}[{self.inner}({args})]"

    def make(self):
        cls = PassThrough if self.layer is Wrapper else self.layer
        return make(cls, {"layer": self._inner(layers), **self.kwargs})

    def oracle(self, keras):
        cls = keras_pass_through(keras) if self.layer is Wrapper else getattr(keras.layers, self.layer.__name__)
        return make(cls, {"layer": self._inner(keras.layers), **self.kwargs})

    def _inner(self, module):
        return getattr(module, self.inner)(**{"name": "inner", **self.inner_kwargs})


@dataclass(frozen=True)
class FunctionCase(LayerCase):
    """A Lambda row: the id names the function, not its address (ids must be the same in
    every pytest-xdist worker)."""

    @property
    def id(self) -> str:
        args = ",".join(f"{k}={getattr(v, '__name__', v)}" for k, v in self.kwargs.items())
        return f"Lambda({args})-{'x'.join(map(str, self.input_shape))}"


CASES = [
    LayerCase(EinsumDense, dict(equation="ab,bc->ac", output_shape=4, bias_axes="c"), (2, 3), (2, 4), 16, 2),
    LayerCase(EinsumDense, dict(equation="abc,cde->abde", output_shape=(7, 4, 5), bias_axes="de",
                                activation="relu"), (2, 7, 3), (2, 7, 4, 5), 80, 2),
    LayerCase(EinsumDense, dict(equation="...b,bc->...c", output_shape=4), (2, 7, 3), (2, 7, 4), 12, 1),
    LayerCase(EinsumDense, dict(equation="ab...,bc->ac...", output_shape=4, bias_axes="c"), (2, 3, 5), (2, 4, 5), 16, 2),
    LayerCase(EinsumDense, dict(equation="abc,cd->abd", output_shape=(5, 4), bias_axes="b"), (2, 5, 3), (2, 5, 4), 17, 2),
    LayerCase(EinsumDense, dict(equation="abc,bcd->ad", output_shape=6, kernel_initializer="he_normal"),
              (2, 4, 3), (2, 6), 72, 1),
    LayerCase(EinsumDense, dict(equation="ab,bc->ac", output_shape=4, bias_axes="c", lora_rank=2), (2, 3), (2, 4),
              30, 3, 1),
    FunctionCase(Lambda, dict(function=relu), (2, 5), (2, 5), exact=True),
    FunctionCase(Lambda, dict(function=relu, output_shape=(3, 4)), (2, 3, 4), (2, 3, 4), exact=True),
    FunctionCase(Lambda, dict(function=relu, arguments={"max_value": 0.5, "negative_slope": 0.1}), (2, 3, 4), (2, 3, 4)),
    WrappedCase(TimeDistributed, dict(), (2, 4, 5), (2, 4, 3), 18, 2, inner_kwargs=dict(units=3)),
    WrappedCase(TimeDistributed, dict(), (2, 3, 4, 5), (2, 3, 4, 2), 12, 2,
                inner_kwargs=dict(units=2, activation="relu")),
    WrappedCase(TimeDistributed, dict(), (2, 3, 6, 6, 2), (2, 3, 4, 4, 4), 76, 2, rtol=5e-4, atol=1e-5,
                inner="Conv2D", inner_kwargs=dict(filters=4, kernel_size=3)),
    WrappedCase(TimeDistributed, dict(), (2, 3, 3, 6, 5), (2, 3, 4, 3, 3), 112, 2, rtol=5e-4, atol=1e-5,
                inner="Conv2D", inner_kwargs=dict(filters=4, kernel_size=3, strides=2, padding="same",
                                                  data_format="channels_first")),
    WrappedCase(TimeDistributed, dict(), (2, 3, 4), (2, 3, 4), 16, 2, 2, rtol=1e-5, atol=1e-5,
                inner="BatchNormalization"),
    WrappedCase(Wrapper, dict(), (2, 5), (2, 3), 18, 2, inner_kwargs=dict(units=3)),
]
