"""Wrapper: the base of layers that hold one inner layer (TimeDistributed, ...), and how
an inner layer is written into, and read back from, the wrapper's config."""

from ... import registry
from ..layer import Layer
from ..serialization import deserialize


class Wrapper(Layer):
    """Holds `layer` and builds it; subclasses define how `call` uses it.

    The inner layer is a submodule (its weights are this layer's weights, its
    `state_dict` keys start with `layer.`) and is written into the config as Keras
    writes a nested layer.

    Args:
        layer: the `Layer` instance to wrap.
    """

    _from_config_takes_objects = True  # the loader passes `custom_objects` and `safe_mode`

    def __init__(self, layer, **kwargs):
        if not isinstance(layer, Layer):
            raise ValueError(
                f"Layer {layer!r} supplied to {type(self).__name__} isn't a supported layer type. "
                "Please ensure the wrapped layer is a Lamina (Keras) layer instance."
            )
        super().__init__(**kwargs)
        self.layer = layer

    def build(self, input_shape=None):
        if not self.layer.built:
            try:
                self.layer.build_from_shape(input_shape)
            except ValueError as error:
                raise ValueError(f"{type(self).__name__} layer '{self.name}' could not build its inner layer: {error}") from None

    def get_config(self):
        return {**super().get_config(), "layer": serialize_nested(self.layer)}

    def _call_inner(self, inputs, **kwargs):
        """Calls the inner layer; a ValueError it raises is re-raised naming this wrapper too."""
        try:
            return self.layer(inputs, **kwargs)
        except ValueError as error:
            raise ValueError(f"{type(self).__name__} layer '{self.name}': {error}") from None

    @classmethod
    def from_config(cls, config, custom_objects=None, safe_mode=True):
        config = dict(config)
        layer = deserialize_nested(config.pop("layer"), custom_objects, safe_mode)
        return cls(layer, **config)


def serialize_nested(layer) -> dict:
    """A layer as Keras writes one inside another layer's config.

    Keras adds the inner layer's `build_config` once it is built; Lamina leaves it out,
    so that building never changes a config: the wrapper's own build shape rebuilds the
    inner layer when the config is loaded (by Keras too). A `build_config` in a config
    written by Keras is read."""
    return registry.serialize_keras_object(layer)


def deserialize_nested(config, custom_objects=None, safe_mode=True):
    """Builds a nested layer from its Keras config through the one registry: Lamina's
    layers, registered classes and `custom_objects` only; nothing named is imported."""
    if not isinstance(config, dict) or not isinstance(config.get("class_name"), str):
        raise ValueError(f"A nested layer config must be a dict with a 'class_name'. Received: {config!r:.200}")
    return deserialize(config, custom_objects, safe_mode)
