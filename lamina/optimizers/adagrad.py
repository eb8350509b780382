"""Adagrad: step sizes that shrink with each weight's accumulated squared gradients."""

import torch

from .arguments import base_arguments
from .optimizer import Optimizer


class Adagrad(Optimizer):
    """Adagrad (Duchi et al., 2011), as Keras computes it:

    ```
    accumulator = accumulator + g**2            # starts at initial_accumulator_value
    w = w - lr * g / sqrt(accumulator + epsilon)
    ```

    Args:
        learning_rate: A float or a schedule. Defaults to `0.001`.
        initial_accumulator_value: The accumulators' starting value. Defaults to `0.1`.
        epsilon: Added inside the square root. Defaults to `1e-7`.
        weight_decay, clipnorm, clipvalue, global_clipnorm, use_ema, ema_momentum,
            ema_overwrite_frequency, loss_scale_factor, gradient_accumulation_steps,
            name: The base arguments; see `Optimizer`.
    """

    def __init__(
        self,
        learning_rate=0.001,
        initial_accumulator_value=0.1,
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
        self.initial_accumulator_value = initial_accumulator_value
        self.epsilon = epsilon

    def _slot_groups(self):
        return [("accumulator",)]

    def _slot_initial_value(self, name):
        return self.initial_accumulator_value if name == "accumulator" else 0.0

    def _update_step(self, grads, variables, slots, lr):
        accumulators = slots["accumulator"]
        torch._foreach_addcmul_(accumulators, grads, grads)
        denominators = torch._foreach_sqrt(torch._foreach_add(accumulators, self.epsilon))
        steps = torch._foreach_mul(grads, lr)
        torch._foreach_sub_(variables, torch._foreach_div(steps, denominators))

    def get_config(self):
        return {
            **super().get_config(),
            "initial_accumulator_value": self.initial_accumulator_value,
            "epsilon": self.epsilon,
        }
