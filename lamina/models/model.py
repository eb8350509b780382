"""Model: a layer made of layers, with the Keras training API.

`Model(inputs, outputs)` builds a functional model (see `functional.py`); subclassing
`Model` and writing `call` gives a subclassed model, as in Keras. Either way the model
is a `torch.nn.Module` whose sublayers are registered under their Keras names, so
`state_dict()` keys read `conv2d.kernel`, `dense.bias`, ...
"""

from .. import file_formats
from ..layers.layer import Layer
from ..training.trainer import Trainer


class Model(Trainer, Layer):
    """A group of layers with `compile`, `fit`, `evaluate`, `predict` and `summary`.

    Example:

    >>> inputs = Input((8,))
    >>> model = Model(inputs, Dense(2)(inputs))
    >>> model.output_shape
    (None, 2)
    """

    _list_inputs = True
    # How configs name models (Keras writes "module": "keras" for them), and that their
    # `from_config` takes `custom_objects` and `safe_mode` for their sublayers.
    _keras_module = "keras"
    _from_config_takes_objects = True

    def __new__(cls, *args, **kwargs):
        if cls is Model and _functional_arguments(args, kwargs):
            from .functional import Functional

            return super().__new__(Functional)
        return super().__new__(cls)

    def __init__(self, *args, **kwargs):
        if _functional_arguments(args, kwargs):
            # A subclass called (or calling super) with `(inputs, outputs)` becomes a
            # functional model that keeps its overrides, as Keras injects Functional.
            from .functional import Functional

            self.__class__ = _functional_class(type(self))
            Functional.__init__(self, *args, **kwargs)
            return
        if args:
            raise TypeError(
                f"{type(self).__name__}() takes keyword arguments (name, trainable, dtype) or "
                f"`(inputs, outputs)`; received {len(args)} positional argument(s)."
            )
        Layer.__init__(self, **kwargs)
        Trainer.__init__(self)

    def build(self, input_shape):
        """Subclassed models build their sublayers on the first call."""

    @classmethod
    def from_config(cls, config, custom_objects=None, safe_mode=True):
        if "layers" in config and "input_layers" in config:
            from .functional import Functional

            target = _functional_class(cls)
            return Functional.from_config.__func__(target, config, custom_objects=custom_objects, safe_mode=safe_mode)
        return cls(**config)

    def save(self, filepath, overwrite=True, zipped=None):
        """Writes the Keras 3 `.keras` archive (config, weights, compile state), atomically."""
        file_formats.handler("save_model")(self, filepath, overwrite=overwrite)

    def export(self, filepath, format="tf_saved_model", verbose=None, input_signature=None, **kwargs):
        """Writes the inference graph: `format="onnx"` (an ONNX file) or `"torch"` (a `.pt2`
        `torch.export` program), with a dynamic batch axis. Keras's other formats need
        TensorFlow or converters Lamina does not ship, and raise a ValueError."""
        file_formats.handler("export")(self, filepath, format=format, verbose=verbose,
                                       input_signature=input_signature, **kwargs)

    def to_json(self, **kwargs) -> str:
        """The model's config as Keras's JSON (`models.model_from_json` reads it back)."""
        import json

        from ..layers import serialization

        return json.dumps(serialization.serialize(self), **kwargs)

    def save_weights(self, filepath, overwrite=True):
        """Writes the weights (and optimizer state) in Keras 3's `.weights.h5` layout, atomically."""
        file_formats.handler("save_weights")(self, filepath, overwrite=overwrite)

    def load_weights(self, filepath, skip_mismatch=False):
        """Reads weights saved by `save_weights` (Lamina or Keras 3), or a `.keras` archive."""
        file_formats.handler("load_weights")(self, filepath, skip_mismatch=skip_mismatch)

    # ----------------------------------------------------------------- layers
    @property
    def layers(self) -> list[Layer]:
        return self._sublayers()

    @layers.setter
    def layers(self, _):
        raise AttributeError(
            "`Model.layers` attribute is reserved and should not be used. Please use another name."
        )

    def _register_layer(self, layer: Layer) -> None:
        """Registers a sublayer under its own name (bypassing nn.Module's attribute check,
        so a layer may be called `output` without hiding the `output` property)."""
        if layer.name in self._modules and self._modules[layer.name] is not layer:
            raise ValueError(
                f"All layers added to a {type(self).__name__} model should have unique names. "
                f"Name '{layer.name}' is already the name of a layer in this model. Update the "
                "`name` argument to pass a unique name."
            )
        self._modules[layer.name] = layer

    def get_layer(self, name: str | None = None, index: int | None = None) -> Layer:
        """A sublayer by `name` or by position in `layers`."""
        if index is not None and name is not None:
            raise ValueError("Provide only a layer name or a layer index, not both.")
        if index is not None:
            if not 0 <= index < len(self.layers) and not -len(self.layers) <= index < 0:
                raise ValueError(
                    f"Was asked to retrieve layer at index {index} but model only has "
                    f"{len(self.layers)} layers."
                )
            return self.layers[index]
        for layer in self.layers:
            if layer.name == name:
                return layer
        raise ValueError(
            f"No such layer: {name}. Existing layers are: {[layer.name for layer in self.layers]}."
        )

    def summary(self, line_length=None, positions=None, print_fn=None, expand_nested=False,
                show_trainable=False, layer_range=None, extra=True):
        """Prints the Keras table: layer (type), output shape, parameter count, and totals.

        With `extra=True` (the default) the table also shows each layer's share of the
        parameters, MACs and activation memory per sample, and a note names a Flatten ->
        Dense hot spot; `extra=False` prints the plain Keras table.
        """
        from .summary import print_summary

        print_summary(self, line_length=line_length, print_fn=print_fn, show_trainable=show_trainable,
                      extra=extra, layer_range=layer_range, positions=positions, expand_nested=expand_nested)

    # ----------------------------------------------------------------- shapes
    @property
    def input_shape(self):
        shapes = [tuple(t.shape) for t in self.inputs]
        return shapes[0] if len(shapes) == 1 else shapes

    @property
    def output_shape(self):
        shapes = [tuple(t.shape) for t in self.outputs]
        return shapes[0] if len(shapes) == 1 else shapes

    @property
    def inputs(self):
        raise AttributeError(f"Model '{self.name}' has no defined inputs: it is a subclassed model.")

    @property
    def outputs(self):
        raise AttributeError(f"Model '{self.name}' has no defined outputs: it is a subclassed model.")


def _functional_arguments(args, kwargs) -> bool:
    """Keras's test for `Model(inputs, outputs)`-style construction."""
    return (
        len(args) == 2
        or (len(args) == 1 and "outputs" in kwargs)
        or ("inputs" in kwargs and "outputs" in kwargs)
    )


_TWINS: dict = {}


def _functional_class(cls):
    """The class that builds a graph for `cls(inputs, outputs)`: `Functional` for `Model`,
    and for a `Model` subclass (a custom `train_step`, say) a subclass of both, so that
    the user's overrides run on the functional graph, as Keras arranges it."""
    from .functional import Functional

    if cls is Model:
        return Functional
    if issubclass(cls, Functional):
        return cls
    if cls not in _TWINS:
        _TWINS[cls] = type(cls.__name__, (cls, Functional), {"__module__": cls.__module__,
                                                            "__qualname__": cls.__qualname__})
    return _TWINS[cls]
