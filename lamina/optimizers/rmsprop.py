"""RMSprop, with Keras's placement of epsilon."""

import torch

from .arguments import base_arguments
from .optimizer import Optimizer


class RMSprop(Optimizer):
    """Divides each gradient by a running root-mean-square of recent gradients.

    Keras adds `epsilon` inside the square root (torch adds it outside), and its momentum
    accumulates the already-scaled step:

    ```
    v = rho * v + (1 - rho) * g**2
    a = rho * a + (1 - rho) * g                       # centered=True only
    step = lr * g / sqrt(v - a**2 + epsilon)          # without `- a**2` if not centered
    m = momentum * m + step; w = w - m                # momentum > 0, else w = w - step
    ```

    Args:
        learning_rate: A float or a callable schedule. Defaults to `0.001`.
        rho: Decay rate of the squared-gradient average. Defaults to `0.9`.
        momentum: Momentum factor; `0.0` (the default) disables it.
        epsilon: Added under the square root for numerical stability. Defaults to `1e-7`.
        centered: Whether to normalize by the estimated variance instead of the second
            moment. Defaults to `False`.
        **kwargs: The base arguments (`weight_decay`, `clipnorm`, `clipvalue`,
            `global_clipnorm`, `name`, ...); see `Optimizer`.
    """

    def __init__(
        self,
        learning_rate: float = 0.001,
        rho: float = 0.9,
        momentum: float = 0.0,
        epsilon: float = 1e-7,
        centered: bool = False,
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
        super().__init__(learning_rate=learning_rate, **base_arguments(locals()), **kwargs)
        self.rho = rho
        self.momentum = momentum
        self.epsilon = epsilon
        self.centered = centered

    def _slot_groups(self):
        groups = [("velocity",)]
        if self.momentum > 0:
            groups.append(("momentum",))
        if self.centered:
            groups.append(("average_gradient",))
        return groups

    def _update_step(self, grads, variables, slots, lr):
        velocities = slots["velocity"]
        torch._foreach_mul_(velocities, self.rho)
        torch._foreach_addcmul_(velocities, grads, grads, value=1 - self.rho)
        denominators = torch._foreach_add(velocities, self.epsilon)
        if self.centered:
            averages = slots["average_gradient"]
            torch._foreach_mul_(averages, self.rho)
            torch._foreach_add_(averages, grads, alpha=1 - self.rho)
            torch._foreach_addcmul_(denominators, averages, averages, value=-1)
        torch._foreach_sqrt_(denominators)
        if self.momentum > 0:
            momentums = slots["momentum"]
            torch._foreach_mul_(momentums, self.momentum)
            torch._foreach_addcdiv_(momentums, grads, denominators, value=lr)
            torch._foreach_sub_(variables, momentums)
        else:
            torch._foreach_addcdiv_(variables, grads, denominators, value=-lr)

    def get_config(self):
        return {
            **super().get_config(),
            "rho": self.rho,
            "momentum": self.momentum,
            "epsilon": self.epsilon,
            "centered": self.centered,
        }
