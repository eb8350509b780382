"""Keras's config dictionaries for small objects (initializers, regularizers, ...).

An object serializes to `{"module", "class_name", "config", "registered_name"}`. Lookup
goes through explicit registries only: a class name that is not registered is an error,
never an import, so reading a config can't run code named in it.
"""

from typing import Any


def serialize(obj, module: str) -> dict[str, Any] | None:
    if obj is None:
        return None
    return {
        "module": module,
        "class_name": type(obj).__name__,
        "config": obj.get_config(),
        "registered_name": None,
    }


def deserialize(config, registry: dict[str, type], kind: str, custom_objects=None):
    """Builds an object from a Keras config dict, a registered name, or passes an object through."""
    from .custom_objects import current

    known = {**registry, **current(), **(custom_objects or {})}
    if isinstance(config, dict):
        class_name = config.get("class_name")
        cls = known.get(class_name)
        if cls is None:
            raise ValueError(
                f"Unknown {kind} class '{class_name}'. Lamina only builds registered classes: "
                f"{', '.join(sorted(registry))}. Pass other classes in `custom_objects`."
            )
        return cls.from_config(config.get("config") or {})
    return config


def serialize_layer(layer) -> dict[str, Any]:
    """A layer as Keras writes it in `config.json`, with its build shape when it has one."""
    config = {
        "module": "keras.layers" if not _is_model(layer) else "keras",
        "class_name": type(layer).__name__,
        "config": layer.get_config(),
        "registered_name": None,
    }
    if config["class_name"] == "Functional":
        # Keras finds its functional model class under this module and registered name.
        config.update(module="keras.src.models.functional", registered_name="Functional")
    build = layer.get_build_config()
    if build is not None:
        config["build_config"] = build
    return config


def deserialize_layer(config, custom_objects=None, safe_mode=True):
    """Builds a layer (or model) from its Keras config dict through the registry only."""
    from .custom_objects import current
    from .registry import resolve_layer_class

    custom_objects = {**current(), **(custom_objects or {})}
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(f"A layer config must be a dict with a 'class_name'. Received: {config!r:.200}")
    cls = resolve_layer_class(config["class_name"], custom_objects, safe_mode)
    inner = dict(config.get("config") or {})
    try:
        if _is_model_class(cls):
            layer = cls.from_config(inner, custom_objects=custom_objects, safe_mode=safe_mode)
        else:
            layer = cls.from_config(inner)
    except TypeError as error:
        raise ValueError(
            f"Could not build a {config['class_name']} from its config: {error}. Config: {inner}"
        ) from None
    build = config.get("build_config") or {}
    shape = build.get("input_shape")
    if shape is not None and not layer.built:
        layer.build_from_shape(_as_shape(shape))
    return layer


def _as_shape(shape):
    if shape and isinstance(shape[0], (list, tuple)):
        return [tuple(s) for s in shape]
    return tuple(shape)


def _is_model(layer) -> bool:
    return _is_model_class(type(layer))


def _is_model_class(cls) -> bool:
    from ..models.model import Model

    return issubclass(cls, Model)
