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


def __getattr__(name):
    if name in _EXPORTS:
        import importlib

        return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
