"""Layers (and models) as Keras writes them in `config.json`, and back, through the one
registry (`lamina.registry`): `keras.layers.serialize` / `keras.layers.deserialize`.

A class name in a config resolves only to a registered class (Lamina's own layers and
models, or what the caller passes in `custom_objects` or registers); nothing named in a
file is imported or evaluated.
"""

from typing import Any

from .. import registry


def serialize(layer) -> dict[str, Any]:
    """A layer as Keras writes it, with its build shape when it has one."""
    config = registry.serialize_keras_object(layer)
    build = layer.get_build_config() if hasattr(layer, "get_build_config") else None
    if build is not None:
        config["build_config"] = build
    return config


def deserialize(config, custom_objects=None, safe_mode=True):
    """Builds a layer (or model) from its Keras config dict through the registry only."""
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(f"A layer config must be a dict with a 'class_name'. Received: {config!r:.200}")
    if config["class_name"] == "Lambda" and registry.lookup("layers", "Lambda", custom_objects) is None:
        raise ValueError(
            "The file contains a `Lambda` layer, whose code would have to be executed to load it. "
            "Rewrite it as a registered layer class and pass it in `custom_objects`."
        )
    try:
        layer = registry.deserialize_keras_object(config, custom_objects, safe_mode, kind="layers")
    except TypeError as error:
        raise ValueError(
            f"Could not build a {config['class_name']} from its config: {error}. "
            f"Config: {str(config.get('config'))[:500]}"
        ) from None
    shape = (config.get("build_config") or {}).get("input_shape")
    if shape is not None and not layer.built:
        layer.build_from_shape(_as_shape(shape))
    return layer


def _as_shape(shape):
    if shape and isinstance(shape[0], (list, tuple)):
        return [tuple(s) for s in shape]
    return tuple(shape)
