"""Which layer and model classes a config may name: those in the one registry."""

from .. import registry


def layer_classes() -> dict[str, type]:
    """Every built-in layer and model class by its Keras class name."""
    return {name: registry.lookup("layers", name) for name in registry.builtin_names("layers")}
