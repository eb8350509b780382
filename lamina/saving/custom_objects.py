"""The caller's own classes and functions, visible while one file is being loaded.

`load_model(path, custom_objects={...})` makes the dict visible to every lookup by name
(layers, activations, initializers, ...) for the duration of the load, the way Keras's
custom object scope does. Nothing else is ever resolved from a name in a file.
"""

import contextlib
import threading

_state = threading.local()


def current() -> dict:
    return getattr(_state, "objects", None) or {}


@contextlib.contextmanager
def custom_object_scope(objects: dict | None):
    previous = getattr(_state, "objects", None)
    _state.objects = {**(previous or {}), **(objects or {})}
    try:
        yield
    finally:
        _state.objects = previous
