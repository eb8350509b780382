"""Correlation metrics: running means of per-sample Pearson and concordance correlation."""

import torch

from ..losses.utils import squeeze_or_expand_to_same_rank
from .metric import MeanMetricWrapper, Metric

EPSILON = 1e-7


def _pair(y_true, y_pred):
    y_pred = torch.as_tensor(y_pred)
    if not y_pred.is_floating_point():
        y_pred = y_pred.float()
    y_true = torch.as_tensor(y_true, device=y_pred.device).to(y_pred.dtype)
    return squeeze_or_expand_to_same_rank(y_true, y_pred)


def pearson_correlation(y_true, y_pred, axis=-1):
    """Pearson's correlation of `y_true` and `y_pred` along `axis` (population std)."""
    y_true, y_pred = _pair(y_true, y_pred)
    t = y_true - y_true.mean(dim=axis, keepdim=True)
    p = y_pred - y_pred.mean(dim=axis, keepdim=True)
    t = t / t.std(dim=axis, keepdim=True, correction=0)
    p = p / p.std(dim=axis, keepdim=True, correction=0)
    return (t * p).mean(dim=axis)


def concordance_correlation(y_true, y_pred, axis=-1):
    """Lin's concordance correlation of `y_true` and `y_pred` along `axis`.

    As in Keras, the covariance term centres `y_true` on the mean of `y_pred`.
    """
    y_true, y_pred = _pair(y_true, y_pred)
    true_mean = y_true.mean(dim=axis, keepdim=True)
    pred_mean = y_pred.mean(dim=axis, keepdim=True)
    true_var = (y_true - true_mean).var(dim=axis, keepdim=True, correction=0)
    pred_var = (y_pred - pred_mean).var(dim=axis, keepdim=True, correction=0)
    covariance = (y_true - pred_mean) * (y_pred - pred_mean)
    norm = true_var + pred_var + (true_mean - pred_mean).square()
    return (2 * covariance / (norm + EPSILON)).mean(dim=axis)


class _AxisMeanWrapper(MeanMetricWrapper):
    _direction = "up"

    def __init__(self, fn, name, dtype, axis):
        super().__init__(fn, name=name, dtype=dtype, axis=axis)
        self.axis = axis

    def get_config(self):
        return {**Metric.get_config(self), "axis": self.axis}


class PearsonCorrelation(_AxisMeanWrapper):
    """The running mean of `pearson_correlation`.

    Args:
        name: Defaults to `"pearson_correlation"`.
        dtype: The dtype of `result()`.
        axis: The axis along which to correlate. Defaults to -1.
    """

    def __init__(self, name="pearson_correlation", dtype=None, axis=-1):
        super().__init__(pearson_correlation, name, dtype, axis)


class ConcordanceCorrelation(_AxisMeanWrapper):
    """The running mean of `concordance_correlation`.

    Args:
        name: Defaults to `"concordance_correlation"`.
        dtype: The dtype of `result()`.
        axis: The axis along which to correlate. Defaults to -1.
    """

    def __init__(self, name="concordance_correlation", dtype=None, axis=-1):
        super().__init__(concordance_correlation, name, dtype, axis)
