"""Losses on probabilities: KL divergence, Poisson, the focal crossentropies and the
generalized crossentropy."""

import warnings

import torch

from .. import config
from .loss import Loss, LossFunctionWrapper
from .utils import _clip, _prepare


def _float_labels(y_true, y_pred):
    y_true, y_pred = _prepare(y_true, y_pred)
    return y_true.to(y_pred.dtype), y_pred


def kl_divergence(y_true, y_pred) -> torch.Tensor:
    """`sum(y_true * log(y_true / y_pred), axis=-1)`, both clipped to `[epsilon, 1]`."""
    y_true, y_pred = _float_labels(y_true, y_pred)
    eps = config.epsilon()
    y_true, y_pred = y_true.clamp(eps, 1.0), y_pred.clamp(eps, 1.0)
    return torch.sum(y_true * torch.log(y_true / y_pred), dim=-1)


def poisson(y_true, y_pred) -> torch.Tensor:
    """`mean(y_pred - y_true * log(y_pred + epsilon), axis=-1)`."""
    y_true, y_pred = _float_labels(y_true, y_pred)
    return torch.mean(y_pred - y_true * torch.log(y_pred + config.epsilon()), dim=-1)


def binary_focal_crossentropy(y_true, y_pred, apply_class_balancing=False, alpha=0.25, gamma=2.0,
                              from_logits=False, label_smoothing=0.0, axis=-1) -> torch.Tensor:
    """Binary crossentropy scaled by `(1 - p_t)**gamma`, averaged over `axis`.

    Args:
        y_true: Labels in `[0, 1]`, the same shape as `y_pred`.
        y_pred: Probabilities, or logits when `from_logits=True`.
        apply_class_balancing: Also weigh positives by `alpha`, negatives by `1 - alpha`.
        alpha: The class-balancing weight. Defaults to `0.25`.
        gamma: The focusing exponent. Defaults to `2.0`.
        from_logits: Whether `y_pred` holds logits.
        label_smoothing: Moves labels towards 0.5: `y * (1 - s) + 0.5 * s`.
        axis: The axis averaged over. Defaults to `-1`.
    """
    y_true, y_pred = _float_labels(y_true, y_pred)
    if label_smoothing:
        y_true = y_true * (1.0 - label_smoothing) + 0.5 * label_smoothing
    if from_logits:
        y_pred = torch.sigmoid(y_pred)
    if y_true.shape != y_pred.shape:
        raise ValueError(
            "`binary_focal_crossentropy` needs `y_true` and `y_pred` of the same shape. "
            f"Received: y_true.shape={tuple(y_true.shape)}, y_pred.shape={tuple(y_pred.shape)}."
        )
    p = _clip(y_pred)
    bce = -(y_true * torch.log(p) + (1.0 - y_true) * torch.log(1.0 - p))
    p_t = y_true * y_pred + (1 - y_true) * (1 - y_pred)
    focal = torch.pow(1.0 - p_t, gamma) * bce
    if apply_class_balancing:
        focal = (y_true * alpha + (1 - y_true) * (1 - alpha)) * focal
    return torch.mean(focal, dim=axis)


def categorical_focal_crossentropy(y_true, y_pred, alpha=0.25, gamma=2.0, from_logits=False,
                                   label_smoothing=0.0, axis=-1) -> torch.Tensor:
    """Categorical crossentropy scaled by `alpha * (1 - p)**gamma`, summed over `axis`.

    Args:
        y_true: One-hot labels, the same shape as `y_pred`.
        y_pred: Probabilities (rescaled to sum to 1 along `axis`), or logits.
        alpha: The weighting factor. Defaults to `0.25`.
        gamma: The focusing exponent. Defaults to `2.0`.
        from_logits: Whether `y_pred` holds logits.
        label_smoothing: Mixes labels with the uniform distribution.
        axis: The class axis. Defaults to `-1`.
    """
    if isinstance(axis, bool):
        raise ValueError(f"`axis` must be of type `int`. Received: axis={axis} of type bool")
    y_true, y_pred = _float_labels(y_true, y_pred)
    if y_pred.ndim and y_pred.shape[-1] == 1:
        warnings.warn(
            "In loss categorical_focal_crossentropy, expected y_pred.shape to be "
            f"(batch_size, num_classes) with num_classes > 1. Received: "
            f"y_pred.shape={tuple(y_pred.shape)}. Consider using 'binary_crossentropy' if "
            "you only have 2 classes.",
            SyntaxWarning,
            stacklevel=2,
        )
    if label_smoothing:
        y_true = y_true * (1.0 - label_smoothing) + label_smoothing / y_true.shape[-1]
    if from_logits:
        y_pred = torch.softmax(y_pred, dim=axis)
    output = _clip(y_pred / torch.sum(y_pred, dim=axis, keepdim=True))
    cce = -y_true * torch.log(output)
    return torch.sum(alpha * torch.pow(1.0 - output, gamma) * cce, dim=axis)


