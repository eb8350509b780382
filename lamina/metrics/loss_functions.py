"""Per-sample functions that Keras exports under `keras.metrics` from `keras.losses`.

`lamina.metrics` prefers `lamina.losses`' own function of the same name when it has one
(so `metrics.hinge is losses.hinge`, as in Keras); these are the definitions it falls back
on. Each returns one value per sample (the mean or sum over the last axis).
"""

import math

import torch

from ..losses.utils import squeeze_or_expand_to_same_rank

EPSILON = 1e-7


def _pair(y_true, y_pred, same_rank: bool = True):
    y_pred = torch.as_tensor(y_pred)
    if not y_pred.is_floating_point():
        y_pred = y_pred.float()
    y_true = torch.as_tensor(y_true, device=y_pred.device).to(y_pred.dtype)
    if same_rank:
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    return y_true, y_pred


def _hinge_labels(y_true):
    # Keras maps 0/1 labels to -1/1 when every label is 0 or 1.
    is_binary = torch.all((y_true == 0) | (y_true == 1))
    return torch.where(is_binary, 2.0 * y_true - 1.0, y_true)


def hinge(y_true, y_pred):
    """`mean(max(1 - y_true * y_pred, 0))` over the last axis; 0/1 labels become -1/1."""
    y_true, y_pred = _pair(y_true, y_pred, same_rank=False)
    return torch.clamp(1.0 - _hinge_labels(y_true) * y_pred, min=0.0).mean(dim=-1)


def squared_hinge(y_true, y_pred):
    """`mean(max(1 - y_true * y_pred, 0) ** 2)` over the last axis."""
    y_true, y_pred = _pair(y_true, y_pred, same_rank=False)
    return torch.clamp(1.0 - _hinge_labels(y_true) * y_pred, min=0.0).square().mean(dim=-1)


def categorical_hinge(y_true, y_pred):
    """`max(neg - pos + 1, 0)` with `pos = sum(y_true * y_pred)`, `neg = max((1 - y_true) * y_pred)`."""
    y_true, y_pred = _pair(y_true, y_pred, same_rank=False)
    pos = (y_true * y_pred).sum(dim=-1)
    neg = ((1.0 - y_true) * y_pred).amax(dim=-1)
    return torch.clamp(neg - pos + 1.0, min=0.0)


def mean_absolute_percentage_error(y_true, y_pred):
    """`100 * mean(|y_true - y_pred| / max(|y_true|, epsilon))` over the last axis."""
    y_true, y_pred = _pair(y_true, y_pred)
    diff = ((y_true - y_pred) / torch.clamp(y_true.abs(), min=EPSILON)).abs()
    return 100.0 * diff.mean(dim=-1)


def mean_squared_logarithmic_error(y_true, y_pred):
    """`mean((log(max(y_pred, eps) + 1) - log(max(y_true, eps) + 1)) ** 2)` over the last axis."""
    y_true, y_pred = _pair(y_true, y_pred)
    first = torch.log(torch.clamp(y_pred, min=EPSILON) + 1.0)
    second = torch.log(torch.clamp(y_true, min=EPSILON) + 1.0)
    return (first - second).square().mean(dim=-1)


def log_cosh(y_true, y_pred):
    """`mean(log(cosh(y_pred - y_true)))` over the last axis, computed stably."""
    y_true, y_pred = _pair(y_true, y_pred)
    x = y_pred - y_true
    return (x + torch.nn.functional.softplus(-2.0 * x) - math.log(2.0)).mean(dim=-1)


def kl_divergence(y_true, y_pred):
    """`sum(y_true * log(y_true / y_pred))` over the last axis, both clipped to `[eps, 1]`."""
    y_true, y_pred = _pair(y_true, y_pred, same_rank=False)
    y_true = torch.clamp(y_true, EPSILON, 1.0)
    y_pred = torch.clamp(y_pred, EPSILON, 1.0)
    return (y_true * torch.log(y_true / y_pred)).sum(dim=-1)


def poisson(y_true, y_pred):
    """`mean(y_pred - y_true * log(y_pred + eps))` over the last axis."""
    y_true, y_pred = _pair(y_true, y_pred, same_rank=False)
    return (y_pred - y_true * torch.log(y_pred + EPSILON)).mean(dim=-1)


def huber(y_true, y_pred, delta=1.0):
    """Quadratic for errors up to `delta`, linear beyond; the mean over the last axis."""
    y_true, y_pred = _pair(y_true, y_pred)
    error = y_pred - y_true
    abs_error = error.abs()
    quadratic = 0.5 * error.square()
    linear = delta * abs_error - 0.5 * delta**2
    return torch.where(abs_error <= delta, quadratic, linear).mean(dim=-1)


def binary_focal_crossentropy(
    y_true,
    y_pred,
    apply_class_balancing=False,
    alpha=0.25,
    gamma=2.0,
    from_logits=False,
    label_smoothing=0.0,
    axis=-1,
):
    """Binary crossentropy scaled by `(1 - p_t) ** gamma`; the mean over `axis`."""
    y_true, y_pred = _pair(y_true, y_pred, same_rank=False)
    if label_smoothing:
        y_true = y_true * (1.0 - label_smoothing) + 0.5 * label_smoothing
    if from_logits:
        y_pred = torch.sigmoid(y_pred)
    clipped = torch.clamp(y_pred, EPSILON, 1.0 - EPSILON)
    bce = -(y_true * torch.log(clipped) + (1.0 - y_true) * torch.log(1.0 - clipped))
    p_t = y_true * y_pred + (1.0 - y_true) * (1.0 - y_pred)
    focal = torch.pow(1.0 - p_t, gamma) * bce
    if apply_class_balancing:
        focal = (y_true * alpha + (1.0 - y_true) * (1.0 - alpha)) * focal
    return focal.mean(dim=axis)


def categorical_focal_crossentropy(
    y_true, y_pred, alpha=0.25, gamma=2.0, from_logits=False, label_smoothing=0.0, axis=-1
):
    """Categorical crossentropy scaled by `alpha * (1 - p) ** gamma`; the sum over `axis`."""
    if isinstance(axis, bool):
        raise ValueError(
            f"`axis` must be of type `int`. Received: axis={axis} of type {type(axis)}"
        )
    y_true, y_pred = _pair(y_true, y_pred, same_rank=False)
    if label_smoothing:
        y_true = y_true * (1.0 - label_smoothing) + label_smoothing / y_true.shape[-1]
    if from_logits:
        y_pred = torch.softmax(y_pred, dim=axis)
    output = y_pred / y_pred.sum(dim=axis, keepdim=True)
    output = torch.clamp(output, EPSILON, 1.0 - EPSILON)
    cce = -y_true * torch.log(output)
    return (alpha * torch.pow(1.0 - output, gamma) * cce).sum(dim=axis)
