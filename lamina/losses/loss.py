"""The `Loss` base class, its reductions, and the wrapper that turns a per-sample function
into a `Loss` (Keras's `LossFunctionWrapper`)."""

import torch

from .. import config, registry
from ..naming import to_snake_case, unique_name
from .utils import squeeze_or_expand_to_same_rank


def _dtype_name(dtype) -> str:
    return str(dtype).removeprefix("torch.")


_REDUCTIONS = ("sum_over_batch_size", "sum", "mean", "mean_with_sample_weight", "none", None)


# --- reduction -----------------------------------------------------------------------------


def _reduce(values, sample_weight, mask, reduction):
    """Weights per-sample values and reduces them as Keras's `reduce_weighted_values`."""
    if mask is not None:
        mask = mask.to(values.dtype)
        if reduction in ("mean", "sum_over_batch_size"):
            # Masked entries drop out of the mean: valid ones weigh total/valid, so the
            # sum over all entries divided by their count is the mean over valid ones.
            valid = mask.sum()
            mask = mask * torch.where(valid > 0, mask.numel() / valid, 0.0)
        if sample_weight is not None:
            sample_weight = torch.as_tensor(sample_weight, dtype=values.dtype, device=values.device)
            mask, sample_weight = squeeze_or_expand_to_same_rank(mask, sample_weight)
            sample_weight = sample_weight * mask
        else:
            sample_weight = mask
    if sample_weight is not None:
        sample_weight = torch.as_tensor(sample_weight, dtype=values.dtype, device=values.device)
        values, sample_weight = squeeze_or_expand_to_same_rank(values, sample_weight)
        values = values * sample_weight
    if reduction in (None, "none") or values.ndim == 0 or tuple(values.shape) == (0,):
        return values
    loss = values.sum()
    if reduction == "sum":
        return loss
    if reduction == "mean_with_sample_weight" and sample_weight is not None:
        divisor = sample_weight.sum()
        return torch.where(divisor != 0, loss / divisor, 0.0)
    return loss / values.numel() if values.numel() else loss * 0.0


# --- classes -------------------------------------------------------------------------------


class Loss:
    """Base class: `loss(y_true, y_pred, sample_weight=None)` returns the reduced loss.

    Subclasses implement `call(y_true, y_pred)`, returning one value per sample.

    Args:
        name: The loss name; defaults to the snake-cased class name.
        reduction: `"sum_over_batch_size"` (the default: the sum of the weighted values
            divided by their number), `"mean"` (the same), `"sum"`,
            `"mean_with_sample_weight"` (divided by the sum of the weights), or
            `"none"`/`None` (no reduction).
        dtype: The compute dtype `y_pred` is cast to; defaults to `floatx()` (float32).
    """

    def __init__(self, name: str | None = None, reduction="sum_over_batch_size", dtype=None):
        if reduction not in _REDUCTIONS:
            raise ValueError(
                f"Invalid value for argument `reduction`. Expected one of {list(_REDUCTIONS)}. "
                f"Received: reduction={reduction!r}"
            )
        self.name = name or unique_name(to_snake_case(type(self).__name__))
        self.reduction = reduction
        self._dtype = _dtype_name(dtype or config.floatx())

    @property
    def dtype(self) -> str:
        return self._dtype

    def __call__(self, y_true, y_pred, sample_weight=None) -> torch.Tensor:
        y_pred = torch.as_tensor(y_pred).to(getattr(torch, self._dtype))
        y_true = torch.as_tensor(y_true, device=y_pred.device)
        values = self.call(y_true, y_pred)
        return _reduce(values, sample_weight, self._mask(y_true, values), self.reduction)

    def call(self, y_true, y_pred) -> torch.Tensor:
        raise NotImplementedError(f"{type(self).__name__} must implement `call()`.")

    def _mask(self, y_true, values):
        """Which per-sample values count towards the mean (`None`: all of them)."""
        return None

    def get_config(self) -> dict:
        return {"name": self.name, "reduction": self.reduction}

    @classmethod
    def from_config(cls, config: dict):
        return cls(**config)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name}>"


class LossFunctionWrapper(Loss):
    """Turns a per-sample function `fn(y_true, y_pred, **kwargs)` into a `Loss`.

    A trailing axis of size 1 is squeezed or added so the two ranks agree before `fn`
    runs, which lets `(batch,)` labels meet `(batch, 1)` predictions.

    Args:
        fn: The per-sample loss function.
        reduction, name, dtype: As for `Loss`.
        **kwargs: Passed on to `fn` on every call.
    """

    def __init__(self, fn, reduction="sum_over_batch_size", name=None, dtype=None, **kwargs):
        super().__init__(name=name, reduction=reduction, dtype=dtype)
        self.fn = fn
        self._fn_kwargs = kwargs

    def call(self, y_true, y_pred):
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        return self.fn(y_true, y_pred, **self._fn_kwargs)

    def _mask(self, y_true, values):
        # A function can say which of its values count (Keras attaches a mask to its output:
        # `circle` keeps only positive losses), through an `_output_mask(values)` attribute.
        output_mask = getattr(self.fn, "_output_mask", None)
        return None if output_mask is None else output_mask(values)

    def get_config(self):
        return {**super().get_config(), "fn": registry.serialize_keras_object(self.fn), **self._fn_kwargs}

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        if isinstance(config.get("fn"), dict):
            config["fn"] = registry.deserialize_keras_object(config["fn"], kind="losses")
        return cls(**config)


