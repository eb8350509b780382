"""Maximum: element-wise maximum of a list of inputs."""

import torch

from .base_merge import BaseMerge


class Maximum(BaseMerge):
    """The element-wise maximum of its inputs; masked-out steps are ignored.

    Example:

    >>> Maximum()([torch.zeros(2, 3), torch.ones(2, 3)])[0, 0].item()
    1.0
    """

    def _merge(self, inputs, masks):
        return self._masked_fold(torch.maximum, inputs, masks)


def maximum(inputs, **kwargs):
    """Functional form of `Maximum`: `maximum([x1, x2, ...])`."""
    return Maximum(**kwargs)(inputs)
