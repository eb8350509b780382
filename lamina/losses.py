"""Losses with Keras's names, defaults and numerics, computed with torch.

Each loss comes as a function returning one value per sample (`mean_squared_error`) and
as a class that also reduces them (`MeanSquaredError`). With probabilities, the
crossentropies clip predictions to `[epsilon, 1 - epsilon]` (epsilon is 1e-7) as Keras
does, and the categorical ones first rescale each prediction to sum to 1.
"""

import warnings

import torch
import torch.nn.functional as F

from lamina import config
from lamina.naming import to_snake_case, unique_name

_REDUCTIONS = ("sum_over_batch_size", "sum", "mean", "mean_with_sample_weight", "none", None)


# --- shape helpers (shared with lamina.metrics) --------------------------------------------


def squeeze_or_expand_to_same_rank(x1, x2, expand_rank_1: bool = True):
    """Removes or adds a trailing axis of size 1 when the ranks differ by exactly one.

    This is how Keras lines up `(batch,)` labels with `(batch, 1)` predictions. A rank-1
    tensor is expanded rather than the other squeezed, unless `expand_rank_1=False`.
    """
    rank1, rank2 = x1.ndim, x2.ndim
    if rank1 == rank2 + 1 and x1.shape[-1] == 1:
        if rank2 == 1 and expand_rank_1:
            x2 = x2.unsqueeze(-1)
        else:
            x1 = x1.squeeze(-1)
    if rank2 == rank1 + 1 and x2.shape[-1] == 1:
        if rank1 == 1 and expand_rank_1:
            x1 = x1.unsqueeze(-1)
        else:
            x2 = x2.squeeze(-1)
    return x1, x2


def is_binary_or_sparse_categorical(y_true, y_pred) -> tuple[bool, bool]:
    """How Keras guesses the task from shapes, for `"accuracy"` and `"crossentropy"`.

    Binary when predictions have one column; sparse categorical when labels have lower
    rank than predictions, or one column against several.
    """
    is_binary = y_pred.shape[-1] == 1
    is_sparse = len(y_true.shape) < len(y_pred.shape) or (
        y_true.shape[-1] == 1 and y_pred.shape[-1] > 1
    )
    return is_binary, is_sparse


def _prepare(y_true, y_pred):
    """Tensors on `y_pred`'s device, `y_pred` floating; `y_true` keeps its dtype."""
    y_pred = torch.as_tensor(y_pred)
    if not y_pred.is_floating_point():
        y_pred = y_pred.to(getattr(torch, config.floatx()))
    return torch.as_tensor(y_true, device=y_pred.device), y_pred


def _check_same_shape(loss_name: str, y_true, y_pred, advice: str) -> None:
    if y_true.shape != y_pred.shape:
        raise ValueError(
            f"`{loss_name}` needs `y_true` and `y_pred` of the same shape. Received: "
            f"y_true.shape={tuple(y_true.shape)}, y_pred.shape={tuple(y_pred.shape)}. {advice}"
        )


def _clip(probabilities):
    eps = config.epsilon()
    return probabilities.clamp(eps, 1.0 - eps)


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


def binary_crossentropy(
    y_true, y_pred, from_logits: bool = False, label_smoothing: float = 0.0, axis: int = -1
) -> torch.Tensor:
    """Elementwise binary crossentropy, averaged over `axis`.

    Args:
        y_true: Labels in `[0, 1]`, the same shape as `y_pred`.
        y_pred: Probabilities, or logits when `from_logits=True`.
        from_logits: Whether `y_pred` holds logits (the numerically stable path).
        label_smoothing: Moves labels towards 0.5: `y * (1 - s) + 0.5 * s`.
        axis: The axis to average over. Defaults to `-1`.
    """
    y_true, y_pred = _prepare(y_true, y_pred)
    y_true = y_true.to(y_pred.dtype)
    if label_smoothing:
        y_true = y_true * (1.0 - label_smoothing) + 0.5 * label_smoothing
    _check_same_shape(
        "binary_crossentropy",
        y_true,
        y_pred,
        "It takes one probability (or logit) per label. For integer class indices with "
        "more than two classes use `sparse_categorical_crossentropy`.",
    )
    if from_logits:
        values = F.binary_cross_entropy_with_logits(y_pred, y_true, reduction="none")
    else:
        # Written out rather than F.binary_cross_entropy, which raises on NaN inputs (CPU)
        # instead of letting a NaN loss show up; the clip keeps both logs finite.
        p = _clip(y_pred)
        values = -(y_true * torch.log(p) + (1.0 - y_true) * torch.log(1.0 - p))
    return torch.mean(values, dim=axis)


