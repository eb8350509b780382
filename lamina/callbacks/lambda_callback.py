"""LambdaCallback: a callback built from plain functions."""

from collections.abc import Callable

from .callback import Callback


class LambdaCallback(Callback):
    """Runs the given functions at the matching hooks.

    Epoch and batch hooks get `(epoch_or_batch, logs)`, the begin/end hooks get
    `(logs)`. Other hooks, such as `on_test_end=...`, can be given as keyword
    arguments; any keyword becomes an attribute, as in Keras.

    Args:
        on_epoch_begin, on_epoch_end: Called with `(epoch, logs)`.
        on_train_begin, on_train_end: Called with `(logs)`.
        on_train_batch_begin, on_train_batch_end: Called with `(batch, logs)`.
        **kwargs: More hooks (or attributes) by name.

    Example:

    >>> seen = []
    >>> callback = LambdaCallback(on_epoch_end=lambda epoch, logs: seen.append(epoch))
    >>> callback.on_epoch_end(0, {})
    >>> seen
    [0]
    """

    def __init__(
        self,
        on_epoch_begin: Callable | None = None,
        on_epoch_end: Callable | None = None,
        on_train_begin: Callable | None = None,
        on_train_end: Callable | None = None,
        on_train_batch_begin: Callable | None = None,
        on_train_batch_end: Callable | None = None,
        **kwargs,
    ) -> None:
        super().__init__()
        self.__dict__.update(kwargs)
        hooks = {
            "on_epoch_begin": on_epoch_begin,
            "on_epoch_end": on_epoch_end,
            "on_train_begin": on_train_begin,
            "on_train_end": on_train_end,
            "on_train_batch_begin": on_train_batch_begin,
            "on_train_batch_end": on_train_batch_end,
        }
        # Instance attributes shadow the base class's no-op methods.
        for name, function in hooks.items():
            if function is not None:
                setattr(self, name, function)
