"""Schedule-Free AdamW: no learning-rate schedule needed, by averaging the iterates."""

import torch

from .arguments import base_arguments
from .optimizer import Optimizer


class ScheduleFreeAdamW(Optimizer):
    """Schedule-Free AdamW (Defazio et al., 2024), as Keras computes it.

    The `momentum` slot holds the base sequence `z` (it starts as a copy of the weights);
    the weights hold the interpolation `y` between `z` and the running average `x`:

    ```
    v = v + (g**2 - v) * (1 - beta_2)
    z = z - lr * g / (sqrt(v / (1 - beta_2**t)) + epsilon)
    x = (y - (1 - beta_1) * z) / beta_1
    x = (1 - 1/t) * x + (1/t) * z
    y = (1 - beta_1) * z + beta_1 * x
    ```

    Keras's torch backend reads `z` after updating it in place when it recovers `x`
    (its `momentum.value` aliases the variable); Lamina does the same, so its weights
    are Keras's.

    Args:
        learning_rate: A float or a schedule. Defaults to `0.0025`.
        beta_1: The interpolation between `z` and `x`. Defaults to `0.9`.
        beta_2: Decay rate of the second moment. Defaults to `0.999`.
        epsilon: Added to the root of the second moment. Defaults to `1e-8`.
        warmup_steps: Steps of linear learning-rate warmup. Defaults to `0`.
        weight_decay, clipnorm, clipvalue, global_clipnorm, use_ema, ema_momentum,
            ema_overwrite_frequency, loss_scale_factor, gradient_accumulation_steps,
            name: The base arguments; see `Optimizer`.
    """

    def __init__(
        self,
        learning_rate=0.0025,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-8,
        warmup_steps=0,
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
        self.warmup_steps = warmup_steps

    def _slot_groups(self):
        return [("momentum", "velocity")]

    def _build_extra(self, variables):
        with torch.no_grad():
            torch._foreach_copy_(self._slots["momentum"], variables)

    def _update_step(self, grads, variables, slots, lr):
        dtype = variables[0].dtype
        t = torch.tensor(self._local_step(), dtype=dtype)
        beta_1, beta_2 = (torch.tensor(x, dtype=dtype) for x in (self.beta_1, self.beta_2))
        lr = torch.tensor(lr, dtype=dtype)
        if self.warmup_steps > 0:
            lr = lr * torch.clamp(t / self.warmup_steps, max=1.0)
        correction = 1 - beta_2**t
        weight = 1.0 / t
        for g, y, z, v in zip(grads, variables, slots["momentum"], slots["velocity"]):
            v.add_((g * g - v) * (1 - beta_2))
            z.sub_(lr * g / (torch.sqrt(v / correction) + self.epsilon))
            x = (y - (1 - beta_1) * z) / beta_1
            x = (1 - weight) * x + weight * z
            y.copy_((1 - beta_1) * z + beta_1 * x)

    def get_config(self):
        return {
            **super().get_config(),
            "beta_1": self.beta_1,
            "beta_2": self.beta_2,
            "epsilon": self.epsilon,
            "warmup_steps": self.warmup_steps,
        }
