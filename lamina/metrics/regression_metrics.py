"""Regression metrics: running means of per-sample errors, `RootMeanSquaredError` and
`R2Score`."""

import warnings

import torch

from .. import losses
from ..losses.utils import squeeze_or_expand_to_same_rank
from . import loss_functions
from .metric import Mean, MeanMetricWrapper, Metric

EPSILON = 1e-7


def cosine_similarity(y_true, y_pred, axis=-1):
    """The cosine of the angle between `y_true` and `y_pred` along `axis`, per sample."""
    y_pred = torch.as_tensor(y_pred)
    if not y_pred.is_floating_point():
        y_pred = y_pred.float()
    y_true = torch.as_tensor(y_true, device=y_pred.device).to(y_pred.dtype)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)

    def normalize(x):
        inverse_norm = torch.rsqrt(x.square().sum(dim=axis, keepdim=True))
        return x * torch.clamp(inverse_norm, max=1.0 / EPSILON)

    return (normalize(y_true) * normalize(y_pred)).sum(dim=axis)


class _NamedMeanWrapper(MeanMetricWrapper):
    """A running mean of one per-sample function whose config is just name and dtype."""

    def get_config(self):
        return Metric.get_config(self)


class MeanSquaredError(MeanMetricWrapper):
    """The running mean of `losses.mean_squared_error`.

    Args:
        name: Defaults to `"mean_squared_error"`.
        dtype: The dtype of `result()`.
    """

    _direction = "down"

    def __init__(self, name: str = "mean_squared_error", dtype=None):
        super().__init__(losses.mean_squared_error, name=name, dtype=dtype)

    def get_config(self):
        return Metric.get_config(self)


class MeanAbsoluteError(MeanMetricWrapper):
    """The running mean of `losses.mean_absolute_error`.

    Args:
        name: Defaults to `"mean_absolute_error"`.
        dtype: The dtype of `result()`.
    """

    _direction = "down"

    def __init__(self, name: str = "mean_absolute_error", dtype=None):
        super().__init__(losses.mean_absolute_error, name=name, dtype=dtype)

    def get_config(self):
        return Metric.get_config(self)


class MeanAbsolutePercentageError(_NamedMeanWrapper):
    """The running mean of `mean_absolute_percentage_error`.

    Args:
        name: Defaults to `"mean_absolute_percentage_error"`.
        dtype: The dtype of `result()`.
    """

    _direction = "down"

    def __init__(self, name="mean_absolute_percentage_error", dtype=None):
        super().__init__(loss_functions.mean_absolute_percentage_error, name=name, dtype=dtype)


class MeanSquaredLogarithmicError(_NamedMeanWrapper):
    """The running mean of `mean_squared_logarithmic_error`.

    Args:
        name: Defaults to `"mean_squared_logarithmic_error"`.
        dtype: The dtype of `result()`.
    """

    _direction = "down"

    def __init__(self, name="mean_squared_logarithmic_error", dtype=None):
        super().__init__(loss_functions.mean_squared_logarithmic_error, name=name, dtype=dtype)


class LogCoshError(_NamedMeanWrapper):
    """The running mean of `log_cosh` of the prediction error.

    Args:
        name: Defaults to `"logcosh"`.
        dtype: The dtype of `result()`.
    """

    _direction = "down"

    def __init__(self, name="logcosh", dtype=None):
        super().__init__(loss_functions.log_cosh, name=name, dtype=dtype)


class CosineSimilarity(_NamedMeanWrapper):
    """The running mean of the cosine similarity of labels and predictions.

    Args:
        name: Defaults to `"cosine_similarity"`.
        dtype: The dtype of `result()`.
        axis: The axis along which to compute it. Defaults to -1. (As in Keras, the
            config holds only name and dtype.)
    """

    _direction = "up"

    def __init__(self, name="cosine_similarity", dtype=None, axis=-1):
        super().__init__(cosine_similarity, name=name, dtype=dtype, axis=axis)


class RootMeanSquaredError(Mean):
    """The square root of the running (weighted) mean of squared errors.

    Args:
        name: Defaults to `"root_mean_squared_error"`.
        dtype: The dtype of `result()`.
    """

    _direction = "down"

    def __init__(self, name="root_mean_squared_error", dtype=None):
        super().__init__(name=name, dtype=dtype)

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        dtype = getattr(torch, self.dtype)
        y_pred = torch.as_tensor(y_pred).detach().to(dtype)
        y_true = torch.as_tensor(y_true, device=y_pred.device).detach().to(dtype)
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        super().update_state((y_pred - y_true).square(), sample_weight=sample_weight)

    def result(self) -> torch.Tensor:
        return torch.sqrt(super().result())


