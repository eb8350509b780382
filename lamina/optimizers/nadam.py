"""Nadam: Adam with Nesterov momentum and Dozat's momentum schedule."""

import torch

from .arguments import base_arguments
from .optimizer import Optimizer


class Nadam(Optimizer):
    """Nadam (Dozat, 2016), as Keras computes it. With `mu_t = beta_1 * (1 - 0.5 * 0.96**t)`
    and `u_product` the running product of the `mu`s (saved as state):

    ```
    m = beta_1 * m + (1 - beta_1) * g
    v = beta_2 * v + (1 - beta_2) * g**2
    m_hat = mu_{t+1} * m / (1 - u_product * mu_{t+1}) + (1 - mu_t) * g / (1 - u_product)
    w = w - lr * m_hat / (sqrt(v / (1 - beta_2**t)) + epsilon)
    ```

    Args:
        learning_rate: A float or a schedule. Defaults to `0.001`.
        beta_1: Decay rate of the first moment. Defaults to `0.9`.
        beta_2: Decay rate of the second moment. Defaults to `0.999`.
        epsilon: Added to the root of the second moment. Defaults to `1e-7`.
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
        self._u_product = torch.ones(())

    def _slot_groups(self):
        return [("momentum", "velocity")]

    def _build_extra(self, variables):
        dtype = variables[0].dtype if variables else torch.float32
        self._u_product = torch.ones((), dtype=dtype)

    def _extra_variables(self):
        return [self._u_product] if self.built else []

    def _update_step(self, grads, variables, slots, lr):
        dtype = self._u_product.dtype
        t = self._local_step()
        decay, beta_1, beta_2 = (torch.tensor(x, dtype=dtype) for x in (0.96, self.beta_1, self.beta_2))
        mu_t = beta_1 * (1.0 - 0.5 * decay ** torch.tensor(t, dtype=dtype))
        mu_next = beta_1 * (1.0 - 0.5 * decay ** torch.tensor(t + 1, dtype=dtype))
        u_product = self._u_product * mu_t
        u_product_next = u_product * mu_next
        self._u_product.copy_(u_product)
        correction = float(1 - beta_2 ** torch.tensor(t, dtype=dtype))

        momentums, velocities = slots["momentum"], slots["velocity"]
        torch._foreach_mul_(momentums, self.beta_1)
        torch._foreach_add_(momentums, grads, alpha=1 - self.beta_1)
        torch._foreach_mul_(velocities, self.beta_2)
        torch._foreach_add_(velocities, torch._foreach_mul(grads, grads), alpha=1 - self.beta_2)

        m_hat = torch._foreach_div(
            torch._foreach_mul(momentums, float(mu_next)), float(1 - u_product_next)
        )
        torch._foreach_add_(
            m_hat,
            torch._foreach_div(torch._foreach_mul(grads, float(1 - mu_t)), float(1 - u_product)),
        )
        denominators = torch._foreach_sqrt(torch._foreach_div(velocities, correction))
        torch._foreach_add_(denominators, self.epsilon)
        torch._foreach_mul_(m_hat, lr)
        torch._foreach_sub_(variables, torch._foreach_div(m_hat, denominators))

    def get_config(self):
        return {
            **super().get_config(),
            "beta_1": self.beta_1,
            "beta_2": self.beta_2,
            "epsilon": self.epsilon,
        }
