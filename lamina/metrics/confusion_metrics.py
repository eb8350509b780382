"""Confusion-matrix counts (`TruePositives`, ...) and `Precision` and `Recall` from them."""

import torch

from . import confusion_utils
from .metric import Metric, _divide_no_nan

# --- counts ---------------------------------------------------------------------------------


class _ConfusionMatrixConditionCount(Metric):
    """The weighted count of one confusion-matrix cell at each threshold."""

    _key = ""

    def __init__(self, thresholds=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.init_thresholds = thresholds
        self.thresholds = confusion_utils.parse_thresholds(thresholds, default=0.5)
        self._evenly = confusion_utils.evenly_distributed(self.thresholds)
        self.add_variable("accumulator", (len(self.thresholds),))

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        device = torch.as_tensor(y_pred).device
        state = self._state_on(device)
        confusion_utils.update_confusion(
            {self._key: state["accumulator"]},
            (self._key,),
            y_true,
            y_pred,
            self.thresholds,
            sample_weight=sample_weight,
            evenly=self._evenly,
            owner=type(self).__name__,
        )

    def result(self) -> torch.Tensor:
        value = self._states["accumulator"].to(getattr(torch, self.dtype))
        return value[0] if len(self.thresholds) == 1 else value

    def get_config(self):
        return {**super().get_config(), "thresholds": self.init_thresholds}


class TruePositives(_ConfusionMatrixConditionCount):
    """The weighted count of positives predicted positive (`y_pred > threshold`).

    Args:
        thresholds: A float or list of floats in `[0, 1]`; defaults to 0.5. A list gives
            one count per threshold.
        name: The metric name; defaults to `"true_positives"`.
        dtype: The dtype of `result()`.
    """

    _key = "true_positives"

    def __init__(self, thresholds=None, name=None, dtype=None):
        super().__init__(thresholds, name=name, dtype=dtype)


class TrueNegatives(_ConfusionMatrixConditionCount):
    """The weighted count of negatives predicted negative. Args as `TruePositives`."""

    _key = "true_negatives"

    def __init__(self, thresholds=None, name=None, dtype=None):
        super().__init__(thresholds, name=name, dtype=dtype)


class FalsePositives(_ConfusionMatrixConditionCount):
    """The weighted count of negatives predicted positive. Args as `TruePositives`."""

    _key = "false_positives"

    def __init__(self, thresholds=None, name=None, dtype=None):
        super().__init__(thresholds, name=name, dtype=dtype)


class FalseNegatives(_ConfusionMatrixConditionCount):
    """The weighted count of positives predicted negative. Args as `TruePositives`."""

    _key = "false_negatives"

    def __init__(self, thresholds=None, name=None, dtype=None):
        super().__init__(thresholds, name=name, dtype=dtype)


# --- precision and recall ------------------------------------------------------------------


class _PrecisionRecall(Metric):
    """Shared counting for `Precision` and `Recall` over one or more thresholds."""

    _direction = "up"

    _second = ""

    def __init__(self, thresholds=None, top_k=None, class_id=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.init_thresholds = thresholds
        self.top_k = top_k
        self.class_id = class_id
        # With top_k every kept prediction is positive, whatever its value.
        default = 0.5 if top_k is None else confusion_utils.NEG_INF
        self.thresholds = confusion_utils.parse_thresholds(thresholds, default=default)
        self._evenly = confusion_utils.evenly_distributed(self.thresholds)
        for key in ("true_positives", self._second):
            self.add_variable(key, (len(self.thresholds),))

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        state = self._state_on(torch.as_tensor(y_pred).device)
        confusion_utils.update_confusion(
            state,
            ("true_positives", self._second),
            y_true,
            y_pred,
            self.thresholds,
            top_k=self.top_k,
            class_id=self.class_id,
            sample_weight=sample_weight,
            evenly=self._evenly,
            owner=type(self).__name__,
        )

    def result(self) -> torch.Tensor:
        """`tp / (tp + fp)` or `tp / (tp + fn)`: a scalar, or one value per threshold."""
        true_positives = self._states["true_positives"]
        value = _divide_no_nan(true_positives, true_positives + self._states[self._second])
        value = value.to(getattr(torch, self.dtype))
        return value[0] if len(self.thresholds) == 1 else value

    def get_config(self):
        return {
            **super().get_config(),
            "thresholds": self.init_thresholds,
            "top_k": self.top_k,
            "class_id": self.class_id,
        }


class Precision(_PrecisionRecall):
    """Of the entries predicted positive (`y_pred > threshold`), the fraction that are.

    Args:
        thresholds: A float or list of floats in `[0, 1]`; defaults to 0.5. A list gives
            one result per threshold.
        top_k: If set, only the `top_k` highest predictions per sample count as positive.
        class_id: If set, only this column of multi-class inputs is scored.
        name: The metric name; defaults to `"precision"`.
        dtype: The dtype of `result()`.
    """

    _second = "false_positives"

    def __init__(self, thresholds=None, top_k=None, class_id=None, name=None, dtype=None):
        super().__init__(thresholds, top_k, class_id, name=name, dtype=dtype)


class Recall(_PrecisionRecall):
    """Of the entries that are positive, the fraction predicted positive.

    Args:
        thresholds, top_k, class_id, dtype: As for `Precision`.
        name: The metric name; defaults to `"recall"`.
    """

    _second = "false_negatives"

    def __init__(self, thresholds=None, top_k=None, class_id=None, name=None, dtype=None):
        super().__init__(thresholds, top_k, class_id, name=name, dtype=dtype)
