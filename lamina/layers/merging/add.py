"""Add: element-wise sum of a list of inputs."""

from .base_merge import BaseMerge


class Add(BaseMerge):
    """Sums its inputs element-wise (shapes must match or broadcast, batch sizes agree).

    Example:

    >>> Add()([torch.ones(2, 3), torch.ones(2, 3)]).sum().item()
    12.0
    """

    def _merge(self, inputs, masks):
        output = inputs[0]
        for x in inputs[1:]:
            output = output + x
        return output


def add(inputs, **kwargs):
    """Functional form of `Add`: `add([x1, x2, ...])`; `kwargs` go to the layer."""
    return Add(**kwargs)(inputs)
