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
    known = {**registry, **(custom_objects or {})}
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