def categorical_crossentropy(
    y_true, y_pred, from_logits: bool = False, label_smoothing: float = 0.0, axis: int = -1
) -> torch.Tensor:
    """Crossentropy between one-hot (or soft) labels and predicted class distributions.

    Args:
        y_true: One-hot labels, the same shape as `y_pred`.
        y_pred: Probabilities (rescaled to sum to 1 along `axis`), or logits.
        from_logits: Whether `y_pred` holds logits (uses `log_softmax`).
        label_smoothing: Mixes labels with the uniform distribution:
            `y * (1 - s) + s / num_classes`.
        axis: The class axis. Defaults to `-1`.
    """
    if isinstance(axis, bool):
        raise ValueError(f"`axis` must be of type `int`. Received: axis={axis} of type bool")
    y_true, y_pred = _prepare(y_true, y_pred)
    y_true = y_true.to(y_pred.dtype)
    if y_pred.ndim and y_pred.shape[-1] == 1:
        warnings.warn(
            "In loss categorical_crossentropy, expected y_pred.shape to be "
            f"(batch_size, num_classes) with num_classes > 1. Received: "
            f"y_pred.shape={tuple(y_pred.shape)}. Consider using 'binary_crossentropy' if "
            "you only have 2 classes.",
            SyntaxWarning,
            stacklevel=2,
        )
    if label_smoothing:
        # Keras counts classes on the last axis even when `axis` is another one.
        y_true = y_true * (1.0 - label_smoothing) + label_smoothing / y_true.shape[-1]
    _check_same_shape(
        "categorical_crossentropy",
        y_true,
        y_pred,
        "It needs one-hot labels with one column per class. For integer class indices use "
        "`sparse_categorical_crossentropy`.",
    )
    if y_pred.ndim < 1:
        raise ValueError("`categorical_crossentropy` needs inputs of rank 1 or more.")
    if from_logits:
        log_prob = F.log_softmax(y_pred, dim=axis)
    else:
        log_prob = torch.log(_clip(y_pred / torch.sum(y_pred, dim=axis, keepdim=True)))
    return -torch.sum(y_true * log_prob, dim=axis)


def sparse_categorical_crossentropy(
    y_true, y_pred, from_logits: bool = False, ignore_class: int | None = None, axis: int = -1
) -> torch.Tensor:
    """Crossentropy between integer class indices and predicted class distributions.

    Args:
        y_true: Class indices (int or float), shaped like `y_pred` without the class
            axis; a trailing axis of size 1 is also accepted.
        y_pred: Probabilities (rescaled to sum to 1 along `axis`), or logits.
        from_logits: Whether `y_pred` holds logits.
        ignore_class: A label value (e.g. -1) whose entries get a loss of 0.
        axis: The class axis. Defaults to `-1`.
    """
    y_true, y_pred = _prepare(y_true, y_pred)
    if y_pred.ndim < 1:
        raise ValueError("`sparse_categorical_crossentropy` needs `y_pred` of rank 1 or more.")
    if y_true.ndim == y_pred.ndim and y_true.shape[axis] == 1:
        y_true = y_true.squeeze(axis)
    expected = list(y_pred.shape)
    del expected[axis]
    if list(y_true.shape) != expected:
        raise ValueError(
            "`sparse_categorical_crossentropy` needs `y_true` to have the shape of `y_pred` "
            f"without the class axis. Received: y_true.shape={tuple(y_true.shape)}, "
            f"y_pred.shape={tuple(y_pred.shape)}. For one-hot labels use "
            "`categorical_crossentropy`."
        )
    target = y_true.long()
    valid = None
    if ignore_class is not None:
        valid = target != ignore_class
        target = torch.where(valid, target, 0)
    # F.cross_entropy and F.nll_loss want a batch axis and the classes on axis 1.
    single = y_pred.ndim == 1
    if single:
        y_pred, target = y_pred.unsqueeze(0), target.unsqueeze(0)
    else:
        y_pred = y_pred.movedim(axis, 1)
    if from_logits:
        values = F.cross_entropy(y_pred, target, reduction="none")
    else:
        log_prob = torch.log(_clip(y_pred / torch.sum(y_pred, dim=1, keepdim=True)))
        values = F.nll_loss(log_prob, target, reduction="none")
    if single:
        values = values[0]
    if valid is not None:
        values = torch.where(valid, values, 0.0)
    return values


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

    def get_config(self):
        return {**super().get_config(), "fn": _serialize_function(self.fn), **self._fn_kwargs}

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        if isinstance(config.get("fn"), dict):
            config["fn"] = deserialize(config["fn"])
        return cls(**config)


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


