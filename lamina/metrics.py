"""Stateful metrics with Keras's names, defaults and results, accumulated in torch tensors.

`update_state` never reads a value back to the host, so it does not stall an accelerator;
`result()` returns a 0-d tensor (`float(metric.result())` gives the number). State is kept
in float64 (float32 on MPS, which has no float64) on the device of the inputs.
"""

import torch

from lamina import config, losses
from lamina.losses import is_binary_or_sparse_categorical, squeeze_or_expand_to_same_rank
from lamina.naming import to_snake_case, unique_name


def _dtype_name(dtype) -> str:
    return str(dtype).removeprefix("torch.")


class Metric:
    """Base class: `update_state(...)` accumulates, `result()` reads, `reset_state()` clears.

    Subclasses create their state with `add_variable(name, shape)` in `__init__` and read
    it back, on the right device, with `self._state_on(device)`.

    Args:
        name: The metric name; defaults to the snake-cased class name.
        dtype: The dtype of `result()`; defaults to `floatx()` (float32).
    """

    def __init__(self, name: str | None = None, dtype=None):
        self.name = name or unique_name(to_snake_case(type(self).__name__))
        self._dtype = _dtype_name(dtype or config.floatx())
        self._states: dict[str, torch.Tensor] = {}

    @property
    def dtype(self) -> str:
        return self._dtype

    @property
    def variables(self) -> list[torch.Tensor]:
        """The state tensors, in creation order."""
        return list(self._states.values())

    def add_variable(self, name: str, shape: tuple[int, ...] = ()) -> None:
        self._states[name] = torch.zeros(shape, dtype=torch.float64)

    def _state_on(self, device: torch.device) -> dict[str, torch.Tensor]:
        """The state, moved once to `device` so updates stay there."""
        first = next(iter(self._states.values()), None)
        if first is not None and first.device != device:
            dtype = torch.float32 if device.type == "mps" else torch.float64
            self._states = {k: v.to(device=device, dtype=dtype) for k, v in self._states.items()}
        return self._states

    def reset_state(self) -> None:
        for value in self._states.values():
            value.zero_()

    def update_state(self, *args, **kwargs) -> None:
        raise NotImplementedError(f"{type(self).__name__} must implement `update_state()`.")

    def result(self) -> torch.Tensor:
        raise NotImplementedError(f"{type(self).__name__} must implement `result()`.")

    def __call__(self, *args, **kwargs) -> torch.Tensor:
        """Updates the state with one batch and returns the result so far, as Keras does."""
        self.update_state(*args, **kwargs)
        return self.result()

    def get_config(self) -> dict:
        return {"name": self.name, "dtype": self.dtype}

    @classmethod
    def from_config(cls, config: dict):
        return cls(**config)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name}>"


def _divide_no_nan(numerator, denominator):
    return torch.where(denominator != 0, numerator / denominator, 0.0)


