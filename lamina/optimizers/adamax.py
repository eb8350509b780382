"""Adamax: Adam with the infinity norm in place of the second moment."""

import torch

from .arguments import base_arguments
from .optimizer import Optimizer


class Adamax(Optimizer):
    """Adamax (Kingma & Ba, 2015, section 7), as Keras computes it:

    ```
    m = beta_1 * m + (1 - beta_1) * g
    u = max(beta_2 * u, |g|)
    w = w - lr * m / ((u + epsilon) * (1 - beta_1**t))
    ```

    Args:
        learning_rate: A float or a schedule. Defaults to `0.001`.
        beta_1: Decay rate of the first moment. Defaults to `0.9`.
        beta_2: Decay rate of the infinity norm. Defaults to `0.999`.
        epsilon: Added to the norm. Defaults to `1e-7`.
        weight_decay, clipnorm, clipvalue, global_clipnorm, use_ema, ema_momentum,
            ema_overwrite_frequency, loss_scale_factor, gradient_accumulation_steps,
            name: The base arguments; see `Optimizer`.
    """

    def __init__(
        self,
        learning_rate=0.001,
        beta_1=0.9,
        beta_2=0.999,
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
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon

    def _slot_groups(self):
        return [("momentum", "norm")]

    def _update_step(self, grads, variables, slots, lr):
        dtype = variables[0].dtype
        t = torch.tensor(self._local_step(), dtype=dtype)
        correction = float(1 - torch.tensor(self.beta_1, dtype=dtype) ** t)
        momentums, norms = slots["momentum"], slots["norm"]
        torch._foreach_mul_(momentums, self.beta_1)
        torch._foreach_add_(momentums, grads, alpha=1 - self.beta_1)
        torch._foreach_mul_(norms, self.beta_2)
        torch._foreach_maximum_(norms, torch._foreach_abs(grads))
        denominators = torch._foreach_add(norms, self.epsilon)
        torch._foreach_mul_(denominators, correction)
        steps = torch._foreach_mul(momentums, lr)
        torch._foreach_sub_(variables, torch._foreach_div(steps, denominators))

    def get_config(self):
        return {
            **super().get_config(),
            "beta_1": self.beta_1,
            "beta_2": self.beta_2,
            "epsilon": self.epsilon,
        }
