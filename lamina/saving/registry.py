"""The classes a config may name: Lamina's own, plus what the caller passes in.

Loading a file resolves `class_name` here and nowhere else — no import of a module
named in the file, no pickle, no eval — so a hostile config can't run code.
"""

_LAYERS: dict[str, type] | None = None


def layer_classes() -> dict[str, type]:
    """Every public layer and model class by its Keras class name (built once, lazily)."""
    global _LAYERS
    if _LAYERS is None:
        from .. import layers, models

        classes = {}
        for module in (layers, models):
            for value in vars(module).values():
                if isinstance(value, type) and issubclass(value, layers.Layer):
                    classes[value.__name__] = value
        _LAYERS = classes
    return _LAYERS


def resolve_layer_class(class_name, custom_objects=None, safe_mode=True) -> type:
    custom_objects = custom_objects or {}
    if class_name in custom_objects:
        return custom_objects[class_name]
    known = layer_classes()
    if class_name in known:
        return known[class_name]
    if class_name == "Lambda":
        raise ValueError(
            "The file contains a `Lambda` layer, whose code would have to be executed to load it. "
            "Lamina does not load Lambda layers"
            + (" (and safe_mode=True forbids it in any case)." if safe_mode else ".")
            + " Rewrite it as a registered layer class and pass it in `custom_objects`."
        )
    raise ValueError(
        f"Unknown layer class '{class_name}'. Lamina only builds its own classes "
        f"({', '.join(sorted(known))}) and those passed in `custom_objects`."
    )
