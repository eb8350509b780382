"""Probabilistic metrics: running means of crossentropies, KL divergence and Poisson."""

import torch

from .. import config, losses
from ..losses.utils import squeeze_or_expand_to_same_rank
from . import loss_functions
from .metric import MeanMetricWrapper, Metric


class BinaryCrossentropy(MeanMetricWrapper):
    """The running mean of `losses.binary_crossentropy`.

    Args:
        name: Defaults to `"binary_crossentropy"`.
        dtype: The dtype of `result()`.
        from_logits: Whether predictions are logits.
        label_smoothing: As for the loss.
    """

    _direction = "down"

    def __init__(
        self,
        name: str = "binary_crossentropy",
        dtype=None,
        from_logits: bool = False,
        label_smoothing: float = 0,
    ):
        super().__init__(
            losses.binary_crossentropy,
            name=name,
            dtype=dtype,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
        )
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing

    def get_config(self):
        return {
            **Metric.get_config(self),
            "from_logits": self.from_logits,
            "label_smoothing": self.label_smoothing,
        }


class CategoricalCrossentropy(MeanMetricWrapper):
    """The running mean of `losses.categorical_crossentropy`.

    Args:
        name: Defaults to `"categorical_crossentropy"`.
        dtype: The dtype of `result()`.
        from_logits: Whether predictions are logits.
        label_smoothing: As for the loss.
        axis: The class axis. Defaults to `-1`.
    """

    _direction = "down"

    def __init__(
        self,
        name: str = "categorical_crossentropy",
        dtype=None,
        from_logits: bool = False,
        label_smoothing: float = 0,
        axis: int = -1,
    ):
        super().__init__(
            losses.categorical_crossentropy,
            name=name,
            dtype=dtype,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self.axis = axis

    def get_config(self):
        return {
            **Metric.get_config(self),
            "from_logits": self.from_logits,
            "label_smoothing": self.label_smoothing,
            "axis": self.axis,
        }


class SparseCategoricalCrossentropy(MeanMetricWrapper):
    """The running mean of `losses.sparse_categorical_crossentropy`.

    As in Keras, entries labelled `ignore_class` contribute a loss of 0, and they are
    left out of the count only when a `sample_weight` is passed.

    Args:
        name: Defaults to `"sparse_categorical_crossentropy"`.
        dtype: The dtype of `result()`.
        from_logits: Whether predictions are logits.
        ignore_class: Optional label value to leave out of the loss.
        axis: The class axis. Defaults to `-1`.
    """

    _direction = "down"

    def __init__(
        self,
        name: str = "sparse_categorical_crossentropy",
        dtype=None,
        from_logits: bool = False,
        ignore_class: int | None = None,
        axis: int = -1,
    ):
        super().__init__(
            losses.sparse_categorical_crossentropy,
            name=name,
            dtype=dtype,
            from_logits=from_logits,
            ignore_class=ignore_class,
            axis=axis,
        )
        self.from_logits = from_logits
        self.ignore_class = ignore_class
        self.axis = axis

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        if self.ignore_class is not None and sample_weight is not None:
            y_true = torch.as_tensor(y_true)
            valid = (y_true != self.ignore_class).to(getattr(torch, config.floatx()))
            if valid.ndim == torch.as_tensor(y_pred).ndim:
                valid = valid.squeeze(self.axis)
            sample_weight = torch.as_tensor(sample_weight, device=valid.device).to(valid.dtype)
            valid, sample_weight = squeeze_or_expand_to_same_rank(valid, sample_weight)
            sample_weight = sample_weight * valid
        super().update_state(y_true, y_pred, sample_weight=sample_weight)

    def get_config(self):
        return {
            **Metric.get_config(self),
            "from_logits": self.from_logits,
            "ignore_class": self.ignore_class,
            "axis": self.axis,
        }




class KLDivergence(MeanMetricWrapper):
    """The running mean of `kl_divergence(y_true, y_pred)`.

    Args:
        name: Defaults to `"kl_divergence"`.
        dtype: The dtype of `result()`.
    """

    def __init__(self, name: str = "kl_divergence", dtype=None):
        super().__init__(loss_functions.kl_divergence, name=name, dtype=dtype)

    def get_config(self):
        return Metric.get_config(self)


class Poisson(MeanMetricWrapper):
    """The running mean of `poisson(y_true, y_pred)`.

    Args:
        name: Defaults to `"poisson"`.
        dtype: The dtype of `result()`.
    """

    def __init__(self, name: str = "poisson", dtype=None):
        super().__init__(loss_functions.poisson, name=name, dtype=dtype)

    def get_config(self):
        return Metric.get_config(self)
