"""The `Callback` base class and `CallbackList`, which fans each hook out to many callbacks."""

from typing import Any

from torch.nn.parallel import DistributedDataParallel

Logs = dict[str, Any]


class Callback:
    """Base class for objects that hook into `fit`, `evaluate` and `predict`.

    Subclass it and override the hooks you need; every hook does nothing by default.
    `logs` are dicts of Python floats such as `{"loss": 0.3, "val_loss": 0.4}`.

    Attributes:
        model: The model being trained (a `DistributedDataParallel` wrapper is
            unwrapped, so callbacks always see the Lamina model).
        params: Dict with the run's `verbose`, `epochs` and `steps`.

    Example:

    >>> class PrintEpochs(Callback):
    ...     def on_epoch_end(self, epoch, logs=None):
    ...         print(epoch, logs)
    >>> PrintEpochs().on_epoch_end(0, {"loss": 0.5})
    0 {'loss': 0.5}
    """

    def __init__(self) -> None:
        self.params: dict[str, Any] | None = None
        self._model = None

    def set_params(self, params: dict[str, Any]) -> None:
        self.params = params

    def set_model(self, model) -> None:
        self._model = model

    @property
    def model(self):
        # DDP's wrapper has none of the Keras methods (get_weights, optimizer, ...).
        if isinstance(self._model, DistributedDataParallel):
            return self._model.module
        return self._model

    # Training. `on_batch_*` are the old Keras names; the train hooks forward to them
    # so callbacks written against either name keep working.
    def on_train_begin(self, logs: Logs | None = None) -> None:
        """Called once before the first epoch of `fit`."""

    def on_train_end(self, logs: Logs | None = None) -> None:
        """Called once after the last epoch of `fit`."""

    def on_epoch_begin(self, epoch: int, logs: Logs | None = None) -> None:
        """Called at the start of each epoch (0-based `epoch`)."""

    def on_epoch_end(self, epoch: int, logs: Logs | None = None) -> None:
        """Called after each epoch with its metrics, including `val_*` ones."""

    def on_train_batch_begin(self, batch: int, logs: Logs | None = None) -> None:
        """Called before each training batch."""
        self.on_batch_begin(batch, logs)

    def on_train_batch_end(self, batch: int, logs: Logs | None = None) -> None:
        """Called after each training batch with the running epoch metrics."""
        self.on_batch_end(batch, logs)

    def on_batch_begin(self, batch: int, logs: Logs | None = None) -> None:
        """Old name of `on_train_batch_begin`."""

    def on_batch_end(self, batch: int, logs: Logs | None = None) -> None:
        """Old name of `on_train_batch_end`."""

    # Evaluation, also run for validation inside `fit`.
    def on_test_begin(self, logs: Logs | None = None) -> None:
        """Called before `evaluate` (or a validation pass) starts."""

    def on_test_end(self, logs: Logs | None = None) -> None:
        """Called after `evaluate` (or a validation pass) with its metrics."""

    def on_test_batch_begin(self, batch: int, logs: Logs | None = None) -> None:
        """Called before each evaluation batch."""

    def on_test_batch_end(self, batch: int, logs: Logs | None = None) -> None:
        """Called after each evaluation batch with the running metrics."""

    # Prediction.
    def on_predict_begin(self, logs: Logs | None = None) -> None:
        """Called before `predict` starts."""

    def on_predict_end(self, logs: Logs | None = None) -> None:
        """Called after `predict` ends."""

    def on_predict_batch_begin(self, batch: int, logs: Logs | None = None) -> None:
        """Called before each prediction batch."""

    def on_predict_batch_end(self, batch: int, logs: Logs | None = None) -> None:
        """Called after each prediction batch."""


def pythonify_logs(logs: Logs | None) -> Logs:
    """A new dict with sorted keys, nested dicts flattened and scalars turned into floats.

    Sorted keys give Keras's column and progress-bar order (`accuracy`, `loss`,
    `val_accuracy`, ...). Arrays with dimensions and strings are left as they are.
    """
    result: Logs = {}
    for key, value in sorted((logs or {}).items()):
        if isinstance(value, dict):
            result.update(pythonify_logs(value))
            continue
        # `float()` on a 0-d tensor syncs once here instead of once per callback.
        if not isinstance(value, str) and getattr(value, "ndim", 0) == 0:
            try:
                value = float(value)
            except (TypeError, ValueError):
                pass
        result[key] = value
    return result


