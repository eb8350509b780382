"""Layer configs for the file formats: the layers floor's serializer under its old names."""

from ..layers.serialization import deserialize as deserialize_layer
from ..layers.serialization import serialize as serialize_layer

__all__ = ["deserialize_layer", "serialize_layer"]
