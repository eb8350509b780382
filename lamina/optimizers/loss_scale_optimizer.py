"""`LossScaleOptimizer`: dynamic loss scaling around another optimizer (float16 training)."""

import torch

from lamina import registry

from .optimizer import Optimizer

_BASE_DEFAULTS = {
    "weight_decay": None,
    "clipnorm": None,
    "global_clipnorm": None,
    "clipvalue": None,
    "use_ema": False,
    "ema_momentum": 0.99,
    "ema_overwrite_frequency": None,
    "loss_scale_factor": None,
    "gradient_accumulation_steps": None,
}


class LossScaleOptimizer(Optimizer):
    """Wraps `inner_optimizer` with a dynamic loss scale, as Keras does.

    Multiply the loss by `scale_loss(loss)` before `backward()`. Each step then checks the
    gradients: if all are finite, they are divided by the scale and handed to the inner
    optimizer, and after `dynamic_growth_steps` such steps in a row the scale doubles; if
    any is infinite or NaN, the step is skipped and the scale halves.

    Args:
        inner_optimizer: The `Optimizer` that applies the unscaled gradients.
        initial_scale: The starting loss scale. Defaults to `2**15`.
        dynamic_growth_steps: Finite steps before the scale doubles. Defaults to `2000`.
        name: The optimizer's name.
    """

    def __init__(self, inner_optimizer, initial_scale=2.0**15, dynamic_growth_steps=2000,
                 name=None, **kwargs):
        if not kwargs.pop("dynamic", True):
            raise ValueError(
                "LossScaleOptimizer no longer supports `dynamic=False`. Instead, simply set "
                "`loss_scale_factor` directly on the `inner_optimizer`."
            )
        for key, default in _BASE_DEFAULTS.items():
            if key in kwargs and kwargs.pop(key) != default:
                raise ValueError(
                    f"LossScaleOptimizer does not support `{key}`. Instead, set `{key}` on "
                    "the `inner_optimizer`."
                )
        if kwargs:
            raise ValueError(
                f"LossScaleOptimizer does not support arguments: `{'`, `'.join(kwargs)}`."
            )
        if not isinstance(inner_optimizer, Optimizer):
            raise TypeError(
                "`inner_optimizer` must be a Lamina optimizer such as `Adam()`. Received: "
                f"{inner_optimizer!r} of type {type(inner_optimizer).__name__}"
            )
        super().__init__(learning_rate=0.0, name=name)
        self.inner_optimizer = inner_optimizer
        self.initial_scale = initial_scale
        self.dynamic_growth_steps = dynamic_growth_steps
        self.inner_optimizer.loss_scale_factor = None
        self.step_counter = torch.zeros((), dtype=torch.int32)
        self.dynamic_scale = torch.tensor(float(initial_scale), dtype=torch.float32)

    def build(self, variables) -> None:
        variables = list(variables)
        self.inner_optimizer.build(variables)
        if not self.built:
            self.step_counter.zero_()
            self.dynamic_scale.fill_(float(self.initial_scale))
        super().build(variables)

    @property
    def variables(self) -> list[torch.Tensor]:
        """`[iterations, learning_rate, step_counter, dynamic_scale]`, then the inner
        optimizer's variables (Keras's order)."""
        own = [self._iterations, self._learning_rate, self.step_counter, self.dynamic_scale]
        return own + self.inner_optimizer.variables

    @property
    def iterations(self) -> torch.Tensor:
        return self.inner_optimizer.iterations

    @property
    def learning_rate(self) -> float:
        return self.inner_optimizer.learning_rate

    @learning_rate.setter
    def learning_rate(self, value) -> None:
        self.inner_optimizer.learning_rate = value

    def scale_loss(self, loss):
        """`loss` times the current scale (`initial_scale` before the first build)."""
        return loss * (self.dynamic_scale if self.built else self.initial_scale)

    def finalize_variable_values(self, var_list) -> None:
        self.inner_optimizer.finalize_variable_values(var_list)

    @torch.no_grad()
    def step(self) -> None:
        """Applies the variables' `.grad`s (skipping those without one), unscaled."""
        if not self.built:
            raise ValueError(
                f"Optimizer '{self.name}' is not built. Call "
                "`optimizer.build(model.trainable_weights)` before `step()`."
            )
        pairs = [(v.grad, v) for v in self._trainable_variables if v.grad is not None]
        if pairs:
            self.apply_gradients(pairs)

    def apply_gradients(self, grads_and_vars) -> torch.Tensor:
        pairs = [(g, v) for g, v in grads_and_vars]
        if not pairs:
            return self.iterations
        if not self.built:
            self.build([v for _, v in pairs])
        grads = [g for g, _ in pairs if g is not None]
        finite = all(bool(torch.isfinite(torch.as_tensor(g)).all()) for g in grads)
        with torch.no_grad():
            if not finite:
                self.step_counter.zero_()
                self.dynamic_scale.mul_(0.5)
                return self.iterations
            scale = self.dynamic_scale
            unscaled = [(None if g is None else torch.as_tensor(g) / scale, v) for g, v in pairs]
            self.inner_optimizer.apply_gradients(unscaled)
            if int(self.step_counter) == self.dynamic_growth_steps - 1:
                self.step_counter.zero_()
                self.dynamic_scale.mul_(2.0)
            else:
                self.step_counter.add_(1)
        return self.iterations

    def state_dict(self) -> dict:
        """The state as `{"variables": [...]}`, in the order of `variables`."""
        return {"variables": self.variables}

    def load_state_dict(self, state_dict) -> None:
        self._assign(self.variables, list(state_dict["variables"]))

    def get_config(self) -> dict:
        return {
            "name": self.name,
            "inner_optimizer": registry.serialize_keras_object(self.inner_optimizer),
            "initial_scale": self.initial_scale,
            "dynamic_growth_steps": self.dynamic_growth_steps,
        }

    @classmethod
    def from_config(cls, config, custom_objects=None, safe_mode=True):
        config = dict(config)
        inner = config.pop("inner_optimizer")
        if isinstance(inner, dict) and registry.lookup("optimizers", inner.get("class_name", ""), custom_objects) is None:
            inner = {**inner, "class_name": str(inner.get("class_name", "")).lower()}
        inner = registry.deserialize_keras_object(inner, custom_objects, safe_mode, kind="optimizers")
        return cls(inner, **config)
