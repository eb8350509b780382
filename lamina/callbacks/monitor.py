"""What "better" means for a monitored metric; shared by EarlyStopping, ReduceLROnPlateau and History."""

import warnings

import numpy as np

from .callback import Callback

# Name fragments of Keras's built-in metrics, by the direction Keras gives them
# (the `_direction` attribute of keras.metrics classes). Checked after the model's
# own metric objects, so a model can always override a guess made from the name.
_MAX_HINTS = (
    "acc",  # accuracy, binary_accuracy, top_k_categorical_accuracy, "acc"
    "auc",
    "precision",
    "recall",
    "sensitivity",
    "specificity",
    "f1_score",
    "fbeta_score",
    "iou",
    "io_u",  # Keras's own default names: io_u, mean_io_u, binary_io_u
    "r2_score",
    "cosine_similarity",
    "correlation",
)
_MIN_HINTS = (
    "loss",
    "error",  # mean_squared_error, mean_absolute_percentage_error, ...
    "crossentropy",
    "hinge",
    "divergence",
    "poisson",
    "logcosh",
    "mse",
    "mae",
    "mape",
    "msle",
)


def _model_metric_direction(model, name: str) -> str | None:
    """The direction ("min"/"max") a metric object on `model` declares, if any."""
    pending = list(getattr(model, "metrics", None) or [])
    while pending:
        metric = pending.pop(0)
        # Keras nests compiled metrics inside containers that have their own `.metrics`.
        inner = getattr(metric, "metrics", None)
        if isinstance(inner, (list, tuple)):
            pending.extend(inner)
        if getattr(metric, "name", None) != name:
            continue
        direction = getattr(metric, "_direction", None) or getattr(metric, "direction", None)
        if direction in ("up", "max"):
            return "max"
        if direction in ("down", "min"):
            return "min"
    return None


def infer_mode(monitor: str, model=None, default: str | None = None) -> str | None:
    """Whether `monitor` should go down ("min") or up ("max"), as `mode="auto"` decides.

    The `val_` prefix is ignored. `loss` is minimized; otherwise a metric object on
    `model` with that name and a declared direction decides (as in Keras); otherwise
    the name is matched against Keras's built-in metrics (`acc`, `auc`, `precision`
    ... go up; `loss`, `mse`, `crossentropy` ... go down).

    Returns:
        `"min"`, `"max"`, or `default` when nothing matches.
    """
    name = monitor.removeprefix("val_")
    if name == "loss":
        return "min"
    if model is not None:
        direction = _model_metric_direction(model, name)
        if direction is not None:
            return direction
    lowered = name.lower()
    if any(hint in lowered for hint in _MAX_HINTS):
        return "max"
    if any(hint in lowered for hint in _MIN_HINTS):
        return "min"
    return default


def _float32(value: float) -> np.float32:
    # Overflow to inf is what Keras gets too; numpy would otherwise warn about it.
    with np.errstate(over="ignore"):
        return np.float32(value)


def _less(a: float, b: float) -> bool:
    return bool(_float32(a) < _float32(b))


def _greater(a: float, b: float) -> bool:
    return bool(_float32(a) > _float32(b))


class MonitorCallback(Callback):
    """Base for callbacks that watch one metric and act when it stops improving.

    Args:
        monitor: Key of the epoch `logs` to watch, e.g. `"val_loss"`.
        mode: `"min"`, `"max"` or `"auto"` (see `infer_mode`). An unknown mode
            warns and falls back to `"auto"`, as in Keras.
        baseline: Initial best value, or `None`.
        min_delta: How much better than the reference a value must be to count
            as an improvement; its sign is ignored.
    """

    def __init__(
        self,
        monitor: str = "val_loss",
        mode: str = "auto",
        baseline: float | None = None,
        min_delta: float = 0,
    ) -> None:
        super().__init__()
        if mode not in ("auto", "min", "max"):
            warnings.warn(
                f"{type(self).__name__} mode '{mode}' is unknown, fallback to auto mode.",
                stacklevel=3,
            )
            mode = "auto"
        self.monitor = monitor
        self.mode = mode
        self.best = baseline
        self.min_delta = abs(min_delta)
        self.monitor_op = None

    def _set_monitor_op(self) -> None:
        # Resolved at the first epoch end, when the model's metrics exist.
        mode = self.mode if self.mode != "auto" else infer_mode(self.monitor, self.model)
        if mode is None:
            raise ValueError(
                f"{type(self).__name__} cannot tell whether monitor={self.monitor!r} "
                "should be minimized or maximized: it is not `loss`, no metric of the "
                "model with that name declares a direction, and the name matches no "
                "built-in metric. Pass `mode='min'` or `mode='max'`."
            )
        self.monitor_op = _less if mode == "min" else _greater

    def _is_improvement(self, value: float, reference: float | None) -> bool:
        """True when `value` beats `reference` by more than `min_delta`.

        The comparison runs in float32, as Keras's (it compares with backend ops
        on float32 tensors), so near-ties resolve exactly as in Keras.
        """
        if reference is None:
            return True
        if self.monitor_op is _less:
            return _less(value + self.min_delta, reference)
        return _greater(value - self.min_delta, reference)
