"""Sequential: a plain stack of layers, each feeding the next."""

from ..layers import serialization as layers_serialization
from ..layers.call_context import traced
from ..layers.input_layer import InputLayer
from ..layers.layer import Layer
from ..layers.symbolic import SymbolicTensor
from .input_check import conform_input
from .model import Model


class Sequential(Model):
    """A linear stack of layers.

    Starting the stack with `Input(shape)` (or giving the first layer `input_shape=`)
    builds every layer at construction, so shapes, `summary()` and parameter counts are
    known before any data is seen. Without an input shape, the model builds on its first
    call, fit or predict.

    Example:

    >>> model = Sequential([Input((32, 32, 3)), Conv2D(32, 3, activation="relu"),
    ...                     Flatten(), Dense(10, activation="softmax")])
    >>> model.output_shape, model.count_params()
    ((None, 10), 288906)
    """

    _list_inputs = False
    _keras_module = "keras"
    _shape_fits = None  # (expected, input shape, sizes fixed) of the last call that fit

    def __init__(self, layers=None, trainable=True, name=None, **kwargs):
        super().__init__(trainable=trainable, name=name, **kwargs)
        self._stack: list[Layer] = []
        self._sizes_fixed = True  # an Input given by the user fixes every known size
        self._set_input_layer(None)
        self._output_tensor: SymbolicTensor | None = None
        for layer in layers or []:
            self.add(layer, rebuild=False)
        self._maybe_rebuild()

    def add(self, layer, rebuild: bool = True) -> None:
        """Appends a layer (or an `Input`) to the stack and rebuilds when the input shape is known."""
        if isinstance(layer, SymbolicTensor) and isinstance(layer.node.layer, InputLayer):
            layer = layer.node.layer
        if isinstance(layer, InputLayer):
            if self._input_layer is not None:
                raise ValueError(
                    f"Sequential model '{self.name}' has already been configured to use input shape "
                    f"{self._input_layer.batch_shape}. You cannot add a different Input layer to it."
                )
            if self._stack:
                raise ValueError(
                    f"Sequential model '{self.name}': an Input can only be the first element of the stack."
                )
            self._set_input_layer(layer)
        elif not isinstance(layer, Layer):
            raise ValueError(
                "Only instances of `lamina.layers.Layer` can be added to a Sequential model. "
                f"Received: {layer!r} (of type {type(layer)})"
            )
        else:
            if not self._stack and self._input_layer is None and layer._batch_shape is not None:
                self._set_input_layer(InputLayer(batch_shape=layer._batch_shape))
            self._register_layer(layer)
            self._stack.append(layer)
        if rebuild:
            self._maybe_rebuild()

    def pop(self, rebuild: bool = True) -> Layer:
        """Removes and returns the last layer."""
        if not self._stack:
            raise IndexError("There are no layers in the model.")
        layer = self._stack.pop()
        del self._modules[layer.name]
        self._forget_nodes(layer)
        self._output_tensor = None
        if rebuild:
            self._maybe_rebuild()
        return layer

    def _set_input_layer(self, layer):
        # Kept out of nn.Module's registry: Keras's Sequential.layers excludes the InputLayer,
        # and it holds no weights.
        self.__dict__["_input_layer"] = layer

    def _maybe_rebuild(self):
        if self._input_layer is not None and self._stack:
            self.build_from_shape(self._input_layer.batch_shape)

    def build(self, input_shape=None):
        if not self._stack:
            raise ValueError(
                f"Sequential model '{self.name}' cannot be built because it has no layers. "
                "Call `model.add(layer)`."
            )
        if input_shape is None:
            if self._input_layer is None:
                raise ValueError(f"Sequential model '{self.name}' needs an input shape to build, e.g. build((None, 16)).")
            input_shape = self._input_layer.batch_shape
        input_shape = tuple(input_shape)
        if self._input_layer is None:
            # Built from a shape or a first batch: Keras then checks only the rank of later
            # inputs, so a Flatten-only model accepts other sizes (KERAS_SEMANTICS F6).
            self._set_input_layer(InputLayer(batch_shape=input_shape))
            self._sizes_fixed = False
        elif tuple(self._input_layer.batch_shape) != input_shape:
            raise ValueError(
                f"Sequential model '{self.name}' has already been configured to use input shape "
                f"{self._input_layer.batch_shape}. You cannot build it with input_shape {input_shape}."
            )
        for layer in self._stack:
            self._forget_nodes(layer)
        x = self._input_layer.output
        for layer in self._stack:
            x = layer(x)
            if isinstance(x, list):
                raise ValueError(
                    f"All layers in a Sequential model should have a single output tensor; layer "
                    f"'{layer.name}' has {len(x)}. For multi-output layers, use the functional API."
                )
        self._output_tensor = x

    def get_config(self):
        entries = [layers_serialization.serialize(layer) for layer in self._stack]
        config = {**Layer.get_config(self), "layers": entries}
        if self._input_layer is not None:
            config["layers"] = [layers_serialization.serialize(self._input_layer), *entries]
            config["build_input_shape"] = list(self._input_layer.batch_shape)
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None, safe_mode=True):
        stack = [layers_serialization.deserialize(entry, custom_objects, safe_mode) for entry in config.get("layers", [])]
        model = cls(stack, name=config.get("name"), trainable=config.get("trainable", True))
        shape = config.get("build_input_shape")
        if shape is not None and not model.built:
            model.build_from_shape(tuple(shape))
        return model

    def _forget_nodes(self, layer):
        """Drops the symbolic calls an earlier build of this model left on `layer`."""
        if self._output_tensor is not None or self._input_layer is not None:
            layer._inbound_nodes = [
                n for n in layer._inbound_nodes if not _reaches(n, self._input_layer)
            ]

    def call(self, inputs, training=False):
        expected = self._input_layer.batch_shape
        fits = (expected, inputs.shape, self._sizes_fixed)
        # This runs on every call, and a loop repeats the last shape that fit as it is.
        if traced() or self._shape_fits != fits:
            conformed = conform_input(expected, inputs, self._input_layer.name, self._sizes_fixed)
            if conformed is inputs and not traced():
                self.__dict__["_shape_fits"] = fits
            inputs = conformed
        x = inputs
        for layer in self._stack:
            x = layer(x, training=training)
        return x

    def compute_output_shape(self, input_shape):
        shape = input_shape
        for layer in self._stack:
            shape = layer.compute_output_shape(shape)
        return shape

    @property
    def layers(self):
        return list(self._stack)

    @property
    def _accepts_text(self) -> bool:
        """Strings pass through to a first layer that takes them (TextVectorization, ...)."""
        stack = self.__dict__.get("_stack")
        return bool(stack) and getattr(stack[0], "_accepts_text", False)

    @layers.setter
    def layers(self, _):
        raise AttributeError(
            "`Sequential.layers` attribute is reserved and should not be used. Use `add()` and `pop()`."
        )

    @property
    def inputs(self):
        self._require_input("inputs")
        return [self._input_layer.output]

    @property
    def outputs(self):
        self._require_input("outputs")
        return [self._output_tensor]

    @property
    def input(self):
        return self.inputs[0]

    @property
    def output(self):
        return self.outputs[0]

    def _require_input(self, what):
        if self._input_layer is None or self._output_tensor is None:
            raise AttributeError(
                f"Sequential model '{self.name}' has no defined {what} yet: it has no input shape. "
                "Start it with `Input(shape)`, call `build((None, ...))`, or call it on data."
            )



def _reaches(node, input_layer) -> bool:
    """Whether `node` descends from `input_layer`'s symbolic tensor."""
    stack = list(node.input_tensors)
    while stack:
        tensor = stack.pop()
        if tensor.node.layer is input_layer:
            return True
        stack.extend(tensor.node.input_tensors)
    return False
