"""Pipeline: a list of preprocessing layers applied in order, as one layer."""

import torch

from ... import registry
from ..layer import Layer
from .checks import where


class Pipeline(Layer):
    """Applies `layers` one after the other, passing `training` to each.

    Unlike `Sequential`, a Pipeline is a plain layer: it holds no model state and
    serializes as `{"layers": [...], "name": ...}`, as in Keras.

    Args:
        layers: a list of layers (e.g. augmentation layers).
        name: optional name.

    Input shape:
        Whatever the first layer takes.

    Output shape:
        Whatever the last layer returns.

    Example:

    >>> from lamina.layers.preprocessing.image.random_flip import RandomFlip
    >>> Pipeline([RandomFlip(seed=1)])(torch.zeros(2, 4, 4, 3), training=True).shape
    torch.Size([2, 4, 4, 3])
    """

    def __init__(self, layers, name=None):
        super().__init__(name=name)
        if not isinstance(layers, (list, tuple)) or not all(isinstance(x, torch.nn.Module) for x in layers):
            raise ValueError(f"{where(self)}: `layers` must be a list of layers. Received: layers={layers!r:.200}")
        self._pipeline_layers = torch.nn.ModuleList(layers)

    @property
    def layers(self) -> list:
        return list(self._pipeline_layers)

    def call(self, inputs, training=False):
        for layer in self._pipeline_layers:
            inputs = layer(inputs, training=training) if getattr(layer, "_call_takes_training", False) else layer(inputs)
        return inputs

    def compute_output_shape(self, input_shape):
        for layer in self._pipeline_layers:
            input_shape = layer.compute_output_shape(input_shape)
        return input_shape

    def get_config(self):
        return {"layers": [registry.serialize_keras_object(x) for x in self._pipeline_layers], "name": self.name}

    @classmethod
    def from_config(cls, config):
        layers = config.get("layers")
        if not isinstance(layers, (list, tuple)):
            raise ValueError(f"Pipeline: the config must map `layers` to a list of serialized layers. "
                             f"Received: layers={layers!r:.200}")
        built = [registry.deserialize_keras_object(x, kind="layers") for x in layers]
        return cls(built, name=config.get("name"))
