"""`MultiOptimizer` and `OptimizerMap`: a different optimizer for each group of variables."""

import re
from collections.abc import MutableMapping

import torch

from lamina import registry

from .arguments import FromConfigTakesObjects
from .loss_scale_optimizer import LossScaleOptimizer
from .optimizer import Optimizer


def _path(variable) -> str:
    return str(getattr(variable, "path", getattr(variable, "name", "")))


class OptimizerMap(MutableMapping):
    """Maps variable paths to optimizers: exact keys first, then keys as regular expressions
    matched against the whole path (`re.fullmatch`), else `default_optimizer`.

    Args:
        default_optimizer: The optimizer of every variable no key matches.
        optimizer_map: A dict `{path or pattern: optimizer}`.
    """

    def __init__(self, default_optimizer, optimizer_map=None):
        if not isinstance(default_optimizer, Optimizer):
            raise TypeError(
                "default_optimizer must be a Lamina Optimizer instance. "
                f"Received: {default_optimizer!r}"
            )
        if optimizer_map is not None and not isinstance(optimizer_map, dict):
            raise TypeError(f"optimizer_map must be a dictionary. Received: {optimizer_map!r}")
        self._default_optimizer = default_optimizer
        self._optimizer_map = optimizer_map or {}

    @property
    def default_optimizer(self) -> Optimizer:
        return self._default_optimizer

    def __getitem__(self, key):
        if key in self._optimizer_map:
            return self._optimizer_map[key]
        matches = [pattern for pattern in self._optimizer_map if re.fullmatch(pattern, key)]
        if len(matches) > 1:
            raise ValueError(f"Multiple optimizers assigned to variable {key}: patterns {matches}.")
        return self._optimizer_map[matches[0]] if matches else self._default_optimizer

    def __setitem__(self, key, optimizer):
        if key in self._optimizer_map:
            raise ValueError(
                f"'{key}' already exists in the OptimizerMap with value "
                f"{self._optimizer_map[key]}. Please make sure to not use duplicated keys."
            )
        if not isinstance(key, str):
            raise ValueError(f"key must be a string. Received: {key!r}")
        if not isinstance(optimizer, Optimizer):
            raise ValueError(f"optimizer must be a Lamina Optimizer instance. Received: {optimizer!r}")
        if isinstance(optimizer, (LossScaleOptimizer, MultiOptimizer)):
            raise ValueError(f"optimizer cannot be a {type(optimizer).__name__}.")
        self._optimizer_map[key] = optimizer

    def __delitem__(self, key):
        del self._optimizer_map[key]

    def __len__(self):
        return len(self._optimizer_map)

    def __iter__(self):
        return iter(self._optimizer_map)

    def __call__(self, variable) -> Optimizer:
        return self[_path(variable)]

    def get_config(self) -> dict:
        return {
            "default_optimizer": registry.serialize_keras_object(self._default_optimizer),
            "optimizer_map": registry.serialize_keras_object(self._optimizer_map),
        }

    _from_config_takes_objects = FromConfigTakesObjects()

    @classmethod
    def from_config(cls, config, custom_objects=None, safe_mode=True):
        def load(data):
            return registry.deserialize_keras_object(data, custom_objects, safe_mode, kind="optimizers")

        mapping = {key: load(value) for key, value in (config.get("optimizer_map") or {}).items()}
        return cls(load(config["default_optimizer"]), mapping)


