"""Adam, with Keras's placement of epsilon."""

import torch

from .arguments import base_arguments
from .optimizer import Optimizer


class Adam(Optimizer):
    """Adam: per-weight step sizes from running averages of the gradient and its square.

    Keras folds both bias corrections into the step size and adds `epsilon` to the
    uncorrected `sqrt(v)`, so its `epsilon=1e-7` is not torch's `eps=1e-7`:

    ```
    m = m + (g - m) * (1 - beta_1)
    v = v + (g**2 - v) * (1 - beta_2)
    w = w - lr * sqrt(1 - beta_2**t) / (1 - beta_1**t) * m / (sqrt(v) + epsilon)
    ```

    Args:
        learning_rate: A float or a callable schedule. Defaults to `0.001`.
        beta_1: Decay rate of the first-moment average. Defaults to `0.9`.
        beta_2: Decay rate of the second-moment average. Defaults to `0.999`.
        epsilon: Added to `sqrt(v)` for numerical stability. Defaults to `1e-7`.
        amsgrad: Whether to divide by the running maximum of `v` (AMSGrad).
            Defaults to `False`.
        **kwargs: The base arguments (`weight_decay`, `clipnorm`, `clipvalue`,
            `global_clipnorm`, `name`, ...); see `Optimizer`.
    """

    def __init__(
        self,
        learning_rate: float = 0.001,
        beta_1: float = 0.9,
        beta_2: float = 0.999,
        epsilon: float = 1e-7,
        amsgrad: bool = False,
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
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.amsgrad = amsgrad

    def _slot_groups(self):
        groups = [("momentum", "velocity")]
        if self.amsgrad:
            groups.append(("velocity_hat",))
        return groups

    def _update_step(self, grads, variables, slots, lr):
        # Keras forms the step size in the variables' dtype. In float32, rounding beta_2 alone
        # moves the first step by ~7e-6 relative, so compute it the same way.
        dtype = variables[0].dtype
        beta_1, beta_2, rate = (
            torch.tensor(x, dtype=dtype) for x in (self.beta_1, self.beta_2, lr)
        )
        t = self._local_step()
        alpha = float(rate * torch.sqrt(1 - beta_2**t) / (1 - beta_1**t))

        momentums, velocities = slots["momentum"], slots["velocity"]
        torch._foreach_lerp_(momentums, grads, 1 - self.beta_1)
        torch._foreach_mul_(velocities, self.beta_2)
        torch._foreach_addcmul_(velocities, grads, grads, value=1 - self.beta_2)
        if self.amsgrad:
            torch._foreach_maximum_(slots["velocity_hat"], velocities)
            velocities = slots["velocity_hat"]
        denominators = torch._foreach_sqrt(velocities)
        torch._foreach_add_(denominators, self.epsilon)
        torch._foreach_addcdiv_(variables, momentums, denominators, value=-alpha)

    def get_config(self):
        return {
            **super().get_config(),
            "beta_1": self.beta_1,
            "beta_2": self.beta_2,
            "epsilon": self.epsilon,
            "amsgrad": self.amsgrad,
        }
