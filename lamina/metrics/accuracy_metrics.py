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

    _direction = "up"

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

    _direction = "up"

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

    _direction = "up"

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

    _direction = "up"

    def __init__(self, name: str = "sparse_categorical_accuracy", dtype=None):
        super().__init__(sparse_categorical_accuracy, name=name, dtype=dtype)

    def get_config(self):
        return Metric.get_config(self)




# --- top-k accuracy ------------------------------------------------------------------------


def _in_top_k(targets, y_pred, k):
    # As Keras on torch: a target is in the top k when its score is at least the k-th largest
    # (so ties at the boundary count).
    kth = torch.topk(y_pred, min(k, y_pred.shape[-1]), dim=-1).values[..., -1:]
    return (torch.gather(y_pred, -1, targets.long().unsqueeze(-1)) >= kth).squeeze(-1)


def _flatten_top_k(y_true, y_pred):
    shape = y_true.shape
    if y_pred.ndim > 2:
        y_pred = y_pred.reshape(-1, y_pred.shape[-1])
    return y_true.reshape(-1) if y_true.ndim > 1 else y_true, y_pred, shape


def top_k_categorical_accuracy(y_true, y_pred, k: int = 5) -> torch.Tensor:
    """1.0 where the one-hot label's class is among the `k` highest predictions."""
    y_pred = torch.as_tensor(y_pred)
    y_true = torch.as_tensor(y_true, device=y_pred.device).argmax(dim=-1)
    y_true, y_pred, shape = _flatten_top_k(y_true, y_pred)
    return _in_top_k(y_true, y_pred, k).to(_floatx()).reshape(shape)


def sparse_top_k_categorical_accuracy(y_true, y_pred, k: int = 5,
                                      from_sorted_ids: bool = False) -> torch.Tensor:
    """1.0 where the integer label is among the `k` highest predictions.

    With `from_sorted_ids=True`, `y_pred` holds class ids sorted by score, and the label
    is looked for among its first `k` columns.
    """
    y_pred = torch.as_tensor(y_pred)
    y_true = torch.as_tensor(y_true, device=y_pred.device)
    y_true = y_true.to(y_pred.dtype) if from_sorted_ids else y_true.to(torch.int32)
    y_true, y_pred, shape = _flatten_top_k(y_true, y_pred)
    if from_sorted_ids:
        matches = (y_true.unsqueeze(1) == y_pred[:, :k]).any(dim=1)
    else:
        matches = _in_top_k(y_true, y_pred, k)
    return matches.to(_floatx()).reshape(shape)


class TopKCategoricalAccuracy(MeanMetricWrapper):
    """How often the one-hot label's class is among the `k` highest predictions.

    Args:
        k: How many top predictions count. Defaults to 5.
        name: Defaults to `"top_k_categorical_accuracy"`.
        dtype: The dtype of `result()`.
    """

    _direction = "up"

    def __init__(self, k: int = 5, name: str = "top_k_categorical_accuracy", dtype=None):
        super().__init__(top_k_categorical_accuracy, name=name, dtype=dtype, k=k)
        self.k = k

    def get_config(self):
        return {**Metric.get_config(self), "k": self.k}


class SparseTopKCategoricalAccuracy(MeanMetricWrapper):
    """How often the integer label is among the `k` highest predictions.

    Args:
        k: How many top predictions count. Defaults to 5.
        name: Defaults to `"sparse_top_k_categorical_accuracy"`.
        dtype: The dtype of `result()`.
        from_sorted_ids: Whether `y_pred` holds class ids sorted by score (see
            `sparse_top_k_categorical_accuracy`).
    """

    _direction = "up"

    def __init__(self, k: int = 5, name: str = "sparse_top_k_categorical_accuracy", dtype=None,
                 from_sorted_ids: bool = False):
        super().__init__(sparse_top_k_categorical_accuracy, name=name, dtype=dtype, k=k,
                         from_sorted_ids=from_sorted_ids)
        self.k = k
        self.from_sorted_ids = from_sorted_ids

    def get_config(self):
        config = {**Metric.get_config(self), "k": self.k}
        if self.from_sorted_ids:
            config["from_sorted_ids"] = True
        return config
