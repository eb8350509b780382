"""One rate at a constraint on another: `SensitivityAtSpecificity`,
`SpecificityAtSensitivity`, `PrecisionAtRecall` and `RecallAtPrecision`.

Each keeps the four confusion counts at `num_thresholds` evenly spaced thresholds in
`[0, 1]`, and reports the best value of one rate among the thresholds where the other rate
meets the constraint (0 when none does).
"""

import torch

from . import confusion_utils
from .metric import Metric, _divide_no_nan


class _RateAtRate(Metric):
    """Shared state and counting; subclasses name the constrained and reported rates."""

    _direction = "up"

    _constraint = ""

    def __init__(self, value, num_thresholds=200, class_id=None, name=None, dtype=None):
        if not 0 <= value <= 1:
            raise ValueError(
                f"Argument `{self._constraint}` must be in the range [0, 1]. "
                f"Received: {self._constraint}={value}"
            )
        if num_thresholds <= 0:
            raise ValueError(
                f"Argument `num_thresholds` must be an integer > 0. "
                f"Received: num_thresholds={num_thresholds}"
            )
        super().__init__(name=name, dtype=dtype)
        setattr(self, self._constraint, value)
        self.value = value
        self.num_thresholds = num_thresholds
        self.class_id = class_id
        if num_thresholds == 1:
            self.thresholds, self._evenly = [0.5], False
        else:
            inner = [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]
            self.thresholds, self._evenly = [0.0, *inner, 1.0], True
        for key in confusion_utils.KEYS:
            self.add_variable(key, (len(self.thresholds),))

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        state = self._state_on(torch.as_tensor(y_pred).device)
        confusion_utils.update_confusion(
            state,
            confusion_utils.KEYS,
            y_true,
            y_pred,
            self.thresholds,
            class_id=self.class_id,
            sample_weight=sample_weight,
            evenly=self._evenly,
            owner=type(self).__name__,
        )

    def _rates(self) -> dict:
        s = self._states
        tp, fp, tn, fn = (s[k] for k in confusion_utils.KEYS)
        recall = _divide_no_nan(tp, tp + fn)
        return {
            "sensitivity": recall,
            "recall": recall,
            "specificity": _divide_no_nan(tn, tn + fp),
            "precision": _divide_no_nan(tp, tp + fp),
        }

    def result(self) -> torch.Tensor:
        rates = self._rates()
        feasible = rates[self._constraint] >= self.value
        best = torch.where(feasible, rates[self._reported], 0.0).amax().clamp(min=0.0)
        return best.to(getattr(torch, self.dtype))

    def get_config(self):
        return {
            **super().get_config(),
            "class_id": self.class_id,
            "num_thresholds": self.num_thresholds,
            self._constraint: self.value,
        }


class SensitivityAtSpecificity(_RateAtRate):
    """The best sensitivity (recall) where specificity is at least `specificity`.

    Args:
        specificity: The required specificity, in `[0, 1]`.
        num_thresholds: How many evenly spaced thresholds to try. Defaults to 200.
        class_id: If set, only this column of multi-class inputs is scored.
        name: The metric name; defaults to `"sensitivity_at_specificity"`.
        dtype: The dtype of `result()`.
    """

    _constraint, _reported = "specificity", "sensitivity"

    def __init__(self, specificity, num_thresholds=200, class_id=None, name=None, dtype=None):
        super().__init__(specificity, num_thresholds, class_id, name=name, dtype=dtype)


class SpecificityAtSensitivity(_RateAtRate):
    """The best specificity where sensitivity (recall) is at least `sensitivity`.

    Args: as `SensitivityAtSpecificity`, with `sensitivity` the required sensitivity.
    """

    _constraint, _reported = "sensitivity", "specificity"

    def __init__(self, sensitivity, num_thresholds=200, class_id=None, name=None, dtype=None):
        super().__init__(sensitivity, num_thresholds, class_id, name=name, dtype=dtype)


class PrecisionAtRecall(_RateAtRate):
    """The best precision where recall is at least `recall`.

    Args: as `SensitivityAtSpecificity`, with `recall` the required recall.
    """

    _constraint, _reported = "recall", "precision"

    def __init__(self, recall, num_thresholds=200, class_id=None, name=None, dtype=None):
        super().__init__(recall, num_thresholds, class_id, name=name, dtype=dtype)


class RecallAtPrecision(_RateAtRate):
    """The best recall where precision is at least `precision`.

    Args: as `SensitivityAtSpecificity`, with `precision` the required precision.
    """

    _constraint, _reported = "precision", "recall"

    def __init__(self, precision, num_thresholds=200, class_id=None, name=None, dtype=None):
        super().__init__(precision, num_thresholds, class_id, name=name, dtype=dtype)
