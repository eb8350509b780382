"""Adafactor: Adam-like steps with a factored (row and column) second moment."""

import torch

from .arguments import base_arguments
from .optimizer import Optimizer


def _rms(x: torch.Tensor) -> torch.Tensor:
    return torch.sqrt(torch.mean(x * x))


class Adafactor(Optimizer):
    """Adafactor (Shazeer & Stern, 2018), as Keras computes it.

    For a weight of rank >= 2 the second moment is kept as row means `r` and column
    means `c` of `g**2 + epsilon_1` (memory `O(n + m)` instead of `O(nm)`); for the
    others, as a full average. With `beta_2_t = 1 - t**beta_2_decay`:

    ```
    v = (r / mean(r))[..., None] * c[..., None, :]        # or the full average
    u = g / sqrt(v);  u = u / max(1, rms(u) / clip_threshold)
    w = w - max(epsilon_2, rms(w)) * min(lr, 1 / sqrt(t)) * u
    ```

    Args:
        learning_rate: A float or a schedule. Defaults to `0.001`.
        beta_2_decay: The exponent of the second moment's decay. Defaults to `-0.8`.
        epsilon_1: Added to the squared gradient. Defaults to `1e-30`.
        epsilon_2: The floor of the weight's RMS in the step size. Defaults to `1e-3`.
        clip_threshold: The largest RMS of the normalized update. Defaults to `1.0`.
        relative_step: Whether to cap a float learning rate by `1 / sqrt(t)`. Defaults
            to `True` (the step size is capped the same way either way, as in Keras).
        weight_decay, clipnorm, clipvalue, global_clipnorm, use_ema, ema_momentum,
            ema_overwrite_frequency, loss_scale_factor, gradient_accumulation_steps,
            name: The base arguments; see `Optimizer`.
    """

    def __init__(
        self,
        learning_rate=0.001,
        beta_2_decay=-0.8,
        epsilon_1=1e-30,
        epsilon_2=1e-3,
        clip_threshold=1.0,
        relative_step=True,
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
        self.beta_2_decay = beta_2_decay
        self.epsilon_1 = epsilon_1
        self.epsilon_2 = epsilon_2
        self.clip_threshold = clip_threshold
        self.relative_step = relative_step

    def _build_extra(self, variables):
        # Weights of rank < 2 keep two scalar placeholders for `r` and `c`, as Keras saves.
        def factor(v, shape):
            return v.new_zeros(shape if v.dim() >= 2 else ())

        self._slots["r"] = [factor(v, v.shape[:-1]) for v in variables]
        self._slots["c"] = [factor(v, (*v.shape[:-2], v.shape[-1]) if v.dim() >= 2 else ()) for v in variables]
        self._slots["velocity"] = [torch.zeros_like(v) for v in variables]

    def _ordered_slots(self):
        names = ("r", "c", "velocity")
        count = len(self._trainable_variables)
        return super()._ordered_slots() + [self._slots[n][i] for i in range(count) for n in names]

    def _update_step(self, grads, variables, slots, lr):
        dtype = variables[0].dtype
        t = torch.tensor(self._local_step(), dtype=dtype)
        lr = torch.tensor(lr, dtype=dtype)
        rho = torch.minimum(lr, 1 / torch.sqrt(t))
        beta = 1 - t**self.beta_2_decay
        for g, w, r, c, v in zip(grads, variables, slots["r"], slots["c"], slots["velocity"]):
            alpha = torch.clamp(_rms(w), min=self.epsilon_2) * rho
            squared = g * g + self.epsilon_1
            if w.dim() >= 2:
                r.copy_(beta * r + (1 - beta) * squared.mean(dim=-1))
                c.copy_(beta * c + (1 - beta) * squared.mean(dim=-2))
                v.copy_((r / r.mean(dim=-1, keepdim=True)).unsqueeze(-1) * c.unsqueeze(-2))
            else:
                v.copy_(beta * v + (1 - beta) * squared)
            u = g / torch.sqrt(v)
            u = u / torch.clamp(_rms(u) / self.clip_threshold, min=1.0)
            w.sub_(alpha * u)

    def get_config(self):
        return {
            **super().get_config(),
            "beta_2_decay": self.beta_2_decay,
            "epsilon_1": self.epsilon_1,
            "epsilon_2": self.epsilon_2,
            "clip_threshold": self.clip_threshold,
            "relative_step": self.relative_step,
        }