class R2Score(Metric):
    """The coefficient of determination, per output column and then aggregated.

    Inputs are `(batch, outputs)`.

    Args:
        class_aggregation: `"uniform_average"` (the mean of the columns' scores),
            `"variance_weighted_average"` (weighted by each column's variance) or `None`
            (one score per column).
        num_regressors: The number of independent regressors, for the adjusted R2; 0
            gives the plain R2.
        name: The metric name; defaults to `"r2_score"`.
        dtype: The dtype of `result()`.
    """

    _direction = "up"

    def __init__(
        self, class_aggregation="uniform_average", num_regressors=0, name="r2_score", dtype=None
    ):
        super().__init__(name=name, dtype=dtype)
        valid = (None, "uniform_average", "variance_weighted_average")
        if class_aggregation not in valid:
            raise ValueError(
                "Invalid value for argument `class_aggregation`. Expected one of "
                f"{valid}. Received: class_aggregation={class_aggregation}"
            )
        if num_regressors < 0:
            raise ValueError(
                "Invalid value for argument `num_regressors`. Expected a value >= 0. "
                f"Received: num_regressors={num_regressors}"
            )
        self.class_aggregation = class_aggregation
        self.num_regressors = num_regressors
        self.add_variable("num_samples")
        self._built = False

    def _build(self, y_true_shape, y_pred_shape) -> None:
        if len(y_pred_shape) != 2 or len(y_true_shape) != 2:
            raise ValueError(
                "R2Score expects 2D inputs with shape (batch_size, output_dim). Received "
                f"input shapes: y_pred.shape={tuple(y_pred_shape)} and "
                f"y_true.shape={tuple(y_true_shape)}."
            )
        for key in ("squared_sum", "sum", "residual", "count"):
            self.add_variable(key, (y_pred_shape[-1],))
        self._built = True

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        dtype = getattr(torch, self.dtype)
        y_pred = torch.as_tensor(y_pred).detach().to(dtype)
        y_true = torch.as_tensor(y_true, device=y_pred.device).detach().to(dtype)
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        if not self._built:
            self._build(y_true.shape, y_pred.shape)
        weight = torch.as_tensor(
            1.0 if sample_weight is None else sample_weight, device=y_pred.device
        )
        weight = weight.to(dtype)
        if weight.ndim == 1:
            weight = weight.unsqueeze(1)
        weight = torch.broadcast_to(weight, y_true.shape)
        weighted = y_true * weight
        state = self._state_on(y_pred.device)
        acc = state["sum"].dtype
        state["sum"] += weighted.sum(dim=0, dtype=acc)
        state["squared_sum"] += (y_true * weighted).sum(dim=0, dtype=acc)
        state["residual"] += ((y_true - y_pred).square() * weight).sum(dim=0, dtype=acc)
        state["count"] += weight.sum(dim=0, dtype=acc)
        state["num_samples"] += y_true.numel()

    def result(self) -> torch.Tensor:
        s = self._states
        mean = s["sum"] / s["count"]
        total = s["squared_sum"] - s["sum"] * mean
        raw = 1 - s["residual"] / total
        raw = torch.where(torch.isinf(raw), 0.0, raw)
        if self.class_aggregation == "uniform_average":
            score = raw.mean()
        elif self.class_aggregation == "variance_weighted_average":
            score = (total * raw).sum() / total.sum()
        else:
            score = raw
        if self.num_regressors != 0:
            n, p = float(s["num_samples"]), float(self.num_regressors)
            if p > n - 1:
                warnings.warn(
                    "More independent predictors than datapoints in adjusted R2 "
                    "score. Falling back to standard R2 score.",
                    stacklevel=2,
                )
            elif p == n - 1:
                warnings.warn(
                    "Division by zero in Adjusted R2 score. Falling back to standard R2 score.",
                    stacklevel=2,
                )
            else:
                score = 1.0 - (1.0 - score) * (n - 1.0) / (n - p - 1.0)
        return score.to(getattr(torch, self.dtype))

    def get_config(self):
        return {
            **super().get_config(),
            "class_aggregation": self.class_aggregation,
            "num_regressors": self.num_regressors,
        }
