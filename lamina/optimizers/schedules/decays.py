"""The closed-form decays: exponential, inverse time, polynomial and piecewise constant."""

import torch

from .base import LearningRateSchedule, check_positive_steps, float_tensor


class ExponentialDecay(LearningRateSchedule):
    """`initial_learning_rate * decay_rate ** (step / decay_steps)`.

    Args:
        initial_learning_rate: The rate at step 0.
        decay_steps: A positive number of steps per factor of `decay_rate`.
        decay_rate: The factor applied every `decay_steps` steps.
        staircase: If `True`, `step / decay_steps` is floored, so the rate drops in steps.
        name: Defaults to `"ExponentialDecay"`.
    """

    def __init__(
        self,
        initial_learning_rate,
        decay_steps,
        decay_rate,
        staircase=False,
        name="ExponentialDecay",
    ):
        check_positive_steps("decay_steps", decay_steps)
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.decay_rate = decay_rate
        self.staircase = staircase
        self.name = name

    def __call__(self, step):
        p = float_tensor(step) / float_tensor(self.decay_steps)
        if self.staircase:
            p = torch.floor(p)
        return float_tensor(self.initial_learning_rate) * float_tensor(self.decay_rate) ** p

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "decay_rate": self.decay_rate,
            "staircase": self.staircase,
            "name": self.name,
        }


class InverseTimeDecay(LearningRateSchedule):
    """`initial_learning_rate / (1 + decay_rate * step / decay_steps)`.

    Args:
        initial_learning_rate: The rate at step 0.
        decay_steps: A positive number of steps; see the formula.
        decay_rate: The decay rate.
        staircase: If `True`, `step / decay_steps` is floored.
        name: Defaults to `"InverseTimeDecay"`.
    """

    def __init__(
        self,
        initial_learning_rate,
        decay_steps,
        decay_rate,
        staircase=False,
        name="InverseTimeDecay",
    ):
        check_positive_steps("decay_steps", decay_steps)
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.decay_rate = decay_rate
        self.staircase = staircase
        self.name = name

    def __call__(self, step):
        p = float_tensor(step) / float_tensor(self.decay_steps)
        if self.staircase:
            p = torch.floor(p)
        denominator = float_tensor(1.0) + float_tensor(self.decay_rate) * p
        return float_tensor(self.initial_learning_rate) / denominator

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "decay_rate": self.decay_rate,
            "staircase": self.staircase,
            "name": self.name,
        }


class PolynomialDecay(LearningRateSchedule):
    """From `initial_learning_rate` to `end_learning_rate` along `(1 - step / decay_steps) ** power`.

    Past `decay_steps` the rate stays at `end_learning_rate`, unless `cycle=True`: then
    `decay_steps` grows to the first multiple of itself that is at least `step`.

    Args:
        initial_learning_rate: The rate at step 0.
        decay_steps: A positive number of steps to decay over.
        end_learning_rate: The final rate. Defaults to `0.0001`.
        power: The power of the polynomial. Defaults to `1.0` (linear).
        cycle: Whether to restart the decay past `decay_steps`. Defaults to `False`.
        name: Defaults to `"PolynomialDecay"`.
    """

    def __init__(
        self,
        initial_learning_rate,
        decay_steps,
        end_learning_rate=0.0001,
        power=1.0,
        cycle=False,
        name="PolynomialDecay",
    ):
        check_positive_steps("decay_steps", decay_steps)
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.end_learning_rate = end_learning_rate
        self.power = power
        self.cycle = cycle
        self.name = name

    def __call__(self, step):
        initial, end = float_tensor(self.initial_learning_rate), float_tensor(self.end_learning_rate)
        step, decay_steps = float_tensor(step), float_tensor(self.decay_steps)
        if self.cycle:
            multiplier = torch.where(step == 0, 1.0, torch.ceil(step / self.decay_steps))
            decay_steps = decay_steps * multiplier
        else:
            step = torch.minimum(step, decay_steps)
        p = step / decay_steps
        return (initial - end) * (1 - p) ** float_tensor(self.power) + end

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "end_learning_rate": self.end_learning_rate,
            "power": self.power,
            "cycle": self.cycle,
            "name": self.name,
        }


class PiecewiseConstantDecay(LearningRateSchedule):
    """`values[0]` while `step <= boundaries[0]`, `values[1]` while `step <= boundaries[1]`,
    ..., and `values[-1]` past the last boundary.

    Args:
        boundaries: Strictly increasing step numbers.
        values: One more value than `boundaries`.
        name: Defaults to `"PiecewiseConstant"`.
    """

    def __init__(self, boundaries, values, name="PiecewiseConstant"):
        if len(boundaries) != len(values) - 1:
            raise ValueError(
                "The length of boundaries should be 1 less than the length of values. "
                f"Received: boundaries={boundaries} of length {len(boundaries)}, and "
                f"values={values} of length {len(values)}."
            )
        self.boundaries = boundaries
        self.values = values
        self.name = name

    def __call__(self, step):
        step = float(step)
        index = sum(step > boundary for boundary in self.boundaries)
        return float_tensor(self.values[index])

    def get_config(self):
        return {"boundaries": self.boundaries, "values": self.values, "name": self.name}
