"""Hinge losses, for labels in {-1, 1} (0/1 labels are converted) and for one-hot labels."""

import torch

from .loss import Loss, LossFunctionWrapper
from .utils import _prepare


def _to_signed_labels(y_true):
    """0/1 labels become -1/1, as Keras does when every label is 0 or 1; others stay as they are."""
    is_binary = torch.all((y_true == 0) | (y_true == 1))
    return torch.where(is_binary, 2.0 * y_true - 1.0, y_true)  # no host sync, unlike `if`


def _signed(y_true, y_pred):
    y_true, y_pred = _prepare(y_true, y_pred)
    return _to_signed_labels(y_true.to(y_pred.dtype)), y_pred


def hinge(y_true, y_pred) -> torch.Tensor:
    """`mean(maximum(1 - y_true * y_pred, 0), axis=-1)`, labels -1/1 (or 0/1)."""
    y_true, y_pred = _signed(y_true, y_pred)
    return torch.mean(torch.clamp(1.0 - y_true * y_pred, min=0.0), dim=-1)


def squared_hinge(y_true, y_pred) -> torch.Tensor:
    """`mean(maximum(1 - y_true * y_pred, 0)**2, axis=-1)`, labels -1/1 (or 0/1)."""
    y_true, y_pred = _signed(y_true, y_pred)
    return torch.mean(torch.square(torch.clamp(1.0 - y_true * y_pred, min=0.0)), dim=-1)


def categorical_hinge(y_true, y_pred) -> torch.Tensor:
    """`maximum(max((1 - y_true) * y_pred) - sum(y_true * y_pred) + 1, 0)` for one-hot labels."""
    y_true, y_pred = _prepare(y_true, y_pred)
    y_true = y_true.to(y_pred.dtype)
    pos = torch.sum(y_true * y_pred, dim=-1)
    neg = torch.amax((1.0 - y_true) * y_pred, dim=-1)
    return torch.clamp(neg - pos + 1.0, min=0.0)


class Hinge(LossFunctionWrapper):
    """The hinge loss; see `hinge`.

    Args:
        reduction, name, dtype: As for `Loss`.
    """

    def __init__(self, reduction="sum_over_batch_size", name="hinge", dtype=None):
        super().__init__(hinge, reduction=reduction, name=name, dtype=dtype)

    def get_config(self):
        return Loss.get_config(self)


class SquaredHinge(LossFunctionWrapper):
    """The squared hinge loss; see `squared_hinge`.

    Args:
        reduction, name, dtype: As for `Loss`.
    """

    def __init__(self, reduction="sum_over_batch_size", name="squared_hinge", dtype=None):
        super().__init__(squared_hinge, reduction=reduction, name=name, dtype=dtype)

    def get_config(self):
        return Loss.get_config(self)


class CategoricalHinge(LossFunctionWrapper):
    """The categorical hinge loss for one-hot labels; see `categorical_hinge`.

    Args:
        reduction, name, dtype: As for `Loss`.
    """

    def __init__(self, reduction="sum_over_batch_size", name="categorical_hinge", dtype=None):
        super().__init__(categorical_hinge, reduction=reduction, name=name, dtype=dtype)

    def get_config(self):
        return Loss.get_config(self)
