"""Concatenate: joins a list of inputs along one axis."""

import torch

from .base_merge import BaseMerge


class Concatenate(BaseMerge):
    """Concatenates inputs along `axis`; all other axes must match.

    Args:
        axis: the axis to join along (default -1, the features/channels).

    Example:

    >>> Concatenate()([torch.zeros(2, 3), torch.zeros(2, 5)]).shape
    torch.Size([2, 8])
    """

    def __init__(self, axis: int = -1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis

    def _check_shapes(self, shapes):
        self.compute_output_shape(shapes)

    def call(self, inputs):
        return torch.cat(inputs, dim=self.axis)

    def compute_output_shape(self, input_shape):
        shapes = [tuple(s) for s in input_shape]
        rank = len(shapes[0])
        axis = self.axis % rank if -rank <= self.axis < rank else None
        if axis is None or any(len(s) != rank for s in shapes):
            raise ValueError(
                f"Concatenate layer '{self.name}' requires inputs of the same rank with axis "
                f"{self.axis} in range. Received: input_shape={shapes}"
            )
        out = list(shapes[0])
        for s in shapes[1:]:
            for i, (a, b) in enumerate(zip(out, s)):
                if i == axis:
                    continue
                if a is not None and b is not None and a != b:
                    raise ValueError(
                        f"A `Concatenate` layer ('{self.name}') requires inputs with matching shapes "
                        f"except for the concatenation axis. Received: input_shape={shapes}"
                    )
        sizes = [s[axis] for s in shapes]
        out[axis] = None if None in sizes else sum(sizes)
        return tuple(out)

    def get_config(self):
        return {**super().get_config(), "axis": self.axis}