class BinaryCrossentropy(LossFunctionWrapper):
    """Crossentropy for 0/1 labels; see `binary_crossentropy`.

    Args:
        from_logits: Whether predictions are logits. Defaults to `False` (probabilities).
        label_smoothing: Float in `[0, 1]`; squeezes labels towards 0.5.
        axis: The axis averaged over per sample. Defaults to `-1`.
        reduction, name, dtype: As for `Loss`.
    """

    def __init__(
        self,
        from_logits: bool = False,
        label_smoothing: float = 0.0,
        axis: int = -1,
        reduction="sum_over_batch_size",
        name="binary_crossentropy",
        dtype=None,
    ):
        super().__init__(
            binary_crossentropy,
            reduction=reduction,
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
            **Loss.get_config(self),
            "from_logits": self.from_logits,
            "label_smoothing": self.label_smoothing,
            "axis": self.axis,
        }


class CategoricalCrossentropy(LossFunctionWrapper):
    """Crossentropy for one-hot labels; see `categorical_crossentropy`.

    Args:
        from_logits: Whether predictions are logits. Defaults to `False` (probabilities).
        label_smoothing: Float in `[0, 1]`; mixes labels with the uniform distribution.
        axis: The class axis. Defaults to `-1`.
        reduction, name, dtype: As for `Loss`.
    """

    def __init__(
        self,
        from_logits: bool = False,
        label_smoothing: float = 0.0,
        axis: int = -1,
        reduction="sum_over_batch_size",
        name="categorical_crossentropy",
        dtype=None,
    ):
        super().__init__(
            categorical_crossentropy,
            reduction=reduction,
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
            **Loss.get_config(self),
            "from_logits": self.from_logits,
            "label_smoothing": self.label_smoothing,
            "axis": self.axis,
        }


class SparseCategoricalCrossentropy(LossFunctionWrapper):
    """Crossentropy for integer class labels; see `sparse_categorical_crossentropy`.

    Labels may be shaped `(batch,)` or `(batch, 1)`, as ints or floats. With
    `ignore_class`, the mean runs over the other entries only.

    Args:
        from_logits: Whether predictions are logits. Defaults to `False` (probabilities).
        ignore_class: Optional label value to leave out of the loss (e.g. -1 or 255).
        axis: The class axis. Defaults to `-1` (and, as in Keras, is not in the config).
        reduction, name, dtype: As for `Loss`.
    """

    def __init__(
        self,
        from_logits: bool = False,
        ignore_class: int | None = None,
        reduction="sum_over_batch_size",
        axis: int = -1,
        name="sparse_categorical_crossentropy",
        dtype=None,
    ):
        super().__init__(
            sparse_categorical_crossentropy,
            reduction=reduction,
            name=name,
            dtype=dtype,
            from_logits=from_logits,
            ignore_class=ignore_class,
            axis=axis,
        )
        self.from_logits = from_logits
        self.ignore_class = ignore_class

    def _mask(self, y_true, values):
        if self.ignore_class is None:
            return None
        return (y_true != self.ignore_class).reshape(values.shape)

    def get_config(self):
        return {
            **Loss.get_config(self),
            "from_logits": self.from_logits,
            "ignore_class": self.ignore_class,
        }


# --- lookup and serialization --------------------------------------------------------------

_CLASSES = {
    cls.__name__: cls
    for cls in (
        MeanSquaredError,
        MeanAbsoluteError,
        BinaryCrossentropy,
        CategoricalCrossentropy,
        SparseCategoricalCrossentropy,
    )
}
_FUNCTIONS = {
    fn.__name__: fn
    for fn in (
        mean_squared_error,
        mean_absolute_error,
        binary_crossentropy,
        categorical_crossentropy,
        sparse_categorical_crossentropy,
    )
}
_ALIASES = {
    "mse": mean_squared_error,
    "MSE": mean_squared_error,
    "mae": mean_absolute_error,
    "MAE": mean_absolute_error,
    "bce": binary_crossentropy,
    "BCE": binary_crossentropy,
}


def _dtype_name(dtype) -> str:
    return str(dtype).removeprefix("torch.")


def _serialize_function(fn) -> dict:
    return {
        "module": "builtins",
        "class_name": "function",
        "config": fn.__name__,
        "registered_name": "function",
    }


def _valid_names() -> list[str]:
    return sorted({*_CLASSES, *_FUNCTIONS, *_ALIASES})


