"""Subtract: the first of two inputs minus the second."""

from .base_merge import BaseMerge


class Subtract(BaseMerge):
    """Computes `inputs[0] - inputs[1]`; takes exactly two inputs.

    Example:

    >>> Subtract()([torch.ones(2, 3), torch.ones(2, 3)]).abs().sum().item()
    0.0
    """

    _exact_inputs = 2

    def _merge(self, inputs, masks):
        return inputs[0] - inputs[1]


def subtract(inputs, **kwargs):
    """Functional form of `Subtract`: `subtract([x1, x2])`."""
    return Subtract(**kwargs)(inputs)
