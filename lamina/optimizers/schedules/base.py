"""`LearningRateSchedule`: the base of every schedule, and the tensor helpers they share."""

import torch

from lamina import config


class LearningRateSchedule:
    """A learning rate that changes with the optimizer step.

    Pass an instance as any optimizer's `learning_rate`: the optimizer calls it with its
    `iterations` before each update. A subclass implements `__call__(self, step)`, which
    returns the rate for `step` (a float or a scalar tensor), and `get_config()` to be
    saved with the optimizer.

    Example:

    ```python
    class InverseSqrt(keras.optimizers.schedules.LearningRateSchedule):
        def __init__(self, peak):
            self.peak = peak

        def __call__(self, step):
            return self.peak / (step + 1) ** 0.5

        def get_config(self):
            return {"peak": self.peak}
    ```
    """

    def __call__(self, step):
        raise NotImplementedError(
            f"Learning rate schedule '{type(self).__name__}' must override "
            "`__call__(self, step)`."
        )

    def get_config(self) -> dict:
        raise NotImplementedError(
            f"Learning rate schedule '{type(self).__name__}' must override `get_config()` "
            "in order to be serializable."
        )

    @classmethod
    def from_config(cls, config: dict) -> "LearningRateSchedule":
        """Creates the schedule from `get_config()` output."""
        return cls(**config)


def float_tensor(value) -> torch.Tensor:
    """`value` (a number, or a tensor such as the optimizer's int32 step) as a floatx scalar."""
    dtype = getattr(torch, config.floatx())
    if torch.is_tensor(value):
        return value.detach().to(device="cpu", dtype=dtype)
    return torch.tensor(value, dtype=dtype)


def check_positive_steps(name: str, value) -> None:
    """The one error for a decay length that is zero or negative."""
    if value <= 0:
        raise ValueError(f"Argument `{name}` must be > 0. Received: {name}={value}")
