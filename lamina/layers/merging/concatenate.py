"""Concatenate: joins a list of inputs along one axis."""

import torch

from .base_merge import BaseMerge, _check_masks, _shown


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
        if not isinstance(axis, int) or isinstance(axis, bool):
            raise TypeError(f"Concatenate: `axis` must be an int. Received: axis={axis!r}")
        self.axis = axis

    def call(self, inputs, mask=None):
        return torch.cat(inputs, dim=self.axis)

    def compute_output_shape(self, input_shape):
        self._check_list(input_shape)
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
                if i != axis and a is not None and b is not None and a != b:
                    raise ValueError(
                        f"A `Concatenate` layer ('{self.name}') requires inputs with matching shapes "
                        f"except for the concatenation axis. Received shapes {_shown(shapes)}."
                    )
        sizes = [s[axis] for s in shapes]
        out[axis] = None if None in sizes else sum(sizes)
        return tuple(out)

    def compute_mask(self, inputs, mask=None):
        """Masks concatenated like the inputs (an unmasked input counts as all-True), then
        reduced over the last axis, as Keras's."""
        masks = _check_masks(inputs, mask)
        if masks is None or all(m is None for m in masks):
            return None
        full = []
        for x, m in zip(inputs, masks):
            if m is None:
                m = torch.ones(x.shape, dtype=torch.bool, device=x.device)
            elif m.dim() < x.dim():
                m = m.unsqueeze(-1).expand(x.shape)
            full.append(m)
        return torch.cat(full, dim=self.axis).any(dim=-1)

    def get_config(self):
        return {**super().get_config(), "axis": self.axis}


def concatenate(inputs, axis: int = -1, **kwargs):
    """Functional form of `Concatenate`: `concatenate([x1, x2, ...], axis=-1)`."""
    return Concatenate(axis=axis, **kwargs)(inputs)