def serialize(loss) -> dict | str:
    """A loss (instance, function or name) as the dict Keras writes into `compile_config`."""
    if isinstance(loss, str):
        return loss
    if type(loss) is LossFunctionWrapper:
        return {
            "module": "keras.src.losses.losses",
            "class_name": "LossFunctionWrapper",
            "config": loss.get_config(),
            "registered_name": "LossFunctionWrapper",
        }
    if isinstance(loss, Loss):
        builtin = type(loss) in _CLASSES.values()
        return {
            "module": "keras.losses" if builtin else type(loss).__module__,
            "class_name": type(loss).__name__,
            "config": loss.get_config(),
            "registered_name": None if builtin else type(loss).__name__,
        }
    if callable(loss) and hasattr(loss, "__name__"):
        return _serialize_function(loss)
    raise ValueError(f"Could not serialize loss {loss!r}. Expected a `Loss`, a function or a name.")


def deserialize(config, custom_objects: dict | None = None):
    """Rebuilds what `serialize()` wrote: a `Loss` from a class config, or a function.

    Args:
        config: A name or a `{"class_name": ..., "config": ...}` dict.
        custom_objects: Optional mapping of names to user-defined loss classes or functions.
    """
    custom_objects = custom_objects or {}
    if isinstance(config, str):
        if config in custom_objects:
            return custom_objects[config]
        return get(config)
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(
            f"Could not interpret loss config: {config!r}. Expected a name or a dict with "
            "`class_name` and `config`."
        )
    class_name, inner = config["class_name"], config.get("config")
    if class_name == "function":
        fn = custom_objects.get(inner) or _FUNCTIONS.get(inner) or _ALIASES.get(inner)
        if fn is None:
            raise ValueError(
                f"Unknown loss function {inner!r}. Known functions: {sorted(_FUNCTIONS)}; pass "
                "user-defined ones in `custom_objects`."
            )
        return fn
    if class_name == "LossFunctionWrapper":
        inner = dict(inner)
        inner["fn"] = deserialize(inner["fn"], custom_objects)
        return LossFunctionWrapper(**inner)
    cls = custom_objects.get(class_name) or _CLASSES.get(class_name)
    if cls is None:
        raise ValueError(
            f"Unknown loss class {class_name!r}. Known classes: {sorted(_CLASSES)}; pass "
            "user-defined ones in `custom_objects`."
        )
    return cls.from_config(dict(inner or {}))


def get(identifier) -> Loss | None:
    """Resolves a loss identifier to a `Loss`, the way `compile(loss=...)` does.

    Args:
        identifier: A `Loss` (returned as is); a class name such as
            `"SparseCategoricalCrossentropy"` (a new instance with defaults); a function
            name or alias such as `"mse"` (wrapped, and named after the string); a function
            `fn(y_true, y_pred)` (wrapped, so the result is the mean of its values); a
            config dict; or `None` (returned as is).

    Returns:
        A `Loss`, or `None`.
    """
    if identifier is None or isinstance(identifier, Loss):
        return identifier
    if isinstance(identifier, dict):
        obj = deserialize(identifier)
        return obj if isinstance(obj, Loss) else LossFunctionWrapper(obj, name=obj.__name__)
    if isinstance(identifier, str):
        if identifier in _CLASSES:
            return _CLASSES[identifier]()
        fn = _FUNCTIONS.get(identifier) or _ALIASES.get(identifier)
        if fn is not None:
            return LossFunctionWrapper(fn, name=identifier)
    elif isinstance(identifier, type) and issubclass(identifier, Loss):
        return identifier()
    elif callable(identifier):
        return LossFunctionWrapper(identifier, name=getattr(identifier, "__name__", None))
    raise ValueError(
        f"Could not interpret loss identifier: {identifier!r}. Expected a `Loss`, a "
        f"function `fn(y_true, y_pred)`, a config dict, or one of the names {_valid_names()}."
    )


def get_loss(identifier, y_true, y_pred) -> Loss | None:
    """`get()`, plus Keras's `"crossentropy"`/`"ce"` shortcut that picks by shapes.

    Binary crossentropy for a single prediction column, sparse categorical when the
    labels look like indices, categorical otherwise; the loss keeps the user's string
    as its name.
    """
    if isinstance(identifier, str) and identifier.lower() in ("crossentropy", "ce"):
        is_binary, is_sparse = is_binary_or_sparse_categorical(y_true, y_pred)
        if is_binary:
            fn = binary_crossentropy
        elif is_sparse:
            fn = sparse_categorical_crossentropy
        else:
            fn = categorical_crossentropy
        return LossFunctionWrapper(fn, name=identifier)
    return get(identifier)
