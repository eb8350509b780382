"""Cosine decay (with an optional linear warmup) and cosine decay with warm restarts."""

import math

import torch

from .base import LearningRateSchedule, check_positive_steps, float_tensor


def _cosine(fraction: torch.Tensor, alpha) -> torch.Tensor:
    """`(1 - alpha) * (1 + cos(pi * fraction)) / 2 + alpha`, in floatx."""
    cosine = 0.5 * (1.0 + torch.cos(float_tensor(math.pi) * fraction))
    return (1 - alpha) * cosine + alpha


class CosineDecay(LearningRateSchedule):
    """Cosine decay from the starting rate to `alpha` times it over `decay_steps`,
    optionally after a linear warmup (SGDR, Loshchilov & Hutter 2016).

    Without `warmup_target` the decay starts at `initial_learning_rate`. With it, the rate
    first rises linearly from `initial_learning_rate` to `warmup_target` over
    `warmup_steps`, then decays from `warmup_target`.

    Args:
        initial_learning_rate: The rate at step 0.
        decay_steps: A positive number of steps to decay over (after the warmup).
        alpha: The final rate as a fraction of the decay's starting rate. Defaults to `0.0`.
        name: Defaults to `"CosineDecay"`.
        warmup_target: The rate reached at the end of the warmup, or `None` for no warmup.
        warmup_steps: The length of the warmup. Defaults to `0`.
    """

    def __init__(
        self,
        initial_learning_rate,
        decay_steps,
        alpha=0.0,
        name="CosineDecay",
        warmup_target=None,
        warmup_steps=0,
    ):
        check_positive_steps("decay_steps", decay_steps)
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.alpha = alpha
        self.name = name
        self.warmup_steps = warmup_steps
        self.warmup_target = warmup_target

    def __call__(self, step):
        initial = float_tensor(self.initial_learning_rate)
        decay_steps, step = float_tensor(self.decay_steps), float_tensor(step)
        if self.warmup_target is None:
            step = torch.minimum(step, decay_steps)
            return initial * _cosine(step / decay_steps, self.alpha)
        target, warmup_steps = float_tensor(self.warmup_target), float_tensor(self.warmup_steps)
        step = torch.minimum(step, decay_steps + warmup_steps)
        if step < warmup_steps:
            return (target - initial) * (step / warmup_steps) + initial
        return target * _cosine((step - warmup_steps) / decay_steps, self.alpha)

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "alpha": self.alpha,
            "name": self.name,
            "warmup_target": self.warmup_target,
            "warmup_steps": self.warmup_steps,
        }


class CosineDecayRestarts(LearningRateSchedule):
    """Cosine decay with warm restarts (SGDR): each period decays from its peak to `alpha`
    times the initial rate, then restarts; period `i` lasts `first_decay_steps * t_mul**i`
    steps and peaks at `initial_learning_rate * m_mul**i`.

    Args:
        initial_learning_rate: The peak rate of the first period.
        first_decay_steps: A positive length of the first period.
        t_mul: The growth factor of the period length. Defaults to `2.0`.
        m_mul: The factor of the peak rate per restart. Defaults to `1.0`.
        alpha: The lowest rate as a fraction of `initial_learning_rate`. Defaults to `0.0`.
        name: Defaults to `"SGDRDecay"`.
    """

    def __init__(
        self,
        initial_learning_rate,
        first_decay_steps,
        t_mul=2.0,
        m_mul=1.0,
        alpha=0.0,
        name="SGDRDecay",
    ):
        check_positive_steps("first_decay_steps", first_decay_steps)
        self.initial_learning_rate = initial_learning_rate
        self.first_decay_steps = first_decay_steps
        self._t_mul = t_mul
        self._m_mul = m_mul
        self.alpha = alpha
        self.name = name

    def __call__(self, step):
        alpha, t_mul, m_mul = (float_tensor(x) for x in (self.alpha, self._t_mul, self._m_mul))
        fraction = float_tensor(step) / float_tensor(self.first_decay_steps)
        if self._t_mul == 1.0:
            restart = torch.floor(fraction)
            fraction = fraction - restart
        else:
            # Periods grow geometrically: find the period from the partial sums of t_mul**i.
            restart = torch.floor(torch.log(1.0 - fraction * (1.0 - t_mul)) / torch.log(t_mul))
            elapsed = (1.0 - t_mul**restart) / (1.0 - t_mul)
            fraction = (fraction - elapsed) / t_mul**restart
        cosine = 0.5 * m_mul**restart * (1.0 + torch.cos(float_tensor(math.pi) * fraction))
        return float_tensor(self.initial_learning_rate) * ((1 - alpha) * cosine + alpha)

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "first_decay_steps": self.first_decay_steps,
            "t_mul": self._t_mul,
            "m_mul": self._m_mul,
            "alpha": self.alpha,
            "name": self.name,
        }
