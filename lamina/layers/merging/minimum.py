"""Minimum: element-wise minimum of a list of inputs."""

import torch

from .base_merge import BaseMerge


class Minimum(BaseMerge):
    """The element-wise minimum of its inputs; masked-out steps are ignored.

    Example:

    >>> Minimum()([torch.zeros(2, 3), torch.ones(2, 3)])[0, 0].item()
    0.0
    """

    def _merge(self, inputs, masks):
        return self._masked_fold(torch.minimum, inputs, masks)


def minimum(inputs, **kwargs):
    """Functional form of `Minimum`: `minimum([x1, x2, ...])`."""
    return Minimum(**kwargs)(inputs)
