"""One clear error when a reshaping layer's output cannot be allocated."""

import contextlib


@contextlib.contextmanager
def output_allocation(layer, shape):
    """Turns torch's allocation failures (an overflowing size, an exhausted allocator)
    for an output of `shape` into a ValueError naming the layer."""
    try:
        yield
    except (RuntimeError, MemoryError) as error:
        raise ValueError(
            f"{type(layer).__name__} layer '{layer.name}' cannot allocate its output of shape "
            f"{tuple(shape)} ({type(error).__name__}: {str(error)[:120]}). Check the layer's "
            "padding/size arguments against the input size."
        ) from None
