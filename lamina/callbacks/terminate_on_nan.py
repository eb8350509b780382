"""TerminateOnNaN: stop training as soon as a batch loss is NaN or infinite."""

import math

from .callback import Callback


class TerminateOnNaN(Callback):
    """Stops `fit` after a training batch whose `loss` is NaN or +-inf.

    By default it sets `model.stop_training`, so training ends after the current
    batch and every callback's `on_train_end` still runs.

    Args:
        raise_error: Raise `RuntimeError` at once instead, skipping the
            `on_train_end` hooks (useful to keep the last good checkpoint).

    Example:

    >>> TerminateOnNaN().raise_error
    False
    """

    def __init__(self, raise_error: bool = False) -> None:
        super().__init__()
        self.raise_error = raise_error

    def on_batch_end(self, batch, logs=None):
        loss = (logs or {}).get("loss")
        if loss is None or math.isfinite(loss):
            return
        if self.raise_error:
            raise RuntimeError(
                f"NaN or Inf loss encountered at batch {batch}. Loss value: {loss}. "
                "Terminating training immediately."
            )
        print(f"Batch {batch}: Invalid loss, terminating training")
        self.model.stop_training = True