class MultiOptimizer(Optimizer):
    """Applies a different optimizer to each group of variables.

    Args:
        optimizer_map: An `OptimizerMap` (or any callable `variable -> optimizer` with
            `values()`/`default_optimizer`), choosing each variable's optimizer by path.
        loss_scale_factor: Set on every inner optimizer.
        name: The optimizer's name.
    """

    def __init__(self, optimizer_map, loss_scale_factor=None, name=None):
        self._inner_optimizers = []
        super().__init__(learning_rate=0.0, loss_scale_factor=loss_scale_factor, name=name)
        self._optimizer_map = optimizer_map
        candidates = list(optimizer_map.values()) if hasattr(optimizer_map, "values") else []
        default = getattr(optimizer_map, "default_optimizer", None)
        for opt in [*candidates, default]:
            if opt is not None and not any(opt is known for known in self._inner_optimizers):
                opt.loss_scale_factor = loss_scale_factor
                self._inner_optimizers.append(opt)
        self._owner: dict[int, int] = {}

    def build(self, variables) -> None:
        if self.built:
            return
        variables = list(variables)
        groups: dict[int, list] = {}
        for variable in variables:
            opt = self._optimizer_map(variable)
            if not isinstance(opt, Optimizer) or isinstance(opt, (LossScaleOptimizer, MultiOptimizer)):
                raise ValueError(
                    f"The optimizer for variable {_path(variable)!r} must be a plain Lamina "
                    f"optimizer (not a LossScaleOptimizer or MultiOptimizer). Received: {opt!r}"
                )
            if not any(opt is known for known in self._inner_optimizers):
                opt.loss_scale_factor = self.loss_scale_factor
                self._inner_optimizers.append(opt)
            index = next(i for i, known in enumerate(self._inner_optimizers) if known is opt)
            self._owner[id(variable)] = index
            groups.setdefault(index, []).append(variable)
        for index, group in groups.items():
            self._inner_optimizers[index].build(group)
        super().build(variables)

    @property
    def optimizers(self) -> list[Optimizer]:
        return self._inner_optimizers

    @property
    def variables(self) -> list[torch.Tensor]:
        own = [self._iterations, self._learning_rate]
        return own + [v for opt in self._inner_optimizers for v in opt.variables]

    @property
    def learning_rate(self):
        raise AttributeError(
            "Learning rate cannot be accessed on a MultiOptimizer. Access the learning rate "
            "on the individual sub-optimizers instead."
        )

    @learning_rate.setter
    def learning_rate(self, value):
        raise AttributeError(
            "Learning rate cannot be set on a MultiOptimizer. Set the learning rate on the "
            "individual sub-optimizers instead."
        )

    @property
    def loss_scale_factor(self):
        return getattr(self, "_loss_scale_factor", None)

    @loss_scale_factor.setter
    def loss_scale_factor(self, value):
        self._loss_scale_factor = value
        for opt in getattr(self, "_inner_optimizers", []):
            opt.loss_scale_factor = value

    @torch.no_grad()
    def step(self) -> None:
        """Hands each variable's `.grad` to its optimizer; variables without one are skipped."""
        if not self.built:
            raise ValueError(
                f"Optimizer '{self.name}' is not built. Call "
                "`optimizer.build(model.trainable_weights)` before `step()`."
            )
        pairs = [(v.grad, v) for v in self._trainable_variables if v.grad is not None]
        self._dispatch(pairs)

    def apply_gradients(self, grads_and_vars) -> torch.Tensor:
        pairs = list(grads_and_vars)
        if not pairs:
            return self._iterations
        if not self.built:
            self.build([v for _, v in pairs])
        self._dispatch(pairs)
        return self._iterations

    def _dispatch(self, pairs) -> None:
        groups: dict[int, list] = {}
        for grad, variable in pairs:
            if id(variable) not in self._owner:
                raise ValueError(
                    f"Unknown variable {_path(variable)!r}: MultiOptimizer '{self.name}' was "
                    "built for other variables."
                )
            groups.setdefault(self._owner[id(variable)], []).append((grad, variable))
        for index, group in sorted(groups.items()):
            self._inner_optimizers[index].apply_gradients(group)
        self._iterations += 1

    def finalize_variable_values(self, var_list) -> None:
        groups: dict[int, list] = {}
        for variable in var_list:
            groups.setdefault(self._owner[id(variable)], []).append(variable)
        for index, group in groups.items():
            self._inner_optimizers[index].finalize_variable_values(group)

    def state_dict(self) -> dict:
        """The state as `{"variables": [...]}`, in the order of `variables`."""
        return {"variables": self.variables}

    def load_state_dict(self, state_dict) -> None:
        self._assign(self.variables, list(state_dict["variables"]))

    def get_config(self) -> dict:
        return {
            "optimizer_map": registry.serialize_keras_object(self._optimizer_map),
            "loss_scale_factor": self.loss_scale_factor,
            "name": self.name,
        }

    @classmethod
    def from_config(cls, config, custom_objects=None, safe_mode=True):
        config = dict(config)
        config["optimizer_map"] = registry.deserialize_keras_object(
            config["optimizer_map"], custom_objects, safe_mode, kind="optimizers"
        )
        return cls(**config)

    def __repr__(self) -> str:
        return f"<MultiOptimizer name={self.name} optimizers={len(self._inner_optimizers)}>"
