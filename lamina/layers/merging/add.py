"""Add: element-wise sum of a list of inputs of the same shape."""

from functools import reduce

from .base_merge import BaseMerge


class Add(BaseMerge):
    """Sums its inputs element-wise; all must have the same shape (or broadcast).

    Example:

    >>> Add()([torch.ones(2, 3), torch.ones(2, 3)]).sum().item()
    12.0
    """

    def _check_shapes(self, shapes):
        self.compute_output_shape(shapes)

    def call(self, inputs):
        return reduce(lambda a, b: a + b, inputs)

    def compute_output_shape(self, input_shape):
        rank = max(len(s) for s in input_shape)
        padded = [(1,) * (rank - len(s)) + tuple(s) for s in input_shape]
        out = []
        for dims in zip(*padded):
            known = {d for d in dims if d not in (None, 1)}
            if len(known) > 1:
                raise ValueError(
                    f"Add layer '{self.name}': inputs must have the same shape. Received shapes "
                    f"{[tuple(s) for s in input_shape]}."
                )
            if known:
                out.append(known.pop())
            else:
                out.append(None if None in dims else 1)
        return tuple(out)
