"""Overlap losses for segmentation masks: Dice and Tversky."""

import torch

from .. import config
from .loss import Loss, LossFunctionWrapper
from .utils import _prepare


def _sum(x, axis):
    return torch.sum(x) if axis is None else torch.sum(x, dim=axis)


def dice(y_true, y_pred, axis=None) -> torch.Tensor:
    """`1 - 2 * sum(y_true * y_pred) / (sum(y_true) + sum(y_pred) + epsilon)`.

    Args:
        y_true, y_pred: Masks of the same shape (probabilities for `y_pred`).
        axis: The axes summed over; `None` (the default) sums over everything, giving one
            value for the whole batch.
    """
    y_true, y_pred = _prepare(y_true, y_pred)
    y_true = y_true.to(y_pred.dtype)
    intersection = _sum(y_true * y_pred, axis)
    union = _sum(y_true, axis) + _sum(y_pred, axis) + config.epsilon()
    return 1 - 2.0 * intersection / union


def tversky(y_true, y_pred, alpha=0.5, beta=0.5, axis=None) -> torch.Tensor:
    """`1 - TP / (TP + alpha * FP + beta * FN + epsilon)` on soft masks.

    Args:
        y_true, y_pred: Masks of the same shape (probabilities for `y_pred`).
        alpha: Weight of false positives. Defaults to `0.5`.
        beta: Weight of false negatives. Defaults to `0.5`.
        axis: The axes summed over; `None` (the default) sums over everything.
    """
    y_true, y_pred = _prepare(y_true, y_pred)
    y_true = y_true.to(y_pred.dtype)
    intersection = _sum(y_true * y_pred, axis)
    # Keras's naming: false positives count labels the prediction missed, and vice versa.
    fp = _sum((1 - y_pred) * y_true, axis)
    fn = _sum(y_pred * (1 - y_true), axis)
    return 1 - intersection / (intersection + fp * alpha + fn * beta + config.epsilon())


class Dice(LossFunctionWrapper):
    """The Dice loss; see `dice`.

    Args:
        reduction, name: As for `Loss`.
        axis: The axes summed over. Defaults to `None` (all).
        dtype: As for `Loss`.
    """

    def __init__(self, reduction="sum_over_batch_size", name="dice", axis=None, dtype=None):
        super().__init__(dice, reduction=reduction, name=name, dtype=dtype, axis=axis)
        self.axis = axis

    def get_config(self):
        return {**Loss.get_config(self), "axis": self.axis}


class Tversky(LossFunctionWrapper):
    """The Tversky loss, Dice with separate weights for false positives and negatives.

    Args:
        alpha: Weight of false positives. Defaults to `0.5`.
        beta: Weight of false negatives. Defaults to `0.5`.
        reduction, name: As for `Loss`.
        axis: The axes summed over. Defaults to `None` (all).
        dtype: As for `Loss`.
    """

    def __init__(self, alpha=0.5, beta=0.5, reduction="sum_over_batch_size", name="tversky",
                 axis=None, dtype=None):
        super().__init__(tversky, reduction=reduction, name=name, dtype=dtype, alpha=alpha,
                         beta=beta, axis=axis)
        self.alpha, self.beta, self.axis = alpha, beta, axis

    def get_config(self):
        return {**Loss.get_config(self), "alpha": self.alpha, "beta": self.beta, "axis": self.axis}
