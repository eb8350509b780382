"""Saving and loading: Keras 3 `.keras` archives and `.weights.h5` files, both ways.

The functions load on first use (PEP 562), so `import lamina` does not pay for h5py.
"""

_EXPORTS = {
    "load_model": "keras_archive",
    "save_model": "keras_archive",
    "load_weights": "weights_h5",
    "save_weights": "weights_h5",
}
__all__ = list(_EXPORTS)

from ..registry import CustomObjectScope as CustomObjectScope  # noqa: E402
from ..registry import custom_object_scope as custom_object_scope  # noqa: E402
from ..registry import deserialize_keras_object as deserialize_keras_object  # noqa: E402
from ..registry import get_custom_objects as get_custom_objects  # noqa: E402
from ..registry import get_registered_name as get_registered_name  # noqa: E402
from ..registry import get_registered_object as get_registered_object  # noqa: E402
from ..registry import register_keras_serializable as register_keras_serializable  # noqa: E402
from ..registry import serialize_keras_object as serialize_keras_object  # noqa: E402


def __getattr__(name):
    if name in _EXPORTS:
        import importlib

        return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _lazy(name):
    def call(*args, **kwargs):
        return __getattr__(name)(*args, **kwargs)

    call.__name__ = name
    return call


def _plug_in() -> None:
    """Gives models their file formats (see `lamina.file_formats`), loaded on first use."""
    from .. import file_formats

    for name in _EXPORTS:
        file_formats.provide(name, _lazy(name))


_plug_in()