class Sum(Metric):
    """The (weighted) sum of all values seen.

    Args:
        name: Defaults to `"sum"`.
        dtype: The dtype of `result()`.
    """

    def __init__(self, name: str = "sum", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.add_variable("total")

    def update_state(self, values, sample_weight=None) -> None:
        values, _ = _samplewise(values, sample_weight, torch.sum, self.dtype)
        state = self._state_on(values.device)
        state["total"] += values.sum(dtype=state["total"].dtype)

    def result(self) -> torch.Tensor:
        return self._states["total"].to(getattr(torch, self.dtype))


class Mean(Metric):
    """The (weighted) mean of all values seen: `total / count`.

    Values of shape `(batch, ...)` are first averaged per sample, so each sample counts
    once; a scalar counts as one sample, or as `sample_weight` samples when given (how a
    training loop tracks the loss of batches of different sizes).

    Args:
        name: Defaults to `"mean"`.
        dtype: The dtype of `result()`.
    """

    def __init__(self, name: str | None = "mean", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.add_variable("total")
        self.add_variable("count")

    def update_state(self, values, sample_weight=None) -> None:
        values, sample_weight = _samplewise(values, sample_weight, torch.mean, self.dtype)
        state = self._state_on(values.device)
        accumulator = state["total"].dtype
        state["total"] += values.sum(dtype=accumulator)
        if sample_weight is not None:
            state["count"] += sample_weight.sum(dtype=accumulator)
        else:
            state["count"] += values.shape[0] if values.ndim else 1

    def result(self) -> torch.Tensor:
        total, count = self._states["total"], self._states["count"]
        return _divide_no_nan(total, count).to(getattr(torch, self.dtype))


def _samplewise(values, sample_weight, reduce_fn, dtype):
    """Weights `values` and reduces them to one value per sample (Keras's rules)."""
    values = torch.as_tensor(values).detach().to(getattr(torch, dtype))
    if sample_weight is not None:
        sample_weight = torch.as_tensor(sample_weight, device=values.device).to(values.dtype)
        values, sample_weight = squeeze_or_expand_to_same_rank(values, sample_weight)
        if values.ndim > sample_weight.ndim:
            values = reduce_fn(values, dim=tuple(range(sample_weight.ndim, values.ndim)))
        sample_weight = torch.broadcast_to(sample_weight, values.shape)
        values = values * sample_weight
        if sample_weight.ndim > 1:
            sample_weight = reduce_fn(sample_weight, dim=tuple(range(1, sample_weight.ndim)))
    if values.ndim > 1:
        values = reduce_fn(values, dim=tuple(range(1, values.ndim)))
    return values, sample_weight


class MeanMetricWrapper(Mean):
    """The running mean of a per-sample function `fn(y_true, y_pred, **kwargs)`.

    Args:
        fn: The function; it returns one value per sample (or per element).
        name: The metric name; defaults to `"mean_metric_wrapper"`.
        dtype: The dtype of `result()`.
        **kwargs: Passed on to `fn` on every update.
    """

    def __init__(self, fn, name: str | None = None, dtype=None, **kwargs):
        super().__init__(name=name, dtype=dtype)
        self._fn = fn
        self._fn_kwargs = kwargs

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        with torch.no_grad():
            values = self._fn(y_true, y_pred, **self._fn_kwargs)
        super().update_state(values, sample_weight=sample_weight)

    def get_config(self) -> dict:
        return {**super().get_config(), "fn": losses.serialize(self._fn), **self._fn_kwargs}

    @classmethod
    def from_config(cls, config: dict):
        config = dict(config)
        if isinstance(config.get("fn"), dict):
            config["fn"] = losses.deserialize(config["fn"], _FUNCTIONS)
        return cls(**config)


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

    def __init__(self, name: str = "sparse_categorical_accuracy", dtype=None):
        super().__init__(sparse_categorical_accuracy, name=name, dtype=dtype)

    def get_config(self):
        return Metric.get_config(self)


# --- regression and probabilistic ----------------------------------------------------------


class MeanSquaredError(MeanMetricWrapper):
    """The running mean of `losses.mean_squared_error`.

    Args:
        name: Defaults to `"mean_squared_error"`.
        dtype: The dtype of `result()`.
    """

    def __init__(self, name: str = "mean_squared_error", dtype=None):
        super().__init__(losses.mean_squared_error, name=name, dtype=dtype)

    def get_config(self):
        return Metric.get_config(self)


class MeanAbsoluteError(MeanMetricWrapper):
    """The running mean of `losses.mean_absolute_error`.

    Args:
        name: Defaults to `"mean_absolute_error"`.
        dtype: The dtype of `result()`.
    """

    def __init__(self, name: str = "mean_absolute_error", dtype=None):
        super().__init__(losses.mean_absolute_error, name=name, dtype=dtype)

    def get_config(self):
        return Metric.get_config(self)


class BinaryCrossentropy(MeanMetricWrapper):
    """The running mean of `losses.binary_crossentropy`.

    Args:
        name: Defaults to `"binary_crossentropy"`.
        dtype: The dtype of `result()`.
        from_logits: Whether predictions are logits.
        label_smoothing: As for the loss.
    """

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
            valid = (y_true != self.ignore_class).to(_floatx())
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


# --- precision and recall ------------------------------------------------------------------


class _ConfusionMetric(Metric):
    """Shared counting for `Precision` and `Recall` over one or more thresholds."""

    def __init__(self, thresholds=None, top_k=None, class_id=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.init_thresholds = thresholds
        self.top_k = top_k
        self.class_id = class_id
        if thresholds is None:
            # With top_k every kept prediction is positive, whatever its value.
            thresholds = 0.5 if top_k is None else float("-inf")
        if not isinstance(thresholds, (list, tuple)):
            thresholds = [thresholds]
        self.thresholds = [float(t) for t in thresholds]
        for t in self.thresholds:
            if not 0 <= t <= 1 and t != float("-inf"):
                raise ValueError(
                    f"Threshold values must be in [0, 1]. Received: thresholds={thresholds}"
                )
        for key in ("true_positives", self._second_count):
            self.add_variable(key, (len(self.thresholds),))

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        y_pred = torch.as_tensor(y_pred).detach().to(torch.float32)
        y_true = torch.as_tensor(y_true, device=y_pred.device).to(torch.float32)
        y_pred, y_true = squeeze_or_expand_to_same_rank(y_pred, y_true)
        if sample_weight is not None:
            sample_weight = torch.as_tensor(sample_weight, device=y_pred.device)
            sample_weight = sample_weight.to(torch.float32).unsqueeze(-1)
            _, sample_weight = squeeze_or_expand_to_same_rank(
                y_true, sample_weight, expand_rank_1=False
            )
        if self.top_k is not None:
            top = torch.topk(y_pred, self.top_k, dim=-1).indices
            keep = torch.zeros_like(y_pred, dtype=torch.bool).scatter_(-1, top, True)
            y_pred = torch.where(keep, y_pred, float("-inf"))
        if self.class_id is not None:
            y_true = y_true[..., self.class_id, None]
            y_pred = y_pred[..., self.class_id, None]
        thresholds = torch.tensor(self.thresholds, device=y_pred.device).unsqueeze(1)
        predicted = y_pred.reshape(1, -1) > thresholds  # (thresholds, entries)
        actual = y_true.reshape(1, -1).bool()
        weight = 1.0
        if sample_weight is not None:
            weight = torch.broadcast_to(sample_weight, y_pred.shape).reshape(1, -1)
        state = self._state_on(y_pred.device)
        for key, hits in self._counts(predicted, actual).items():
            state[key] += (hits * weight).sum(dim=1, dtype=state[key].dtype)

    def _counts(self, predicted, actual):
        raise NotImplementedError

    def result(self) -> torch.Tensor:
        """`tp / (tp + fp)` or `tp / (tp + fn)`: a scalar, or one value per threshold."""
        true_positives = self._states["true_positives"]
        value = _divide_no_nan(true_positives, true_positives + self._states[self._second_count])
        value = value.to(getattr(torch, self.dtype))
        return value[0] if len(self.thresholds) == 1 else value

    def get_config(self):
        return {
            **super().get_config(),
            "thresholds": self.init_thresholds,
            "top_k": self.top_k,
            "class_id": self.class_id,
        }


class Precision(_ConfusionMetric):
    """Of the entries predicted positive (`y_pred > threshold`), the fraction that are.

    Args:
        thresholds: A float or list of floats in `[0, 1]`; defaults to 0.5. A list gives
            one result per threshold.
        top_k: If set, only the `top_k` highest predictions per sample count as positive.
        class_id: If set, only this column of multi-class inputs is scored.
        name: The metric name; defaults to `"precision"`.
        dtype: The dtype of `result()`.
    """

    _second_count = "false_positives"

    def __init__(self, thresholds=None, top_k=None, class_id=None, name=None, dtype=None):
        super().__init__(thresholds, top_k, class_id, name=name, dtype=dtype)

    def _counts(self, predicted, actual):
        return {"true_positives": predicted & actual, "false_positives": predicted & ~actual}


class Recall(_ConfusionMetric):
    """Of the entries that are positive, the fraction predicted positive.

    Args:
        thresholds, top_k, class_id, dtype: As for `Precision`.
        name: The metric name; defaults to `"recall"`.
    """

    _second_count = "false_negatives"

    def __init__(self, thresholds=None, top_k=None, class_id=None, name=None, dtype=None):
        super().__init__(thresholds, top_k, class_id, name=name, dtype=dtype)

    def _counts(self, predicted, actual):
        return {"true_positives": predicted & actual, "false_negatives": ~predicted & actual}


# --- lookup and serialization --------------------------------------------------------------

_CLASSES = {
    cls.__name__: cls
    for cls in (
        Mean,
        Sum,
        Accuracy,
        BinaryAccuracy,
        CategoricalAccuracy,
        SparseCategoricalAccuracy,
        MeanSquaredError,
        MeanAbsoluteError,
        BinaryCrossentropy,
        CategoricalCrossentropy,
        SparseCategoricalCrossentropy,
        Precision,
        Recall,
    )
}
# Keras also accepts each class under its snake_case name, and a few short aliases.
_NAMES = {
    **_CLASSES,
    "mean": Mean,
    "sum": Sum,
    "accuracy": Accuracy,
    "binary_accuracy": BinaryAccuracy,
    "categorical_accuracy": CategoricalAccuracy,
    "sparse_categorical_accuracy": SparseCategoricalAccuracy,
    "mean_squared_error": MeanSquaredError,
    "mean_absolute_error": MeanAbsoluteError,
    "binary_crossentropy": BinaryCrossentropy,
    "categorical_crossentropy": CategoricalCrossentropy,
    "sparse_categorical_crossentropy": SparseCategoricalCrossentropy,
    "precision": Precision,
    "recall": Recall,
    "mse": MeanSquaredError,
    "MSE": MeanSquaredError,
    "mae": MeanAbsoluteError,
    "MAE": MeanAbsoluteError,
    "bce": BinaryCrossentropy,
    "BCE": BinaryCrossentropy,
}
_FUNCTIONS = {
    fn.__name__: fn
    for fn in (accuracy, binary_accuracy, categorical_accuracy, sparse_categorical_accuracy)
}


def serialize(metric) -> dict | str:
    """A metric as the dict Keras writes into `compile_config` (strings pass through)."""
    if isinstance(metric, str):
        return metric
    if isinstance(metric, Metric):
        builtin = type(metric) in _CLASSES.values() or type(metric) is MeanMetricWrapper
        return {
            "module": "keras.metrics" if builtin else type(metric).__module__,
            "class_name": type(metric).__name__,
            "config": metric.get_config(),
            "registered_name": None if builtin else type(metric).__name__,
        }
    return losses.serialize(metric)


def deserialize(config, custom_objects: dict | None = None):
    """Rebuilds a metric from `serialize()` output (a function config gives the function)."""
    custom_objects = custom_objects or {}
    if isinstance(config, str):
        return custom_objects.get(config) or get(config)
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(
            f"Could not interpret metric config: {config!r}. Expected a name or a dict with "
            "`class_name` and `config`."
        )
    class_name, inner = config["class_name"], config.get("config")
    if class_name == "function":
        return losses.deserialize(config, {**_FUNCTIONS, **custom_objects})
    known = {**_CLASSES, "MeanMetricWrapper": MeanMetricWrapper}
    cls = custom_objects.get(class_name) or known.get(class_name)
    if cls is None:
        raise ValueError(
            f"Unknown metric class {class_name!r}. Known classes: {sorted(_CLASSES)}; pass "
            "user-defined ones in `custom_objects`."
        )
    return cls.from_config(dict(inner or {}))


def get(identifier) -> Metric | None:
    """Resolves a metric identifier to a `Metric`.

    Args:
        identifier: A `Metric` (returned as is); a class name or its snake_case form
            (`"SparseCategoricalAccuracy"`, `"mean_squared_error"`) or an alias (`"mse"`,
            `"mae"`, `"bce"`), giving a new instance with defaults; a config dict; a
            function `fn(y_true, y_pred)` (wrapped in `MeanMetricWrapper` and named after
            it); or `None` (returned as is). Note that `"accuracy"` here is the exact-match
            `Accuracy`; `get_metric` resolves it by shapes as `compile()` does.

    Returns:
        A `Metric`, or `None`.
    """
    if identifier is None or isinstance(identifier, Metric):
        return identifier
    if isinstance(identifier, dict):
        obj = deserialize(identifier)
        return obj if isinstance(obj, Metric) else MeanMetricWrapper(obj, name=obj.__name__)
    if isinstance(identifier, str):
        if identifier in _NAMES:
            return _NAMES[identifier]()
    elif isinstance(identifier, type) and issubclass(identifier, Metric):
        return identifier()
    elif callable(identifier):
        return MeanMetricWrapper(identifier, name=getattr(identifier, "__name__", None))
    raise ValueError(
        f"Could not interpret metric identifier: {identifier!r}. Expected a `Metric`, a "
        f"function `fn(y_true, y_pred)`, a config dict, or one of the names {sorted(_NAMES)}. "
        "(`get_metric` also accepts 'acc' and picks the accuracy by shapes.)"
    )


def get_metric(identifier, y_true, y_pred) -> Metric:
    """Resolves one entry of `compile(metrics=[...])`, as Keras's compile utilities do.

    `"accuracy"` and `"acc"` (any case) become `BinaryAccuracy` when predictions have one
    column, `SparseCategoricalAccuracy` when labels look like class indices (lower rank
    than the predictions, or one column against several), and `CategoricalAccuracy`
    otherwise. A string keeps the user's spelling as the metric name, so the History
    key is `"accuracy"` or `"mse"`, not the class default.

    Args:
        identifier: Anything `get()` accepts, or `"accuracy"`/`"acc"`.
        y_true: A batch of labels (or anything with a `.shape`).
        y_pred: A batch of predictions (or anything with a `.shape`).
    """
    if identifier is None:
        raise ValueError("Expected a metric, received `None`.")
    if str(identifier).lower() in ("accuracy", "acc"):
        is_binary, is_sparse = is_binary_or_sparse_categorical(y_true, y_pred)
        if is_binary:
            metric = BinaryAccuracy(name=str(identifier))
        elif is_sparse:
            metric = SparseCategoricalAccuracy(name=str(identifier))
        else:
            metric = CategoricalAccuracy(name=str(identifier))
    else:
        metric = get(identifier)
    if isinstance(identifier, str):
        metric.name = identifier
    return metric
