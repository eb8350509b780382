"""`AUC`: the area under the ROC, PR or PR-gain curve, from confusion counts at thresholds."""

import torch

from . import confusion_utils
from .metric import Metric, _divide_no_nan

EPSILON = 1e-7
_CURVES = {"roc": "ROC", "pr": "PR", "prgain": "PRGAIN"}
_SUMMATIONS = ("interpolation", "minoring", "majoring")


class AUC(Metric):
    """The area under a curve, approximated by a Riemann sum over thresholds.

    The confusion counts are kept at `num_thresholds` thresholds (evenly spaced in
    `[0, 1]` with the ends moved out by 1e-7, unless `thresholds` are given), and the
    curve through them is summed.

    Args:
        num_thresholds: How many thresholds; defaults to 200, must be > 1.
        curve: `"ROC"` (true against false positive rate), `"PR"` (precision against
            recall) or `"PRGAIN"`.
        summation_method: `"interpolation"` (trapezoids; the precise Davis-Goadrich
            interpolation for PR), `"minoring"` or `"majoring"` (left or right sums).
        name: The metric name; defaults to `"auc"`.
        dtype: The dtype of `result()`.
        thresholds: Optional explicit thresholds in `[0, 1]`; `num_thresholds` becomes
            `len(thresholds) + 2`.
        multi_label: Whether each column of a rank-2 `y_pred` is its own label (one
            curve per label, averaged), rather than all entries flattened into one.
        num_labels: The number of labels with `multi_label`, when known up front.
        label_weights: Optional per-label weights: with `multi_label` they weight the
            average of the per-label areas, otherwise they weight each column's counts.
        from_logits: Whether predictions are logits (a sigmoid is applied first).
    """

    _direction = "up"

    def __init__(
        self,
        num_thresholds=200,
        curve="ROC",
        summation_method="interpolation",
        name=None,
        dtype=None,
        thresholds=None,
        multi_label=False,
        num_labels=None,
        label_weights=None,
        from_logits=False,
    ):
        if str(curve).lower() not in _CURVES:
            raise ValueError(
                f'Invalid `curve` argument value "{curve}". Expected one of: ROC, PR, PRGAIN.'
            )
        if str(summation_method).lower() not in _SUMMATIONS:
            raise ValueError(
                f'Invalid `summation_method` argument value "{summation_method}". '
                f"Expected one of: {', '.join(_SUMMATIONS)}."
            )
        super().__init__(name=name, dtype=dtype)
        self._init_from_thresholds = thresholds is not None
        if thresholds is not None:
            inner = sorted(float(t) for t in thresholds)
            self.num_thresholds = len(inner) + 2
            self._evenly = confusion_utils.evenly_distributed([0.0, *inner, 1.0])
        else:
            if num_thresholds <= 1:
                raise ValueError(
                    "Argument `num_thresholds` must be an integer > 1. "
                    f"Received: num_thresholds={num_thresholds}"
                )
            self.num_thresholds = num_thresholds
            inner = [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]
            self._evenly = True
        self._thresholds = [0.0 - EPSILON, *inner, 1.0 + EPSILON]
        self.curve = _CURVES[str(curve).lower()]
        self.summation_method = str(summation_method).lower()
        self.multi_label = multi_label
        self.num_labels = num_labels
        self.label_weights = None if label_weights is None else [float(w) for w in label_weights]
        self._from_logits = from_logits
        self._built = False
        if multi_label:
            if num_labels:
                self._build(num_labels)
        elif num_labels:
            raise ValueError("`num_labels` is needed only when `multi_label` is True.")
        else:
            self._build(None)

    @property
    def thresholds(self) -> list[float]:
        return list(self._thresholds)

    def _build(self, num_labels) -> None:
        shape = (self.num_thresholds,) if num_labels is None else (self.num_thresholds, num_labels)
        self._num_labels = num_labels
        for key in confusion_utils.KEYS:
            self.add_variable(key, shape)
        self._built = True

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        y_pred = torch.as_tensor(y_pred)
        if not self._built:
            if y_pred.ndim != 2:
                raise ValueError(
                    "AUC: `y_pred` must have rank 2 when `multi_label=True`. "
                    f"Received: y_pred.shape={tuple(y_pred.shape)}"
                )
            self._build(y_pred.shape[1])
        if self._from_logits:
            y_pred = torch.sigmoid(y_pred.to(torch.float32))
        state = self._state_on(y_pred.device)
        confusion_utils.update_confusion(
            state,
            confusion_utils.KEYS,
            y_true,
            y_pred,
            self._thresholds,
            sample_weight=sample_weight,
            multi_label=self.multi_label,
            label_weights=None if self.multi_label else self.label_weights,
            evenly=self._evenly,
            owner="AUC",
        )

    def _average(self, terms: torch.Tensor) -> torch.Tensor:
        if not self.multi_label:
            return terms.sum()
        by_label = terms.sum(dim=0)
        if self.label_weights is None:
            return by_label.mean()
        weights = torch.tensor(self.label_weights, dtype=by_label.dtype, device=by_label.device)
        return _divide_no_nan((by_label * weights).sum(), weights.sum())

    def _interpolate_pr_auc(self, tp, fp, fn) -> torch.Tensor:
        # Davis & Goadrich (2006): precision interpolated between thresholds.
        dtp = tp[:-1] - tp[1:]
        p = tp + fp
        dp = p[:-1] - p[1:]
        slope = _divide_no_nan(dtp, dp.clamp(min=0))
        intercept = tp[1:] - slope * p[1:]
        both = (p[:-1] > 0) & (p[1:] > 0)
        ratio = torch.where(
            both, _divide_no_nan(p[:-1], p[1:].clamp(min=0)), torch.ones_like(p[1:])
        )
        increment = _divide_no_nan(
            slope * (dtp + intercept * torch.log(ratio)), (tp[1:] + fn[1:]).clamp(min=0)
        )
        return self._average(increment)

    def result(self) -> torch.Tensor:
        if not self._built:
            return torch.zeros((), dtype=getattr(torch, self.dtype))
        tp, fp, tn, fn = (self._states[k] for k in confusion_utils.KEYS)
        if self.curve == "PR" and self.summation_method == "interpolation":
            return self._interpolate_pr_auc(tp, fp, fn).to(getattr(torch, self.dtype))
        recall = _divide_no_nan(tp, tp + fn)
        if self.curve == "ROC":
            x, y = _divide_no_nan(fp, fp + tn), recall
        elif self.curve == "PR":
            x, y = recall, _divide_no_nan(tp, tp + fp)
        else:
            scale = _divide_no_nan(tp + fn, tn + fp)
            recall_gain = torch.where(tp == 0, 0.0, 1.0 - scale * _divide_no_nan(fn, tp))
            precision_gain = torch.where(tp == 0, 1.0, 1.0 - scale * _divide_no_nan(fp, tp))
            x, y = recall_gain.clamp(min=0.0), precision_gain
        if self.summation_method == "interpolation":
            heights = (y[:-1] + y[1:]) / 2.0
        elif self.summation_method == "minoring":
            heights = torch.minimum(y[:-1], y[1:])
        else:
            heights = torch.maximum(y[:-1], y[1:])
        return self._average((x[:-1] - x[1:]) * heights).to(getattr(torch, self.dtype))

    def get_config(self):
        config = {
            **super().get_config(),
            "num_thresholds": self.num_thresholds,
            "curve": self.curve,
            "summation_method": self.summation_method,
            "multi_label": self.multi_label,
            "num_labels": self.num_labels,
            "label_weights": self.label_weights,
            "from_logits": self._from_logits,
        }
        if self._init_from_thresholds:
            config["thresholds"] = self.thresholds[1:-1]
        return config
