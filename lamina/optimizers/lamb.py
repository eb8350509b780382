"""LAMB: Adam's direction, rescaled per variable by the trust ratio ||w|| / ||update||."""

import torch

from .arguments import base_arguments
from .optimizer import Optimizer


class Lamb(Optimizer):
    """LAMB (You et al., 2019), for large-batch training, as Keras computes it:

    ```
    m = m + (g - m) * (1 - beta_1)
    v = v + (g**2 - v) * (1 - beta_2)
    update = (m / (1 - beta_1**t)) / (sqrt(v / (1 - beta_2**t)) + epsilon)
    w = w - lr * (||w|| / ||update||) * update      # ratio 1 when either norm is 0
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

    def _slot_groups(self):
        return [("momentum", "velocity")]

    def _update_step(self, grads, variables, slots, lr):
        dtype = variables[0].dtype
        t = torch.tensor(self._local_step(), dtype=dtype)
        correction_1 = 1.0 - torch.tensor(self.beta_1, dtype=dtype) ** t
        correction_2 = 1.0 - torch.tensor(self.beta_2, dtype=dtype) ** t
        for g, w, m, v in zip(grads, variables, slots["momentum"], slots["velocity"]):
            m.add_((g - m) * (1 - self.beta_1))
            v.add_((g * g - v) * (1 - self.beta_2))
            update = (m / correction_1) / (torch.sqrt(v / correction_2) + self.epsilon)
            w_norm = torch.sqrt(torch.sum(w**2))
            u_norm = torch.sqrt(torch.sum(update**2))
            ratio = torch.where(w_norm > 0, torch.where(u_norm > 0, w_norm / u_norm, 1.0), 1.0)
            w.sub_(ratio * torch.tensor(lr, dtype=dtype) * update)

    def get_config(self):
        return {
            **super().get_config(),
            "beta_1": self.beta_1,
            "beta_2": self.beta_2,
            "epsilon": self.epsilon,
        }
