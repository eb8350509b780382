"""Adadelta: step sizes from running averages of squared gradients and squared updates."""

import torch

from .arguments import base_arguments
from .optimizer import Optimizer


class Adadelta(Optimizer):
    """Adadelta (Zeiler, 2012), as Keras computes it, scaled by `learning_rate`:

    ```
    acc_grad = rho * acc_grad + (1 - rho) * g**2
    delta = -sqrt(acc_delta + epsilon) * g / sqrt(acc_grad + epsilon)
    acc_delta = rho * acc_delta + (1 - rho) * delta**2
    w = w + lr * delta
    ```

    Args:
        learning_rate: A float or a schedule. Defaults to `0.001` (the paper uses `1.0`).
        rho: The decay rate of both averages. Defaults to `0.95`.
        epsilon: Added inside the square roots. Defaults to `1e-7`.
        weight_decay, clipnorm, clipvalue, global_clipnorm, use_ema, ema_momentum,
            ema_overwrite_frequency, loss_scale_factor, gradient_accumulation_steps,
            name: The base arguments; see `Optimizer`.
    """

    def __init__(
        self,
        learning_rate=0.001,
        rho=0.95,
        epsilon=1e-7,
        weight_decay=None,
        clipnorm=None,
        clipvalue=None,
        global_clipnorm=None,
        use_ema=False,
        ema_momentum=0.99,
        ema_overwrite_frequency=None,
        loss_scale_factor=None,
        gradient_accumulation_steps=None,
        name=None,
        **kwargs,
    ):
        super().__init__(learning_rate=learning_rate, **base_arguments(locals()), **kwargs)
        self.rho = rho
        self.epsilon = epsilon

    def _slot_groups(self):
        return [("accumulated_grad", "accumulated_delta_var")]

    def _update_step(self, grads, variables, slots, lr):
        rho = self.rho
        acc_grads, acc_deltas = slots["accumulated_grad"], slots["accumulated_delta_var"]
        torch._foreach_mul_(acc_grads, rho)
        torch._foreach_add_(acc_grads, torch._foreach_mul(grads, grads), alpha=1 - rho)
        rms_delta = torch._foreach_sqrt(torch._foreach_add(acc_deltas, self.epsilon))
        rms_grad = torch._foreach_sqrt(torch._foreach_add(acc_grads, self.epsilon))
        deltas = torch._foreach_div(torch._foreach_mul(rms_delta, grads), rms_grad)
        torch._foreach_neg_(deltas)
        torch._foreach_mul_(acc_deltas, rho)
        torch._foreach_add_(acc_deltas, torch._foreach_mul(deltas, deltas), alpha=1 - rho)
        torch._foreach_add_(variables, deltas, alpha=lr)

    def get_config(self):
        return {**super().get_config(), "rho": self.rho, "epsilon": self.epsilon}
