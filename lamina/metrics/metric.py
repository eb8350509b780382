"""The `Metric` base class (state in tensors, never read back during `update_state`) and
the reducing metrics built on it: `Sum`, `Mean` and `MeanMetricWrapper`."""

import torch

from .. import config, registry
from ..losses.utils import squeeze_or_expand_to_same_rank
from ..naming import to_snake_case, unique_name


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

    def add_variable(self, shape=(), initializer="zeros", dtype=None, aggregation="sum", name=None):
        """Creates a state variable, Keras's way: `add_variable(shape, initializer, dtype,
        aggregation, name)` returns a variable with `assign`/`assign_add`/`value`.

        Lamina's own metrics call `add_variable("name", shape)` and keep float64 state.
        """
        if isinstance(shape, str):  # Lamina's internal form: add_variable(name, shape)
            name, shape = shape, initializer if initializer != "zeros" else ()
            self._states[name] = torch.zeros(shape, dtype=torch.float64)
            return MetricVariable(self, name)
        from .. import initializers

        name = name or f"variable_{len(self._states)}"
        if name in self._states:
            raise ValueError(f"Metric '{self.name}' already has a variable named '{name}'.")
        dtype = getattr(torch, _dtype_name(dtype or self.dtype))
        shape = tuple(int(d) for d in (shape if isinstance(shape, (list, tuple)) else (shape,)))
        self._states[name] = initializers.get(initializer)(shape, dtype=dtype)
        return MetricVariable(self, name)

    def _state_on(self, device: torch.device) -> dict[str, torch.Tensor]:
        """The state, moved once to `device` so updates stay there (float64 becomes
        float32 on MPS, which has no float64)."""
        first = next(iter(self._states.values()), None)
        if first is not None and first.device != device:
            def move(v):
                dtype = torch.float32 if device.type == "mps" and v.dtype == torch.float64 else v.dtype
                return v.to(device=device, dtype=dtype)

            self._states = {k: move(v) for k, v in self._states.items()}
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


class MetricVariable:
    """A metric's state variable as Keras code uses it (`assign`, `assign_add`, `value`);
    it reads and writes the metric's state tensor, wherever that tensor lives now."""

    def __init__(self, metric: Metric, name: str):
        self._metric, self.name = metric, name

    @property
    def value(self) -> torch.Tensor:
        return self._metric._states[self.name]

    @property
    def shape(self):
        return tuple(self.value.shape)

    @property
    def dtype(self) -> str:
        return _dtype_name(self.value.dtype)

    def _write(self, new) -> "MetricVariable":
        current = self.value
        new = torch.as_tensor(new, device=current.device)
        if new.device != current.device or new.dtype != current.dtype:
            # Updates decide the device: the state follows the first tensor written to it.
            current = self._metric._state_on(new.device)[self.name]
        with torch.no_grad():
            current.copy_(torch.broadcast_to(new.to(current.dtype), current.shape))
        return self

    def assign(self, value):
        return self._write(value)

    def assign_add(self, value):
        return self._write(self.value.to(torch.as_tensor(value).device) + torch.as_tensor(value))

    def assign_sub(self, value):
        return self._write(self.value.to(torch.as_tensor(value).device) - torch.as_tensor(value))

    def numpy(self):
        return self.value.detach().cpu().numpy()

    def __array__(self, dtype=None, copy=None):
        array = self.numpy()
        return array if dtype is None else array.astype(dtype)

    def __float__(self) -> float:
        return float(self.value)

    def __repr__(self) -> str:
        return f"<MetricVariable {self._metric.name}/{self.name} shape={self.shape} dtype={self.dtype}>"


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
        if _is_scalar_tensor(values, self.dtype) and type(sample_weight) is int:
            # The loss tracker's case, once per step: a scalar loss counted `batch size`
            # times. Same arithmetic as below, without building a weight tensor.
            state = self._state_on(values.device)
            state["total"] += values.detach() * sample_weight
            state["count"] += sample_weight
            return
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


def _is_scalar_tensor(values, dtype: str) -> bool:
    return isinstance(values, torch.Tensor) and values.ndim == 0 and values.dtype == getattr(torch, dtype)


def _broadcast_weight(sample_weight, shape, what: str, received=None) -> torch.Tensor:
    """`sample_weight` broadcast to `shape`, or a ValueError saying which shapes clash
    (`received`: the weight's shape as the user passed it, if it was reshaped since)."""
    try:
        return torch.broadcast_to(sample_weight, shape)
    except RuntimeError:
        received = tuple(sample_weight.shape) if received is None else tuple(received)
        raise ValueError(
            f"{what} has shape {tuple(shape)}, and `sample_weight` of shape {received} "
            "does not broadcast to it. Pass a scalar, one weight per sample (where the "
            "metric reduces each sample to one value), or weights of the same shape."
        ) from None


def _samplewise(values, sample_weight, reduce_fn, dtype):
    """Weights `values` and reduces them to one value per sample (Keras's rules)."""
    values = torch.as_tensor(values).detach().to(getattr(torch, dtype))
    if sample_weight is not None:
        sample_weight = torch.as_tensor(sample_weight, device=values.device).to(values.dtype)
        values, sample_weight = squeeze_or_expand_to_same_rank(values, sample_weight)
        if values.ndim > sample_weight.ndim:
            values = reduce_fn(values, dim=tuple(range(sample_weight.ndim, values.ndim)))
        sample_weight = _broadcast_weight(sample_weight, values.shape, "The per-sample metric value")
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
        # Wrapping a loss makes the metric one to minimize (what callbacks' mode="auto" reads).
        if registry.kind_of(fn) == "losses" or getattr(fn, "__module__", "") == f"{__package__}.loss_functions":
            self._direction = "down"

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        with torch.no_grad():
            values = self._fn(y_true, y_pred, **self._fn_kwargs)
        super().update_state(values, sample_weight=sample_weight)

    def get_config(self) -> dict:
        return {**super().get_config(), "fn": registry.serialize_keras_object(self._fn), **self._fn_kwargs}

    @classmethod
    def from_config(cls, config: dict):
        config = dict(config)
        if isinstance(config.get("fn"), dict):
            from . import deserialize  # the package's, which resolves function configs

            config["fn"] = deserialize(config["fn"])
        return cls(**config)


