"""LearningRateScheduler: set the optimizer's learning rate from a function of the epoch."""

import numpy as np

from .. import registry
from .callback import Callback


class LearningRateScheduler(Callback):
    """Sets the learning rate at the start of every epoch to `schedule(epoch, lr)`.

    `schedule` gets the 0-based epoch and the current rate (a float) and returns the new
    rate as a float. A one-argument `schedule(epoch)` also works: as in Keras, a
    `TypeError` from the two-argument call makes the callback call it with the epoch only.
    Each epoch's rate is added to the logs as `learning_rate` (`learning_rate_<name>` per
    sub-optimizer of a `MultiOptimizer`), so History, CSVLogger and TensorBoard record it.

    Args:
        schedule: `f(epoch, lr) -> float` or `f(epoch) -> float`.
        verbose: 1 prints a line each time the rate is set.

    Example:

    >>> LearningRateScheduler(lambda epoch, lr: lr * 0.5).verbose
    0
    """

    def __init__(self, schedule, verbose: int = 0) -> None:
        super().__init__()
        if not callable(schedule):
            raise TypeError(
                "LearningRateScheduler needs a callable `schedule(epoch, lr)` or "
                f"`schedule(epoch)`. Received: schedule={schedule!r}"
            )
        self.schedule = schedule
        self.verbose = verbose

    def on_epoch_begin(self, epoch, logs=None):
        for name, optimizer in _optimizers(self.model.optimizer):
            learning_rate = self._update_optimizer_lr(optimizer, epoch)
            if self.verbose > 0:
                which = f"{name} learning rate" if name else "learning rate"
                print(f"\nEpoch {epoch + 1}: LearningRateScheduler setting {which} to {learning_rate}.")

    def on_epoch_end(self, epoch, logs=None):
        # Written into the shared dict on purpose: callbacks after this one see it.
        logs = logs if logs is not None else {}
        for name, optimizer in _optimizers(self.model.optimizer):
            logs[f"learning_rate_{name}" if name else "learning_rate"] = float(optimizer.learning_rate)

    def _update_optimizer_lr(self, optimizer, epoch):
        if not hasattr(optimizer, "learning_rate"):
            raise ValueError(
                'Optimizer must have a "learning_rate" attribute. Received: '
                f"{type(optimizer).__name__}"
            )
        try:
            learning_rate = self.schedule(epoch, float(optimizer.learning_rate))
        except TypeError:  # the one-argument form, as Keras accepts it
            learning_rate = self.schedule(epoch)
        if not isinstance(learning_rate, (float, np.float32, np.float64)):
            raise ValueError(
                "The output of the `schedule` function should be a float. Got: "
                f"{learning_rate!r} ({type(learning_rate).__name__}) at epoch {epoch}. Return "
                "a Python float, e.g. `float(...)`."
            )
        optimizer.learning_rate = learning_rate
        return learning_rate


def _optimizers(optimizer):
    """`(name, optimizer)` pairs to schedule: each sub-optimizer of a `MultiOptimizer`
    under its name, or the optimizer itself under `None`."""
    inner = getattr(optimizer, "optimizers", None)
    if inner is not None:
        return [(opt.name, opt) for opt in inner]
    return [(None, optimizer)]


registry.register_builtin("callbacks", LearningRateScheduler)
