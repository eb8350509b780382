"""Regression losses: mean squared and mean absolute error."""

import torch

from .loss import Loss, LossFunctionWrapper
from .utils import _check_same_shape, _prepare, squeeze_or_expand_to_same_rank

# --- per-sample functions ------------------------------------------------------------------

_REGRESSION_ADVICE = (
    "Only a trailing axis of size 1 may differ (it is squeezed or added); other shapes are "
    "not broadcast. Check that the model's last layer has as many units as `y_true` has "
    "columns."
)


def mean_squared_error(y_true, y_pred) -> torch.Tensor:
    """`mean((y_true - y_pred)**2, axis=-1)`: one value per sample."""
    y_true, y_pred = _prepare(y_true, y_pred)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true.to(y_pred.dtype), y_pred)
    _check_same_shape("mean_squared_error", y_true, y_pred, _REGRESSION_ADVICE)
    return torch.mean(torch.square(y_true - y_pred), dim=-1)


def mean_absolute_error(y_true, y_pred) -> torch.Tensor:
    """`mean(abs(y_true - y_pred), axis=-1)`: one value per sample."""
    y_true, y_pred = _prepare(y_true, y_pred)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true.to(y_pred.dtype), y_pred)
    _check_same_shape("mean_absolute_error", y_true, y_pred, _REGRESSION_ADVICE)
    return torch.mean(torch.abs(y_true - y_pred), dim=-1)




class MeanSquaredError(LossFunctionWrapper):
    """Mean of squared errors: `mean((y_true - y_pred)**2)`.

    Unlike Keras, shapes that differ by more than a trailing axis of size 1 raise a
    `ValueError` instead of broadcasting (a `(32, 1)` label against `(32, 10)`
    predictions is almost always a bug).

    Args:
        reduction, name, dtype: As for `Loss`.
    """

    def __init__(self, reduction="sum_over_batch_size", name="mean_squared_error", dtype=None):
        super().__init__(mean_squared_error, reduction=reduction, name=name, dtype=dtype)

    def get_config(self):
        return Loss.get_config(self)


class MeanAbsoluteError(LossFunctionWrapper):
    """Mean of absolute errors: `mean(abs(y_true - y_pred))`; shapes as for `MeanSquaredError`.

    Args:
        reduction, name, dtype: As for `Loss`.
    """

    def __init__(self, reduction="sum_over_batch_size", name="mean_absolute_error", dtype=None):
        super().__init__(mean_absolute_error, reduction=reduction, name=name, dtype=dtype)

    def get_config(self):
        return Loss.get_config(self)


