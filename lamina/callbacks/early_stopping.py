"""EarlyStopping: stop `fit` when a monitored metric stops improving."""

import warnings

import numpy as np

from .monitor import MonitorCallback


class EarlyStopping(MonitorCallback):
    """Stops training when `monitor` has not improved for `patience` epochs.

    Every monitored epoch adds one to `wait`; an improvement (better than the best
    so far by more than `min_delta`) resets it, but only when it also beats
    `baseline`. Training stops once `wait >= patience`, never after the first
    epoch, so a constant loss with `patience=0` runs 2 epochs.

    Args:
        monitor: Key of the epoch logs to watch.
        min_delta: Smallest change that counts as an improvement.
        patience: Epochs without improvement before stopping.
        verbose: 1 prints a line when stopping and when restoring weights.
        mode: `"auto"`, `"min"` or `"max"`.
        baseline: Value the metric must beat to reset `wait`.
        restore_best_weights: At the end of training, load the weights of the best
            epoch (even when training ran to the end without stopping).
        start_from_epoch: Epochs to ignore before monitoring starts (warm-up).

    Example:

    >>> stopper = EarlyStopping(monitor="loss", patience=3)
    >>> stopper.patience, stopper.monitor
    (3, 'loss')
    """

    def __init__(
        self,
        monitor: str = "val_loss",
        min_delta: float = 0,
        patience: int = 0,
        verbose: int = 0,
        mode: str = "auto",
        baseline: float | None = None,
        restore_best_weights: bool = False,
        start_from_epoch: int = 0,
    ) -> None:
        super().__init__(monitor, mode, min_delta=min_delta)
        self.patience = patience
        self.verbose = verbose
        self.baseline = baseline
        self.restore_best_weights = restore_best_weights
        self.start_from_epoch = start_from_epoch
        self.wait = 0
        self.stopped_epoch = 0
        self.best_epoch = 0
        self.best_weights = None

    def on_train_begin(self, logs=None):
        # Reset, so one instance can serve several `fit` calls.
        self.wait = 0
        self.stopped_epoch = 0
        self.best = None
        self.best_epoch = 0
        self.best_weights = None

    def on_epoch_end(self, epoch, logs=None):
        if self.monitor_op is None:
            self._set_monitor_op()
        current = self.get_monitor_value(logs)
        if current is None or epoch < self.start_from_epoch:
            return
        if self.restore_best_weights and self.best_weights is None:
            # The first monitored epoch is the best seen so far, even when it
            # misses the baseline, so there is always something to restore.
            self.best_weights = self._copy_weights()
            self.best_epoch = epoch

        self.wait += 1
        if self._is_improvement(current, self.best):
            self.best = current
            self.best_epoch = epoch
            if self.restore_best_weights:
                self.best_weights = self._copy_weights()
            if self.baseline is None or self._is_improvement(current, self.baseline):
                self.wait = 0
            return
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            self.model.stop_training = True

    def on_train_end(self, logs=None):
        if self.stopped_epoch > 0 and self.verbose > 0:
            print(f"Epoch {self.stopped_epoch + 1}: early stopping")
        if self.restore_best_weights and self.best_weights is not None:
            if self.verbose > 0:
                print(
                    "Restoring model weights from the end of the best epoch: "
                    f"{self.best_epoch + 1}."
                )
            self.model.set_weights(self.best_weights)

    def get_monitor_value(self, logs):
        """The monitored value from `logs`, or `None` (with a warning) when absent."""
        logs = logs or {}
        value = logs.get(self.monitor)
        if value is None:
            warnings.warn(
                f"Early stopping conditioned on metric `{self.monitor}` which is not "
                f"available. Available metrics are: {','.join(logs)}",
                stacklevel=2,
            )
        return value

    def _copy_weights(self):
        # `get_weights` may hand out numpy views of the live parameters (CPU
        # `tensor.numpy()` shares memory), which later steps would overwrite.
        return [np.array(w, copy=True) for w in self.model.get_weights()]
