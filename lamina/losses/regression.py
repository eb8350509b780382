"""Regression losses: squared, absolute, percentage and logarithmic errors, Huber, log-cosh
and cosine similarity."""

import math

import torch
import torch.nn.functional as F

from .. import config
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


def _aligned(y_true, y_pred):
    y_true, y_pred = _prepare(y_true, y_pred)
    return squeeze_or_expand_to_same_rank(y_true.to(y_pred.dtype), y_pred)


def mean_absolute_percentage_error(y_true, y_pred) -> torch.Tensor:
    """`100 * mean(abs((y_true - y_pred) / max(abs(y_true), epsilon)), axis=-1)`."""
    y_true, y_pred = _aligned(y_true, y_pred)
    diff = torch.abs((y_true - y_pred) / torch.clamp(torch.abs(y_true), min=config.epsilon()))
    return 100.0 * torch.mean(diff, dim=-1)


def mean_squared_logarithmic_error(y_true, y_pred) -> torch.Tensor:
    """`mean((log(max(y_pred, eps) + 1) - log(max(y_true, eps) + 1))**2, axis=-1)`."""
    y_true, y_pred = _aligned(y_true, y_pred)
    eps = config.epsilon()
    first = torch.log(torch.clamp(y_pred, min=eps) + 1.0)
    second = torch.log(torch.clamp(y_true, min=eps) + 1.0)
    return torch.mean(torch.square(first - second), dim=-1)


def l2_normalize(x, axis=-1):
    """`x / ||x||` along `axis`, as Keras's `normalize` (the inverse norm capped at 1/epsilon)."""
    inv_norm = torch.rsqrt(torch.sum(torch.square(x), dim=axis, keepdim=True))
    return x * torch.clamp(inv_norm, max=1.0 / config.epsilon())


def cosine_similarity(y_true, y_pred, axis=-1) -> torch.Tensor:
    """Negative cosine similarity along `axis`: -1 for aligned vectors, 0 for orthogonal ones."""
    y_true, y_pred = _aligned(y_true, y_pred)
    return -torch.sum(l2_normalize(y_true, axis) * l2_normalize(y_pred, axis), dim=axis)


def huber(y_true, y_pred, delta=1.0) -> torch.Tensor:
    """Quadratic for errors up to `delta`, linear beyond: `mean(..., axis=-1)`."""
    y_true, y_pred = _aligned(y_true, y_pred)
    error = y_pred - y_true
    abs_error = torch.abs(error)
    delta = torch.as_tensor(delta, dtype=y_pred.dtype, device=y_pred.device)
    values = torch.where(
        abs_error <= delta, 0.5 * torch.square(error), delta * abs_error - 0.5 * torch.square(delta)
    )
    return torch.mean(values, dim=-1)


def log_cosh(y_true, y_pred) -> torch.Tensor:
    """`mean(log(cosh(y_pred - y_true)), axis=-1)`, computed as `x + softplus(-2x) - log 2`."""
    y_true, y_pred = _aligned(y_true, y_pred)
    x = y_pred - y_true
    return torch.mean(x + F.softplus(-2.0 * x) - math.log(2.0), dim=-1)


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




class _NoArgConfig:
    """Keras writes only `name` and `reduction` for these losses (not `axis` or `delta`)."""

    def get_config(self):
        return Loss.get_config(self)


class MeanAbsolutePercentageError(_NoArgConfig, LossFunctionWrapper):
    """`100 * mean(abs((y_true - y_pred) / y_true))`; see `mean_absolute_percentage_error`.

    Args:
        reduction, name, dtype: As for `Loss`.
    """

    def __init__(self, reduction="sum_over_batch_size", name="mean_absolute_percentage_error",
                 dtype=None):
        super().__init__(mean_absolute_percentage_error, reduction=reduction, name=name,
                         dtype=dtype)


class MeanSquaredLogarithmicError(_NoArgConfig, LossFunctionWrapper):
    """Mean squared error of `log(1 + y)`; see `mean_squared_logarithmic_error`.

    Args:
        reduction, name, dtype: As for `Loss`.
    """

    def __init__(self, reduction="sum_over_batch_size", name="mean_squared_logarithmic_error",
                 dtype=None):
        super().__init__(mean_squared_logarithmic_error, reduction=reduction, name=name,
                         dtype=dtype)


class CosineSimilarity(_NoArgConfig, LossFunctionWrapper):
    """Negative cosine similarity between labels and predictions; see `cosine_similarity`.

    Args:
        axis: The axis along which the similarity is computed. Defaults to `-1`. As in
            Keras, it is not written into the config.
        reduction, name, dtype: As for `Loss`.
    """

    def __init__(self, axis=-1, reduction="sum_over_batch_size", name="cosine_similarity",
                 dtype=None):
        super().__init__(cosine_similarity, reduction=reduction, name=name, dtype=dtype, axis=axis)


class Huber(_NoArgConfig, LossFunctionWrapper):
    """The Huber loss; see `huber`.

    Args:
        delta: Where the loss turns from quadratic to linear. Defaults to `1.0`. As in
            Keras, it is not written into the config.
        reduction, name, dtype: As for `Loss`.
    """

    def __init__(self, delta=1.0, reduction="sum_over_batch_size", name="huber_loss", dtype=None):
        super().__init__(huber, reduction=reduction, name=name, dtype=dtype, delta=delta)


class LogCosh(_NoArgConfig, LossFunctionWrapper):
    """Logarithm of the hyperbolic cosine of the error; see `log_cosh`.

    Args:
        reduction, name, dtype: As for `Loss`.
    """

    def __init__(self, reduction="sum_over_batch_size", name="log_cosh", dtype=None):
        super().__init__(log_cosh, reduction=reduction, name=name, dtype=dtype)