def categorical_generalized_cross_entropy(y_true, y_pred, q) -> torch.Tensor:
    """`(1 - p**q) / q` with `p` the predicted probability of the true class.

    Args:
        y_true: Integer class indices, shaped like `y_pred` without its last axis.
        y_pred: Probabilities, `(..., num_classes)`.
        q: In `(0, 1)`: towards 0 the loss is crossentropy, at 1 the mean absolute error.
    """
    y_true, y_pred = _prepare(y_true, y_pred)
    classes = torch.arange(y_pred.shape[-1], device=y_pred.device)
    # A label outside [0, num_classes) matches no class (p = 0), as Keras's one_hot does.
    one_hot = (y_true.long().unsqueeze(-1) == classes).to(y_pred.dtype)
    p = torch.sum(y_pred * one_hot, dim=-1)
    return (1 - torch.pow(p, q)) / q


class KLDivergence(LossFunctionWrapper):
    """Kullback-Leibler divergence; see `kl_divergence`.

    Args:
        reduction, name, dtype: As for `Loss`.
    """

    def __init__(self, reduction="sum_over_batch_size", name="kl_divergence", dtype=None):
        super().__init__(kl_divergence, reduction=reduction, name=name, dtype=dtype)

    def get_config(self):
        return Loss.get_config(self)


class Poisson(LossFunctionWrapper):
    """The Poisson loss; see `poisson`.

    Args:
        reduction, name, dtype: As for `Loss`.
    """

    def __init__(self, reduction="sum_over_batch_size", name="poisson", dtype=None):
        super().__init__(poisson, reduction=reduction, name=name, dtype=dtype)

    def get_config(self):
        return Loss.get_config(self)


class BinaryFocalCrossentropy(LossFunctionWrapper):
    """Focal crossentropy for 0/1 labels; see `binary_focal_crossentropy`.

    Args:
        apply_class_balancing, alpha, gamma, from_logits, label_smoothing, axis: As for
            `binary_focal_crossentropy`.
        reduction, name, dtype: As for `Loss`.
    """

    def __init__(self, apply_class_balancing=False, alpha=0.25, gamma=2.0, from_logits=False,
                 label_smoothing=0.0, axis=-1, reduction="sum_over_batch_size",
                 name="binary_focal_crossentropy", dtype=None):
        super().__init__(
            binary_focal_crossentropy, reduction=reduction, name=name, dtype=dtype,
            apply_class_balancing=apply_class_balancing, alpha=alpha, gamma=gamma,
            from_logits=from_logits, label_smoothing=label_smoothing, axis=axis,
        )
        self.apply_class_balancing, self.alpha, self.gamma = apply_class_balancing, alpha, gamma
        self.from_logits, self.label_smoothing, self.axis = from_logits, label_smoothing, axis

    def get_config(self):
        return {
            **Loss.get_config(self), "from_logits": self.from_logits,
            "label_smoothing": self.label_smoothing, "axis": self.axis,
            "apply_class_balancing": self.apply_class_balancing, "alpha": self.alpha,
            "gamma": self.gamma,
        }


class CategoricalFocalCrossentropy(LossFunctionWrapper):
    """Focal crossentropy for one-hot labels; see `categorical_focal_crossentropy`.

    Args:
        alpha, gamma, from_logits, label_smoothing, axis: As for
            `categorical_focal_crossentropy`.
        reduction, name, dtype: As for `Loss`.
    """

    def __init__(self, alpha=0.25, gamma=2.0, from_logits=False, label_smoothing=0.0, axis=-1,
                 reduction="sum_over_batch_size", name="categorical_focal_crossentropy",
                 dtype=None):
        super().__init__(
            categorical_focal_crossentropy, reduction=reduction, name=name, dtype=dtype,
            alpha=alpha, gamma=gamma, from_logits=from_logits, label_smoothing=label_smoothing,
            axis=axis,
        )
        self.alpha, self.gamma = alpha, gamma
        self.from_logits, self.label_smoothing, self.axis = from_logits, label_smoothing, axis

    def get_config(self):
        return {
            **Loss.get_config(self), "from_logits": self.from_logits,
            "label_smoothing": self.label_smoothing, "axis": self.axis, "alpha": self.alpha,
            "gamma": self.gamma,
        }


class CategoricalGeneralizedCrossEntropy(LossFunctionWrapper):
    """Generalized crossentropy (robust to noisy labels); see
    `categorical_generalized_cross_entropy`.

    Args:
        q: In `(0, 1)`. Defaults to `0.5`.
        reduction, name, dtype: As for `Loss`.
    """

    def __init__(self, q=0.5, reduction="sum_over_batch_size",
                 name="categorical_generalized_cross_entropy", dtype=None):
        if not 0 < q < 1:
            raise ValueError(
                f"`CategoricalGeneralizedCrossEntropy` needs `q` in the open interval (0, 1). "
                f"Received: q={q}. Use categorical crossentropy for q -> 0."
            )
        super().__init__(categorical_generalized_cross_entropy, reduction=reduction, name=name,
                         dtype=dtype, q=q)
        self.q = q

    def get_config(self):
        return {**Loss.get_config(self), "q": self.q}
