"""History: the per-epoch record that `fit` returns, with helpers to read it."""

import math

from .callback import Callback
from .monitor import infer_mode


class History(Callback):
    """Records the epoch logs of `fit`; `fit` returns it.

    `history` maps each log key to one value per epoch and `epoch` lists the epoch
    indices. Beyond Keras, `best_epoch`, `best` and `gap` answer the usual
    questions about a run without hand-written loops.

    Example:

    >>> history = History()
    >>> history.on_train_begin()
    >>> for epoch, (loss, val_loss) in enumerate([(0.9, 1.0), (0.5, 0.7), (0.2, 0.8)]):
    ...     history.on_epoch_end(epoch, {"loss": loss, "val_loss": val_loss})
    >>> history.best_epoch("val_loss"), history.best("val_loss")
    (1, 0.7)
    """

    def __init__(self) -> None:
        super().__init__()
        self.history: dict[str, list] = {}
        self.epoch: list[int] = []

    def on_train_begin(self, logs=None):
        # As in Keras, only `epoch` restarts; values from an earlier fit stay in `history`.
        self.epoch = []

    def on_epoch_end(self, epoch, logs=None):
        self.epoch.append(epoch)
        for key, value in (logs or {}).items():
            self.history.setdefault(key, []).append(value)
        if self.model is not None:
            self.model.history = self

    def best_epoch(self, monitor: str = "val_loss", mode: str = "auto") -> int:
        """The epoch whose `monitor` value is best (the earliest one on ties).

        Args:
            monitor: Key of `history`, e.g. `"val_loss"` or `"val_accuracy"`.
            mode: `"min"`, `"max"`, or `"auto"`: names like accuracy or AUC are
                maximized, everything else is minimized.

        Returns:
            The epoch index as recorded in `epoch` (the position in the list
            when the two lists differ in length). NaN values are never best.
        """
        values = self._values(monitor)
        position = self._best_position(monitor, mode)
        return self.epoch[position] if len(self.epoch) == len(values) else position

    def best(self, monitor: str = "val_loss", mode: str = "auto") -> float:
        """The best recorded value of `monitor` (see `best_epoch`)."""
        return self._values(monitor)[self._best_position(monitor, mode)]

    def gap(self, metric: str = "loss", mode: str = "auto") -> list[float]:
        """Per-epoch generalization gap: how much worse validation is than training.

        The gap is `val - train` for metrics that go down (losses) and
        `train - val` for metrics that go up (accuracy), so a positive, growing
        gap is a sign of overfitting whichever metric you pick.

        Args:
            metric: The training metric name; a `val_` prefix is ignored.
            mode: `"min"`, `"max"` or `"auto"`, as for `best_epoch`.
        """
        name = metric.removeprefix("val_")
        train, val = self._values(name), self._values(f"val_{name}")
        if len(train) != len(val):
            raise ValueError(
                f"`{name}` has {len(train)} values but `val_{name}` has {len(val)}; "
                "the gap needs validation after every epoch."
            )
        sign = 1.0 if self._mode(name, mode) == "min" else -1.0
        return [sign * (v - t) for t, v in zip(train, val)]

    def plot(self, to_file=None, metrics=None, dpi: int = 100):
        """Draws loss and each metric, training against validation, best epoch marked.

        Args:
            to_file: where to save the picture (`.png`, `.svg` or `.pdf`); `None`
                only returns the figure.
            metrics: names to plot (without `val_`); default: all but the learning rate.
            dpi: resolution of PNG output.

        Returns:
            The `matplotlib.figure.Figure` (see `lamina.utils.plot_history`).
        """
        from ..utils.plotting import plot_history

        return plot_history(self, to_file=to_file, metrics=metrics, dpi=dpi)

    def _best_position(self, monitor: str, mode: str) -> int:
        sign = 1.0 if self._mode(monitor, mode) == "min" else -1.0
        values = self._values(monitor)
        scored = [(sign * v, i) for i, v in enumerate(values) if not math.isnan(v)]
        if not scored:
            raise ValueError(f"Every recorded value of {monitor!r} is NaN; none is best.")
        return min(scored)[1]

    def _values(self, key: str) -> list[float]:
        if key not in self.history:
            available = ", ".join(sorted(self.history)) or "none (no epoch has ended yet)"
            raise ValueError(
                f"History has no metric {key!r}. Available metrics: {available}. "
                "Validation metrics (`val_*`) only exist when `fit` got validation data."
            )
        return self.history[key]

    def _mode(self, monitor: str, mode: str) -> str:
        if mode not in ("auto", "min", "max"):
            raise ValueError(f"`mode` must be 'auto', 'min' or 'max'. Received: mode={mode!r}")
        if mode != "auto":
            return mode
        return infer_mode(monitor, self.model, default="min")
