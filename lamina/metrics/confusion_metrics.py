"""Precision and recall, from counts of true and false positives and negatives."""

import torch

from ..losses.utils import squeeze_or_expand_to_same_rank
from .metric import Metric, _divide_no_nan

# --- precision and recall ------------------------------------------------------------------


class _ConfusionMetric(Metric):
    """Shared counting for `Precision` and `Recall` over one or more thresholds."""

    def __init__(self, thresholds=None, top_k=None, class_id=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.init_thresholds = thresholds
        self.top_k = top_k
        self.class_id = class_id
        if thresholds is None:
            # With top_k every kept prediction is positive, whatever its value.
            thresholds = 0.5 if top_k is None else float("-inf")
        if not isinstance(thresholds, (list, tuple)):
            thresholds = [thresholds]
        self.thresholds = [float(t) for t in thresholds]
        for t in self.thresholds:
            if not 0 <= t <= 1 and t != float("-inf"):
                raise ValueError(
                    f"Threshold values must be in [0, 1]. Received: thresholds={thresholds}"
                )
        for key in ("true_positives", self._second_count):
            self.add_variable(key, (len(self.thresholds),))

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        y_pred = torch.as_tensor(y_pred).detach().to(torch.float32)
        y_true = torch.as_tensor(y_true, device=y_pred.device).to(torch.float32)
        y_pred, y_true = squeeze_or_expand_to_same_rank(y_pred, y_true)
        if sample_weight is not None:
            sample_weight = torch.as_tensor(sample_weight, device=y_pred.device)
            sample_weight = sample_weight.to(torch.float32).unsqueeze(-1)
            _, sample_weight = squeeze_or_expand_to_same_rank(
                y_true, sample_weight, expand_rank_1=False
            )
        if self.top_k is not None:
            top = torch.topk(y_pred, self.top_k, dim=-1).indices
            keep = torch.zeros_like(y_pred, dtype=torch.bool).scatter_(-1, top, True)
            y_pred = torch.where(keep, y_pred, float("-inf"))
        if self.class_id is not None:
            y_true = y_true[..., self.class_id, None]
            y_pred = y_pred[..., self.class_id, None]
        thresholds = torch.tensor(self.thresholds, device=y_pred.device).unsqueeze(1)
        predicted = y_pred.reshape(1, -1) > thresholds  # (thresholds, entries)
        actual = y_true.reshape(1, -1).bool()
        weight = 1.0
        if sample_weight is not None:
            weight = torch.broadcast_to(sample_weight, y_pred.shape).reshape(1, -1)
        state = self._state_on(y_pred.device)
        for key, hits in self._counts(predicted, actual).items():
            state[key] += (hits * weight).sum(dim=1, dtype=state[key].dtype)

    def _counts(self, predicted, actual):
        raise NotImplementedError

    def result(self) -> torch.Tensor:
        """`tp / (tp + fp)` or `tp / (tp + fn)`: a scalar, or one value per threshold."""
        true_positives = self._states["true_positives"]
        value = _divide_no_nan(true_positives, true_positives + self._states[self._second_count])
        value = value.to(getattr(torch, self.dtype))
        return value[0] if len(self.thresholds) == 1 else value

    def get_config(self):
        return {
            **super().get_config(),
            "thresholds": self.init_thresholds,
            "top_k": self.top_k,
            "class_id": self.class_id,
        }


class Precision(_ConfusionMetric):
    """Of the entries predicted positive (`y_pred > threshold`), the fraction that are.

    Args:
        thresholds: A float or list of floats in `[0, 1]`; defaults to 0.5. A list gives
            one result per threshold.
        top_k: If set, only the `top_k` highest predictions per sample count as positive.
        class_id: If set, only this column of multi-class inputs is scored.
        name: The metric name; defaults to `"precision"`.
        dtype: The dtype of `result()`.
    """

    _second_count = "false_positives"

    def __init__(self, thresholds=None, top_k=None, class_id=None, name=None, dtype=None):
        super().__init__(thresholds, top_k, class_id, name=name, dtype=dtype)

    def _counts(self, predicted, actual):
        return {"true_positives": predicted & actual, "false_positives": predicted & ~actual}


class Recall(_ConfusionMetric):
    """Of the entries that are positive, the fraction predicted positive.

    Args:
        thresholds, top_k, class_id, dtype: As for `Precision`.
        name: The metric name; defaults to `"recall"`.
    """

    _second_count = "false_negatives"

    def __init__(self, thresholds=None, top_k=None, class_id=None, name=None, dtype=None):
        super().__init__(thresholds, top_k, class_id, name=name, dtype=dtype)

    def _counts(self, predicted, actual):
        return {"true_positives": predicted & actual, "false_negatives": ~predicted & actual}


