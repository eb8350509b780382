"""The optimizer base class: Keras's constructor, state layout and update order on torch tensors."""

import warnings
from collections.abc import Callable, Iterable, Sequence

import torch

from lamina import config, registry
from lamina.naming import to_snake_case, unique_name

from .arguments import FromConfigTakesObjects, check_common_arguments, check_learning_rate
from .clipping import clip_gradients
from .custom import CustomOptimizerMixin
from .ema import MovingAverageMixin
from .schedules.base import LearningRateSchedule
from .state import StateMixin
from .weight_decay import WeightDecayMixin


class Optimizer(StateMixin, WeightDecayMixin, MovingAverageMixin, CustomOptimizerMixin):
    """Base class for Keras-style optimizers over torch tensors.

    Unlike `torch.optim.Optimizer`, it is created without parameters, as in Keras:
    `build(variables)` (or the first `apply_gradients`) attaches it to the trainable
    weights and creates its state. Each step clips the gradients, applies decoupled
    weight decay (`var -= var * weight_decay * lr`), runs the subclass's update rule and
    then increments `iterations`. Write your own as in Keras: `build` (call `super()`
    first) with `add_variable_from_reference`, and `update_step(gradient, variable,
    learning_rate)` with `assign`/`assign_add`/`assign_sub`.

    Args:
        learning_rate: A Python float, a `LearningRateSchedule` (called with `iterations`
            before every step and saved in the config), or a callable
            `f(iterations) -> float`.
        weight_decay: If set, the decoupled weight decay rate.
        clipnorm: If set, each gradient is rescaled so that its L2 norm is at most this.
        clipvalue: If set, each gradient element is clipped to `[-clipvalue, clipvalue]`.
        global_clipnorm: If set, all gradients are rescaled together so that their joint
            L2 norm is at most this. Only one of the three clipping arguments may be set.
        use_ema: Whether to keep an exponential moving average of the weights (state
            `average`); `finalize_variable_values` copies it into the weights.
        ema_momentum: The average's momentum: `avg = m * avg + (1 - m) * w`.
        ema_overwrite_frequency: If set, the weights are overwritten with their average
            every this many steps.
        loss_scale_factor: If set, the gradients are divided by it before each step
            (`scale_loss` multiplies the loss by it).
        gradient_accumulation_steps: If set (>= 2), gradients are summed for this many
            calls and their mean applied on the last one; `iterations` then counts the
            updates, while schedules still see every call.
        name: The optimizer's name; defaults to the snake-cased class name.
    """

    def __init__(
        self,
        learning_rate: float | Callable[[int], float],
        weight_decay: float | None = None,
        clipnorm: float | None = None,
        clipvalue: float | None = None,
        global_clipnorm: float | None = None,
        use_ema: bool = False,
        ema_momentum: float = 0.99,
        ema_overwrite_frequency: int | None = None,
        loss_scale_factor: float | None = None,
        gradient_accumulation_steps: int | None = None,
        name: str | None = None,
        **kwargs,
    ):
        check_common_arguments(
            type(self).__name__, kwargs, clipnorm, clipvalue, global_clipnorm, use_ema,
            ema_momentum, ema_overwrite_frequency, gradient_accumulation_steps,
        )
        check_learning_rate(learning_rate)
        self.name = name or unique_name(to_snake_case(type(self).__name__))
        self.weight_decay = weight_decay
        self.clipnorm = clipnorm
        self.clipvalue = clipvalue
        self.global_clipnorm = global_clipnorm
        self.use_ema = use_ema
        self.ema_momentum = ema_momentum
        self.ema_overwrite_frequency = ema_overwrite_frequency
        self.loss_scale_factor = loss_scale_factor
        self.gradient_accumulation_steps = gradient_accumulation_steps

        # The counter and a float learning rate are tensors, as Keras's variables are, so
        # `variables` can be saved and restored in place. They stay on the CPU: reading them
        # each step must not wait for an accelerator.
        self._iterations = torch.zeros((), dtype=torch.int32)
        if callable(learning_rate):
            self._learning_rate = learning_rate
        else:
            self._learning_rate = torch.tensor(learning_rate, dtype=getattr(torch, config.floatx()))
        self.built = False
        self._trainable_variables: list[torch.Tensor] = []
        self._index: dict[int, int] = {}
        self._slots: dict[str, list[torch.Tensor]] = {}

    # --- what subclasses provide ---------------------------------------------------------

    def _slot_groups(self) -> list[tuple[str, ...]]:
        """The per-variable state, one tuple per Keras `add_optimizer_variables` call.

        The names inside one tuple are interleaved per variable (Adam's `m0, v0, m1, v1`),
        and the groups follow one another, which is the order Keras saves them in.
        """
        return []

    def _slot_initial_value(self, name: str) -> float:
        """The value every slot `name` starts at (Adagrad's accumulator starts above 0)."""
        return 0.0

    def _build_extra(self, variables: list[torch.Tensor]) -> None:
        """Creates the state that is not per-variable; see `_extra_variables`."""

    def _extra_variables(self) -> list[torch.Tensor]:
        """State that is not per-variable (Nadam's `u_product`, `add_variable` results),
        saved after the slots."""
        return list(self.__dict__.get("_custom_variables", []))

    def _local_step(self) -> int:
        """The 1-based number of the update being applied, as Keras's `iterations + 1`."""
        return int(self.iterations) + 1

    def _all_slot_groups(self) -> list[tuple[str, ...]]:
        groups = [("average",)] if self.use_ema else []
        if self.gradient_accumulation_steps:
            groups.append(("gradient_accumulator",))
        return groups + self._slot_groups()

    # --- building and state --------------------------------------------------------------

    def build(self, variables: Iterable[torch.Tensor]) -> None:
        """Attaches the optimizer to `variables` and creates zeroed state for each one.

        Building again with the same tensors does nothing; building with different ones
        replaces the state (the iteration count is kept).

        Args:
            variables: The trainable weights, in order (e.g. `model.trainable_weights`).
        """
        variables = list(variables)
        for position, variable in enumerate(variables):
            if not isinstance(variable, torch.Tensor):
                raise TypeError(
                    f"`{type(self).__name__}.build()` expects torch tensors (the model's "
                    f"trainable weights). Received {type(variable).__name__} at position "
                    f"{position}."
                )
        same = len(variables) == len(self._trainable_variables) and all(
            a is b for a, b in zip(variables, self._trainable_variables)
        )
        if self.built and same:
            return
        self._trainable_variables = variables
        self._index = {id(variable): i for i, variable in enumerate(variables)}
        names = [name for group in self._all_slot_groups() for name in group]
        self.__dict__["_custom_variables"] = []
        with torch.no_grad():
            self._slots = {
                name: [torch.full_like(v, self._slot_initial_value(name)) for v in variables]
                for name in names
            }
        self._build_extra(variables)
        self.built = True

    def _ordered_slots(self) -> list[torch.Tensor]:
        count = len(self._trainable_variables)
        return [
            self._slots[name][i]
            for group in self._all_slot_groups()
            for i in range(count)
            for name in group
        ]

    def _follow_variables(self) -> None:
        """Moves the state to the variables' device and dtype after `model.to(...)`."""
        first_slot = next(iter(self._slots.values()), [None])[0]
        if first_slot is None:
            return
        first = self._trainable_variables[0]
        if first_slot.device != first.device or first_slot.dtype != first.dtype:
            self._slots = {
                name: [
                    s.to(device=v.device, dtype=v.dtype)
                    for s, v in zip(slots, self._trainable_variables)
                ]
                for name, slots in self._slots.items()
            }

    @property
    def iterations(self) -> torch.Tensor:
        """The number of updates so far (an int32 scalar tensor, as in Keras); with
        `gradient_accumulation_steps`, the number of calls divided by it."""
        if self.gradient_accumulation_steps:
            return self._iterations // self.gradient_accumulation_steps
        return self._iterations

    @property
    def learning_rate(self) -> float:
        """The learning rate for the next step, as a Python float."""
        return float(self._current_learning_rate())

    @learning_rate.setter
    def learning_rate(self, value) -> None:
        if callable(value):
            self._learning_rate = value
        elif callable(self._learning_rate):
            raise TypeError(
                f"Optimizer '{self.name}' was created with a callable learning rate, so it "
                f"cannot be set to a number (received {value!r}). Create the optimizer with "
                "a float `learning_rate` if it must be changed during training."
            )
        else:
            self._learning_rate.fill_(float(value))

    @property
    def variables(self) -> list[torch.Tensor]:
        """The optimizer state in Keras's saving order.

        `[iterations, learning_rate, *slots]`; the learning rate is left out when it is a
        callable. Adam's slots are `momentum, velocity` per variable, then the
        `velocity_hat` of every variable when `amsgrad=True`.
        """
        head = [self._iterations]
        if not callable(self._learning_rate):
            head.append(self._learning_rate)
        return head + self._ordered_slots() + self._extra_variables()

    # --- applying updates ----------------------------------------------------------------

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Clears the gradients of the built variables, as `torch.optim` does."""
        for variable in self._trainable_variables:
            if variable.grad is None:
                continue
            if set_to_none:
                variable.grad = None
            else:
                variable.grad.detach_()
                variable.grad.zero_()

    @torch.no_grad()
    def step(self) -> None:
        """Updates every built variable from its `.grad`; variables without one are skipped."""
        if not self.built:
            raise ValueError(
                f"Optimizer '{self.name}' is not built. Call "
                "`optimizer.build(model.trainable_weights)` before `step()`."
            )
        indices = [i for i, v in enumerate(self._trainable_variables) if v.grad is not None]
        if indices:
            self._apply([self._trainable_variables[i].grad for i in indices], indices)
        self._iterations += 1

    def apply(self, grads: Sequence, trainable_variables: Sequence | None = None) -> torch.Tensor:
        """Applies `grads` to `trainable_variables` (by default the variables the optimizer
        was built for), as Keras's `optimizer.apply` does; call it under `torch.no_grad()`
        in a custom `train_step`."""
        if trainable_variables is None:
            if not self.built:
                raise ValueError(
                    f"Optimizer '{self.name}' is not built: pass `trainable_variables` to "
                    "`apply()` or call `optimizer.build(variables)` first."
                )
            trainable_variables = self._trainable_variables
        return self.apply_gradients(zip(grads, trainable_variables))

    def apply_gradients(self, grads_and_vars: Iterable) -> torch.Tensor:
        """Applies `(gradient, variable)` pairs, building the optimizer on first use.

        Returns:
            `iterations`, as Keras does.
        """
        pairs = list(grads_and_vars)
        if not pairs:
            return self._iterations
        grads, variables = zip(*pairs)
        if not self.built:
            self.build(variables)
        indices = []
        for variable in variables:
            if id(variable) not in self._index:
                raise ValueError(
                    f"Unknown variable of shape {tuple(variable.shape)}: optimizer "
                    f"'{self.name}' was built for {len(self._trainable_variables)} other "
                    "variables and can only update those. Create a new optimizer for a new "
                    "set of variables."
                )
            indices.append(self._index[id(variable)])
        kept = [(g, i, v) for g, i, v in zip(grads, indices, variables) if g is not None]
        if not kept:
            raise ValueError("No gradients provided for any variable.")
        if len(kept) < len(pairs):
            missing = [i for g, i in zip(grads, indices) if g is None]
            warnings.warn(
                f"Gradients do not exist for the variables at positions {missing} when "
                "minimizing the loss. If using `model.compile()`, did you forget to provide "
                "a `loss` argument?",
                stacklevel=2,
            )
        with torch.no_grad():
            self._apply(
                [torch.as_tensor(g, dtype=v.dtype, device=v.device) for g, _, v in kept],
                [i for _, i, _ in kept],
            )
        self._iterations += 1
        return self._iterations

    def _current_learning_rate(self) -> torch.Tensor:
        dtype = getattr(torch, config.floatx())
        if isinstance(self._learning_rate, LearningRateSchedule):
            value = self._learning_rate(self._iterations.clone())
            return torch.as_tensor(value, dtype=dtype).detach().cpu()
        if callable(self._learning_rate):
            value = self._learning_rate(int(self._iterations))
            return torch.tensor(float(value), dtype=dtype)
        return self._learning_rate

    def scale_loss(self, loss):
        """`loss * loss_scale_factor` when the factor is set, else `loss` (Keras's API)."""
        return loss if self.loss_scale_factor is None else loss * self.loss_scale_factor

    def _apply(self, grads: list[torch.Tensor], indices: list[int]) -> None:
        self._follow_variables()
        if indices == list(range(len(self._trainable_variables))):
            variables, slots = self._trainable_variables, self._slots
        else:
            variables = [self._trainable_variables[i] for i in indices]
            slots = {name: [s[i] for i in indices] for name, s in self._slots.items()}
        if self.loss_scale_factor is not None:
            grads = torch._foreach_div(grads, self.loss_scale_factor)
        steps = self.gradient_accumulation_steps
        if not steps:
            self._clip_decay_and_update(grads, variables, slots)
        elif (int(self._iterations) + 1) % steps == 0:
            sums = torch._foreach_add(grads, slots["gradient_accumulator"])
            self._clip_decay_and_update(torch._foreach_div(sums, steps), variables, slots)
            torch._foreach_zero_(slots["gradient_accumulator"])
        else:
            torch._foreach_add_(slots["gradient_accumulator"], grads)
        if self.use_ema:
            self._update_moving_average()
        for variable in variables:  # Keras applies each weight's constraint after its step
            if getattr(variable, "constraint", None) is not None:
                variable.copy_(variable.constraint(variable))

    def _clip_decay_and_update(self, grads, variables, slots) -> None:
        grads = self._clip_gradients(grads)
        lr = self._current_learning_rate()
        self._apply_weight_decay(variables, lr)
        self._update_step(grads, variables, slots, float(lr))

    def _clip_gradients(self, grads: list[torch.Tensor]) -> list[torch.Tensor]:
        return clip_gradients(grads, self.clipnorm, self.global_clipnorm, self.clipvalue)

    # --- configuration -------------------------------------------------------------------

    def get_config(self) -> dict:
        """The constructor arguments under Keras's keys, in Keras's order.

        A float learning rate reads back float32-rounded (0.001 -> 0.0010000000474974513),
        as Keras writes it; a callable one is returned as is and is not JSON-serializable.
        """
        if isinstance(self._learning_rate, LearningRateSchedule):
            learning_rate = registry.serialize_keras_object(self._learning_rate)
        elif callable(self._learning_rate):
            learning_rate = self._learning_rate
        else:
            learning_rate = float(self._learning_rate)
        return {
            "name": self.name,
            "learning_rate": learning_rate,
            "weight_decay": self.weight_decay,
            "clipnorm": self.clipnorm,
            "global_clipnorm": self.global_clipnorm,
            "clipvalue": self.clipvalue,
            "use_ema": self.use_ema,
            "ema_momentum": self.ema_momentum,
            "ema_overwrite_frequency": self.ema_overwrite_frequency,
            "loss_scale_factor": self.loss_scale_factor,
            "gradient_accumulation_steps": self.gradient_accumulation_steps,
        }

    # The registry passes `custom_objects` on, for a user schedule in the config.
    _from_config_takes_objects = FromConfigTakesObjects()

    @classmethod
    def from_config(cls, config: dict, custom_objects=None, safe_mode=True) -> "Optimizer":
        """Creates an optimizer from `get_config()` output (or a Keras optimizer config);
        a serialized schedule under `learning_rate` is rebuilt through the registry."""
        config = dict(config)
        if isinstance(config.get("learning_rate"), dict):
            config["learning_rate"] = registry.deserialize_keras_object(
                config["learning_rate"], custom_objects, safe_mode, kind="schedules"
            )
        return cls(**config)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name} learning_rate={self.learning_rate:g}>"
