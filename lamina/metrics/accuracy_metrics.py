"""Accuracy metrics: exact match, binary, categorical and sparse categorical."""

import torch

from .. import config
from ..losses.utils import squeeze_or_expand_to_same_rank
from .metric import MeanMetricWrapper, Metric

# --- accuracy ------------------------------------------------------------------------------


def _floatx():
    return getattr(torch, config.floatx())


def accuracy(y_true, y_pred) -> torch.Tensor:
    """1.0 where `y_pred` equals `y_true` exactly, else 0.0."""
    y_pred = torch.as_tensor(y_pred)
    y_true = torch.as_tensor(y_true, device=y_pred.device).to(y_pred.dtype)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    return (y_true == y_pred).to(_floatx())


def binary_accuracy(y_true, y_pred, threshold: float = 0.5) -> torch.Tensor:
    """1.0 where `y_pred > threshold` matches the 0/1 label, else 0.0."""
    y_pred = torch.as_tensor(y_pred)
    y_true = torch.as_tensor(y_true, device=y_pred.device)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    return (y_true == (y_pred > threshold).to(y_true.dtype)).to(_floatx())


def categorical_accuracy(y_true, y_pred) -> torch.Tensor:
    """1.0 where the arg-max of `y_pred` is the arg-max of the one-hot `y_true`."""
    y_pred = torch.as_tensor(y_pred)
    y_true = torch.as_tensor(y_true, device=y_pred.device).argmax(dim=-1)
    shape = y_true.shape
    # Keras squeezes labels that still have the predictions' rank after the arg-max.
    reshape = y_true.ndim == y_pred.ndim
    if reshape:
        y_true = y_true.squeeze(-1)
    matches = (y_true == y_pred.argmax(dim=-1)).to(_floatx())
    return matches.reshape(shape) if reshape else matches


def sparse_categorical_accuracy(y_true, y_pred) -> torch.Tensor:
    """1.0 where the arg-max of `y_pred` equals the integer label, else 0.0.

    Labels may be `(batch,)` or `(batch, 1)`, as ints or floats.
    """
    y_pred = torch.as_tensor(y_pred)
    y_true = torch.as_tensor(y_true, device=y_pred.device)
    shape = y_true.shape
    reshape = y_true.ndim == y_pred.ndim and y_true.shape[-1] == 1
    if reshape:
        y_true = y_true.squeeze(-1)
    matches = (y_true == y_pred.argmax(dim=-1).to(y_true.dtype)).to(_floatx())
    if reshape:
        matches = matches.reshape(shape)
    if matches.ndim > 1 and matches.shape[-1] == 1:
        matches = matches.squeeze(-1)
    return matches


class Accuracy(MeanMetricWrapper):
    """How often predictions equal labels exactly (not arg-max: see the other accuracies).

    Args:
        name: Defaults to `"accuracy"`.
        dtype: The dtype of `result()`.
    """

    def __init__(self, name: str = "accuracy", dtype=None):
        super().__init__(accuracy, name=name, dtype=dtype)

    def get_config(self):
        return Metric.get_config(self)


class BinaryAccuracy(MeanMetricWrapper):
    """How often `y_pred > threshold` matches 0/1 labels.

    Args:
        name: Defaults to `"binary_accuracy"`.
        dtype: The dtype of `result()`.
        threshold: The decision threshold for probabilities. Defaults to `0.5`.
    """

    def __init__(self, name: str = "binary_accuracy", dtype=None, threshold: float = 0.5):
        super().__init__(binary_accuracy, name=name, dtype=dtype, threshold=threshold)
        self.threshold = threshold

    def get_config(self):
        return {**Metric.get_config(self), "threshold": self.threshold}


class CategoricalAccuracy(MeanMetricWrapper):
    """How often the predicted class (arg-max) matches one-hot labels.

    Args:
        name: Defaults to `"categorical_accuracy"`.
        dtype: The dtype of `result()`.
    """

    def __init__(self, name: str = "categorical_accuracy", dtype=None):
        super().__init__(categorical_accuracy, name=name, dtype=dtype)

    def get_config(self):
        return Metric.get_config(self)


class SparseCategoricalAccuracy(MeanMetricWrapper):
    """How often the predicted class (arg-max) matches integer labels.

    Args:
        name: Defaults to `"sparse_categorical_accuracy"`.
        dtype: The dtype of `result()`.
    """

    def __init__(self, name: str = "sparse_categorical_accuracy", dtype=None):
        super().__init__(sparse_categorical_accuracy, name=name, dtype=dtype)

    def get_config(self):
        return Metric.get_config(self)


