"""`FBetaScore` and `F1Score`: the harmonic mean of precision and recall, per class."""

import torch

from .metric import Metric

EPSILON = 1e-7


class FBetaScore(Metric):
    """The F-beta score of multi-label or one-hot predictions, per class or averaged.

    Inputs are `(batch, classes)`. Without a `threshold` a prediction is positive where it
    is its row's largest (and non-zero) value; with one, where it exceeds it.

    Args:
        average: `None` (one score per class), `"micro"` (counts pooled over classes),
            `"macro"` (the mean of the class scores) or `"weighted"` (weighted by each
            class's number of true instances).
        beta: How much more recall counts than precision; a float > 0. Defaults to 1.0.
        threshold: Optional float in `(0, 1]`.
        name: The metric name; defaults to `"fbeta_score"`.
        dtype: The dtype of `result()`.
    """

    _direction = "up"

    def __init__(self, average=None, beta=1.0, threshold=None, name="fbeta_score", dtype=None):
        super().__init__(name=name, dtype=dtype)
        if average not in (None, "micro", "macro", "weighted"):
            raise ValueError(
                "Invalid `average` argument value. Expected one of: "
                f"{{None, 'micro', 'macro', 'weighted'}}. Received: average={average}"
            )
        if not isinstance(beta, float):
            raise ValueError(
                "Invalid `beta` argument value. It should be a Python float. "
                f"Received: beta={beta} of type '{type(beta)}'"
            )
        if beta <= 0.0:
            raise ValueError(
                f"Invalid `beta` argument value. It should be > 0. Received: beta={beta}"
            )
        if threshold is not None:
            if not isinstance(threshold, float):
                raise ValueError(
                    "Invalid `threshold` argument value. It should be a Python float. "
                    f"Received: threshold={threshold} of type '{type(threshold)}'"
                )
            if threshold > 1.0 or threshold <= 0.0:
                raise ValueError(
                    "Invalid `threshold` argument value. It should verify "
                    f"0 < threshold <= 1. Received: threshold={threshold}"
                )
        self.average = average
        self.beta = beta
        self.threshold = threshold
        self.axis = None if average == "micro" else 0
        self._built = False

    def _build(self, y_true_shape, y_pred_shape) -> None:
        if len(y_pred_shape) != 2 or len(y_true_shape) != 2:
            raise ValueError(
                f"{type(self).__name__} expects 2D inputs with shape (batch_size, output_dim). "
                f"Received input shapes: y_pred.shape={tuple(y_pred_shape)} and "
                f"y_true.shape={tuple(y_true_shape)}."
            )
        shape = () if self.average == "micro" else (y_pred_shape[-1],)
        for key in ("true_positives", "false_positives", "false_negatives", "intermediate_weights"):
            self.add_variable(key, shape)
        self._built = True

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        dtype = getattr(torch, self.dtype)
        y_pred = torch.as_tensor(y_pred).detach().to(dtype)
        y_true = torch.as_tensor(y_true, device=y_pred.device).detach().to(dtype)
        if not self._built:
            self._build(y_true.shape, y_pred.shape)
        if self.threshold is None:
            top = y_pred.amax(dim=-1, keepdim=True)
            y_pred = (y_pred >= top) & (y_pred.abs() > 1e-9)
        else:
            y_pred = y_pred > self.threshold
        y_pred = y_pred.to(dtype)
        if sample_weight is not None:
            sample_weight = torch.as_tensor(sample_weight, device=y_pred.device).to(dtype)

        def weighted_sum(value):
            if sample_weight is not None:
                value = value * sample_weight.unsqueeze(1)
            return value.sum() if self.axis is None else value.sum(dim=self.axis)

        state = self._state_on(y_pred.device)
        updates = {
            "true_positives": y_pred * y_true,
            "false_positives": y_pred * (1 - y_true),
            "false_negatives": (1 - y_pred) * y_true,
            "intermediate_weights": y_true,
        }
        for key, value in updates.items():
            state[key] += weighted_sum(value).to(state[key].dtype)

    def result(self) -> torch.Tensor:
        dtype = getattr(torch, self.dtype)
        s = {k: v.to(dtype) for k, v in self._states.items()}
        tp = s["true_positives"]
        precision = tp / (tp + s["false_positives"] + EPSILON)
        recall = tp / (tp + s["false_negatives"] + EPSILON)
        beta2 = self.beta**2
        score = precision * recall / (beta2 * precision + recall + EPSILON) * (1 + beta2)
        if self.average == "weighted":
            weights = s["intermediate_weights"]
            score = (score * weights / (weights.sum() + EPSILON)).sum()
        elif self.average is not None:
            score = score.mean()
        return score

    def get_config(self):
        return {
            **super().get_config(),
            "average": self.average,
            "beta": self.beta,
            "threshold": self.threshold,
        }


class F1Score(FBetaScore):
    """The F1 score: `FBetaScore` with `beta=1.0`.

    Args:
        average, threshold, dtype: As for `FBetaScore`.
        name: The metric name; defaults to `"f1_score"`.
    """

    def __init__(self, average=None, threshold=None, name="f1_score", dtype=None):
        super().__init__(average=average, beta=1.0, threshold=threshold, name=name, dtype=dtype)

    def get_config(self):
        config = super().get_config()
        del config["beta"]
        return config
