"""Stochastic gradient descent, with Keras's momentum convention."""

import torch

from .arguments import base_arguments
from .optimizer import Optimizer


class SGD(Optimizer):
    """Gradient descent, optionally with (Nesterov) momentum.

    Keras keeps the velocity with the learning rate already folded in, so changing the
    learning rate mid-training does not rescale the stored momentum (torch's `SGD` does):

    ```
    velocity = momentum * velocity - learning_rate * g
    w = w + velocity                                        # nesterov=False
    w = w + momentum * velocity - learning_rate * g         # nesterov=True
    ```

    Args:
        learning_rate: A float or a callable schedule. Defaults to `0.01`.
        momentum: A float in `[0, 1]`. Defaults to `0.0` (plain gradient descent).
        nesterov: Whether to use Nesterov momentum. Defaults to `False`.
        **kwargs: The base arguments (`weight_decay`, `clipnorm`, `clipvalue`,
            `global_clipnorm`, `name`, ...); see `Optimizer`.
    """

    def __init__(
        self,
        learning_rate: float = 0.01,
        momentum: float = 0.0,
        nesterov: bool = False,
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
        if not isinstance(momentum, float) or not 0 <= momentum <= 1:
            raise ValueError(
                f"`momentum` must be a float between [0, 1]. Received: momentum={momentum!r}"
            )
        self.momentum = momentum
        self.nesterov = nesterov

    def _slot_groups(self):
        return [("momentum",)] if self.momentum != 0 else []

    def _update_step(self, grads, variables, slots, lr):
        if self.momentum == 0:
            torch._foreach_add_(variables, grads, alpha=-lr)
            return
        velocities = slots["momentum"]
        torch._foreach_mul_(velocities, self.momentum)
        torch._foreach_add_(velocities, grads, alpha=-lr)
        if self.nesterov:
            torch._foreach_add_(variables, grads, alpha=-lr)
            torch._foreach_add_(variables, velocities, alpha=self.momentum)
        else:
            torch._foreach_add_(variables, velocities)

    def get_config(self):
        return {**super().get_config(), "momentum": self.momentum, "nesterov": self.nesterov}
