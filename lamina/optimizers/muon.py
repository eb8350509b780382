"""Muon: orthogonalized momentum for 2-D weights, AdamW for the others."""

import re

import torch

from .arguments import base_arguments
from .optimizer import Optimizer


class Muon(Optimizer):
    """Muon (Jordan et al., 2024), as Keras computes it.

    2-D weights (not embeddings, not matching `exclude_layers`) follow momentum whose
    update is orthogonalized by `ns_steps` Newton-Schulz iterations and scaled by
    `rms_rate * sqrt(max(rows, cols))`; every other weight follows AdamW with
    `adam_beta_1`, `adam_beta_2`, `adam_weight_decay` and `learning_rate * adam_lr_ratio`.

    Args:
        learning_rate: A float or a schedule. Defaults to `0.001`.
        adam_beta_1, adam_beta_2: The AdamW moments' decay rates. Defaults `0.9`, `0.999`.
        adam_weight_decay: The AdamW weights' decay. Defaults to `0.004`.
        epsilon: AdamW's epsilon. Defaults to `1e-7`.
        weight_decay: The Muon weights' decay. Defaults to `0.004`.
        exclude_layers: Regular expressions; weights whose `path` matches use AdamW.
        exclude_embeddings: Whether weights with "embedding" in their path use AdamW.
            Defaults to `True`.
        muon_a, muon_b, muon_c: The Newton-Schulz coefficients.
        adam_lr_ratio: AdamW's learning rate as a multiple of `learning_rate`.
        momentum: Muon's momentum. Defaults to `0.95`.
        ns_steps: Newton-Schulz iterations. Defaults to `5`.
        nesterov: Whether to use Nesterov momentum. Defaults to `True`.
        rms_rate: The update's RMS scale, or `None` for none. Defaults to `0.2`.
        clipnorm, clipvalue, global_clipnorm, use_ema, ema_momentum,
            ema_overwrite_frequency, loss_scale_factor, gradient_accumulation_steps,
            name: The base arguments; see `Optimizer`.
    """

    def __init__(
        self,
        learning_rate=0.001,
        adam_beta_1=0.9,
        adam_beta_2=0.999,
        adam_weight_decay=0.004,
        epsilon=1e-7,
        weight_decay=0.004,
        clipnorm=None,
        clipvalue=None,
        global_clipnorm=None,
        use_ema=False,
        ema_momentum=0.99,
        ema_overwrite_frequency=None,
        loss_scale_factor=None,
        gradient_accumulation_steps=None,
        name=None,
        exclude_layers=None,
        exclude_embeddings=True,
        muon_a=3.4445,
        muon_b=-4.775,
        muon_c=2.0315,
        adam_lr_ratio=1,
        momentum=0.95,
        ns_steps=5,
        nesterov=True,
        rms_rate=0.2,
        **kwargs,
    ):
        super().__init__(learning_rate=learning_rate, **base_arguments(locals()), **kwargs)
        self.adam_beta_1 = adam_beta_1
        self.adam_beta_2 = adam_beta_2
        self.epsilon = epsilon
        self.muon_a = muon_a
        self.muon_b = muon_b
        self.muon_c = muon_c
        self.adam_lr_ratio = adam_lr_ratio
        self.momentum = momentum
        self.ns_steps = ns_steps
        self.nesterov = nesterov
        self.exclude_embeddings = exclude_embeddings
        self.exclude_layers = exclude_layers or []
        self.adam_weight_decay = adam_weight_decay
        self.rms_rate = rms_rate

    def _should_use_adamw(self, variable) -> bool:
        if variable.dim() != 2:
            return True
        path = str(getattr(variable, "path", getattr(variable, "name", "")))
        if self.exclude_embeddings and "embedding" in path.lower():
            return True
        return any(re.search(keyword, path) for keyword in self.exclude_layers)

    def _build_extra(self, variables):
        # Every weight has a momentum; only the AdamW ones have a velocity (the others
        # hold an empty placeholder, which is not saved).
        self._slots["momentum"] = [torch.zeros_like(v) for v in variables]
        self._slots["velocity"] = [
            torch.zeros_like(v) if self._should_use_adamw(v) else v.new_zeros(0)
            for v in variables
        ]

    def _ordered_slots(self):
        own = []
        for variable, m, v in zip(self._trainable_variables, self._slots["momentum"], self._slots["velocity"]):
            own += [m, v] if self._should_use_adamw(variable) else [m]
        return super()._ordered_slots() + own

    def _apply_weight_decay(self, variables, lr):
        for variable in variables:
            if not self._use_weight_decay(variable):
                continue
            adamw = self._should_use_adamw(variable)
            decay = self.adam_weight_decay if adamw else self.weight_decay
            if decay is not None:
                variable.sub_(variable * torch.tensor(decay, dtype=variable.dtype) * lr)

    def _update_step(self, grads, variables, slots, lr):
        for g, w, m, v in zip(grads, variables, slots["momentum"], slots["velocity"]):
            if self._should_use_adamw(w):
                self._adamw_step(g, w, m, v, lr * self.adam_lr_ratio)
            else:
                self._muon_step(g, w, m, lr)

    def _muon_step(self, g, w, m, lr):
        m.add_(g + m * (self.momentum - 1))
        direction = g + self.momentum * m if self.nesterov else m
        update = torch.tensor(lr, dtype=w.dtype) * self._orthogonalize(direction)
        if self.rms_rate is not None:
            scale = torch.sqrt(torch.tensor(float(max(update.shape[0], update.shape[1]))))
            update = update * scale * self.rms_rate
        w.sub_(update)

    def _adamw_step(self, g, w, m, v, lr):
        dtype = w.dtype
        t = torch.tensor(self._local_step(), dtype=dtype)
        beta_1, beta_2 = (torch.tensor(x, dtype=dtype) for x in (self.adam_beta_1, self.adam_beta_2))
        alpha = torch.tensor(lr, dtype=dtype) * torch.sqrt(1 - beta_2**t) / (1 - beta_1**t)
        m.add_((g - m) * (1 - self.adam_beta_1))
        v.add_((g * g - v) * (1 - self.adam_beta_2))
        w.sub_(m * alpha / (torch.sqrt(v) + self.epsilon))

    def _orthogonalize(self, x: torch.Tensor) -> torch.Tensor:
        """`ns_steps` quintic Newton-Schulz iterations towards the nearest orthogonal matrix."""
        a, b, c = self.muon_a, self.muon_b, self.muon_c
        tall = x.shape[-2] > x.shape[-1]
        if tall:
            x = x.transpose(-2, -1)
        x = x / (torch.linalg.matrix_norm(x, keepdim=True) + 1e-7)
        for _ in range(self.ns_steps):
            gram = x @ x.transpose(-2, -1)
            x = a * x + (b * gram + (c * gram) @ gram) @ x
        return x.transpose(-2, -1) if tall else x

    def get_config(self):
        return {
            **super().get_config(),
            "adam_beta_1": self.adam_beta_1,
            "adam_beta_2": self.adam_beta_2,
            "epsilon": self.epsilon,
            "exclude_layers": self.exclude_layers,
            "muon_a": self.muon_a,
            "muon_b": self.muon_b,
            "muon_c": self.muon_c,
            "adam_lr_ratio": self.adam_lr_ratio,
            "momentum": self.momentum,
            "ns_steps": self.ns_steps,
            "nesterov": self.nesterov,
            "exclude_embeddings": self.exclude_embeddings,
            "adam_weight_decay": self.adam_weight_decay,
            "rms_rate": self.rms_rate,
        }


