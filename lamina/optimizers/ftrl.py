"""FTRL-Proximal: per-coordinate learning rates with L1/L2 regularization in the update."""

import torch

from .arguments import base_arguments
from .optimizer import Optimizer


class Ftrl(Optimizer):
    """Follow The Regularized Leader (McMahan et al., 2013), as Keras computes it. With
    `p = -learning_rate_power` and `l2 = l2_regularization_strength + beta / (2 * lr)`:

    ```
    g_shrunk = g + 2 * l2_shrinkage_regularization_strength * w
    new_acc = acc + g**2
    linear = linear + g_shrunk - (new_acc**p - acc**p) / lr * w
    w = (clip(linear, -l1, l1) - linear) / (new_acc**p / lr + 2 * l2)
    acc = new_acc
    ```

    Args:
        learning_rate: A float or a schedule. Defaults to `0.001`.
        learning_rate_power: `<= 0`; how fast the per-coordinate rates fall. Defaults to
            `-0.5`.
        initial_accumulator_value: `>= 0`; the accumulators' start. Defaults to `0.1`.
        l1_regularization_strength: `>= 0`. Defaults to `0.0`.
        l2_regularization_strength: `>= 0`; stabilization penalty. Defaults to `0.0`.
        l2_shrinkage_regularization_strength: `>= 0`; magnitude penalty. Defaults to `0.0`.
        beta: Added to the L2 term as `beta / (2 * lr)`. Defaults to `0.0`.
        weight_decay, clipnorm, clipvalue, global_clipnorm, use_ema, ema_momentum,
            ema_overwrite_frequency, loss_scale_factor, gradient_accumulation_steps,
            name: The base arguments; see `Optimizer`.
    """

    def __init__(
        self,
        learning_rate=0.001,
        learning_rate_power=-0.5,
        initial_accumulator_value=0.1,
        l1_regularization_strength=0.0,
        l2_regularization_strength=0.0,
        l2_shrinkage_regularization_strength=0.0,
        beta=0.0,
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
        checks = {
            "initial_accumulator_value": (initial_accumulator_value, "positive or zero"),
            "learning_rate_power": (-learning_rate_power, "negative or zero"),
            "l1_regularization_strength": (l1_regularization_strength, "positive or zero"),
            "l2_regularization_strength": (l2_regularization_strength, "positive or zero"),
            "l2_shrinkage_regularization_strength": (
                l2_shrinkage_regularization_strength, "positive or zero"
            ),
        }
        for key, (value, needed) in checks.items():
            if value < 0.0:
                raise ValueError(
                    f"`{key}` needs to be {needed}. Received: {key}={locals()[key]}."
                )
        self.learning_rate_power = learning_rate_power
        self.initial_accumulator_value = initial_accumulator_value
        self.l1_regularization_strength = l1_regularization_strength
        self.l2_regularization_strength = l2_regularization_strength
        self.l2_shrinkage_regularization_strength = l2_shrinkage_regularization_strength
        self.beta = beta

    def _slot_groups(self):
        return [("accumulator", "linear")]

    def _slot_initial_value(self, name):
        return self.initial_accumulator_value if name == "accumulator" else 0.0

    def _update_step(self, grads, variables, slots, lr):
        lr = torch.tensor(lr, dtype=variables[0].dtype)
        power = -self.learning_rate_power
        l1 = self.l1_regularization_strength
        l2 = self.l2_regularization_strength + self.beta / (2.0 * lr)
        shrinkage = 2 * self.l2_shrinkage_regularization_strength
        for g, w, acc, linear in zip(grads, variables, slots["accumulator"], slots["linear"]):
            new_acc = acc + g * g
            new_acc_power = new_acc**power
            linear.add_(g + shrinkage * w - (new_acc_power - acc**power) / lr * w)
            quadratic = new_acc_power / lr + 2 * l2
            w.copy_((linear.clamp(-l1, l1) - linear) / quadratic)
            acc.copy_(new_acc)

    def get_config(self):
        return {
            **super().get_config(),
            "learning_rate_power": self.learning_rate_power,
            "initial_accumulator_value": self.initial_accumulator_value,
            "l1_regularization_strength": self.l1_regularization_strength,
            "l2_regularization_strength": self.l2_regularization_strength,
            "l2_shrinkage_regularization_strength": self.l2_shrinkage_regularization_strength,
            "beta": self.beta,
        }
