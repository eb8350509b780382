"""Average: element-wise mean of a list of inputs."""

from .base_merge import BaseMerge


class Average(BaseMerge):
    """Averages its inputs element-wise: the sum divided by the number of inputs.

    Example:

    >>> Average()([torch.zeros(2, 3), torch.ones(2, 3)])[0, 0].item()
    0.5
    """

    def _merge(self, inputs, masks):
        output = inputs[0]
        for x in inputs[1:]:
            output = output + x
        return output / len(inputs)


def average(inputs, **kwargs):
    """Functional form of `Average`: `average([x1, x2, ...])`."""
    return Average(**kwargs)(inputs)