class CallbackList(Callback):
    """Calls every hook on a list of callbacks, in order.

    Like Keras, it appends a `History` and then a `ProgbarLogger` when asked and
    when the list does not already hold one, so user callbacks run first and can
    add entries to `logs` (as `ReduceLROnPlateau` adds `learning_rate`) before
    they are recorded and printed. Each hook converts `logs` once and passes the
    same dict to every callback.

    Args:
        callbacks: Callbacks to call, in this order.
        add_history: Append a `History` when the list has none.
        add_progbar: Append a `ProgbarLogger` when the list has none.
        model: Model given to every callback with `set_model`.
        **params: Given to every callback with `set_params` when not empty; `fit`
            passes `verbose`, `epochs` and `steps`.
    """

    def __init__(
        self,
        callbacks: list[Callback] | None = None,
        add_history: bool = False,
        add_progbar: bool = False,
        model=None,
        **params: Any,
    ) -> None:
        super().__init__()
        # Imported here: history.py and progbar_logger.py import this module.
        from ..distribute import is_main_process
        from .history import History
        from .progbar_logger import ProgbarLogger

        # Under torchrun, callbacks that write files (checkpoints, CSV logs) run on rank 0 only.
        self.callbacks: list[Callback] = [
            c for c in callbacks or [] if is_main_process() or not getattr(c, "main_process_only", False)
        ]
        self._history = next((c for c in self.callbacks if isinstance(c, History)), None)
        self._progbar = next((c for c in self.callbacks if isinstance(c, ProgbarLogger)), None)
        if self._history is None and add_history:
            self._history = History()
            self.callbacks.append(self._history)
        if self._progbar is None and add_progbar:
            self._progbar = ProgbarLogger()
            self.callbacks.append(self._progbar)
        self.set_model(model)
        self.set_params(params)

    @property
    def history(self):
        """The `History` in this list, or `None`."""
        return self._history

    @property
    def progbar(self):
        """The `ProgbarLogger` in this list, or `None`."""
        return self._progbar

    def set_params(self, params: dict[str, Any]) -> None:
        self.params = params
        if params:
            for callback in self.callbacks:
                callback.set_params(params)

    def set_model(self, model) -> None:
        if model is None:
            return
        super().set_model(model)
        if self._history is not None:
            # `model.history` is how Keras users reach the History after `fit`.
            model.history = self._history
        for callback in self.callbacks:
            callback.set_model(model)

    def _call(self, hook: str, *args: Any) -> None:
        *head, logs = args
        logs = pythonify_logs(logs)
        for callback in self.callbacks:
            getattr(callback, hook)(*head, logs)

    def on_train_begin(self, logs=None):
        self._call("on_train_begin", logs)

    def on_train_end(self, logs=None):
        self._call("on_train_end", logs)

    def on_epoch_begin(self, epoch, logs=None):
        self._call("on_epoch_begin", epoch, logs)

    def on_epoch_end(self, epoch, logs=None):
        self._call("on_epoch_end", epoch, logs)

    def on_train_batch_begin(self, batch, logs=None):
        self._call("on_train_batch_begin", batch, logs)

    def on_train_batch_end(self, batch, logs=None):
        self._call("on_train_batch_end", batch, logs)

    def on_batch_begin(self, batch, logs=None):
        self._call("on_batch_begin", batch, logs)

    def on_batch_end(self, batch, logs=None):
        self._call("on_batch_end", batch, logs)

    def on_test_begin(self, logs=None):
        self._call("on_test_begin", logs)

    def on_test_end(self, logs=None):
        self._call("on_test_end", logs)

    def on_test_batch_begin(self, batch, logs=None):
        self._call("on_test_batch_begin", batch, logs)

    def on_test_batch_end(self, batch, logs=None):
        self._call("on_test_batch_end", batch, logs)

    def on_predict_begin(self, logs=None):
        self._call("on_predict_begin", logs)

    def on_predict_end(self, logs=None):
        self._call("on_predict_end", logs)

    def on_predict_batch_begin(self, batch, logs=None):
        self._call("on_predict_batch_begin", batch, logs)

    def on_predict_batch_end(self, batch, logs=None):
        self._call("on_predict_batch_end", batch, logs)
