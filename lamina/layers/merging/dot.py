"""Dot: batched dot products between the samples of two inputs."""

import torch

from ...config import epsilon
from ...shapes import batch_dot_shape
from .base_merge import BaseMerge


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class Dot(BaseMerge):
    """Dot product of two inputs along one axis of each, sample by sample.

    For shapes `(batch, 3, 5)` and `(batch, 10, 3)` with `axes=(1, 2)` the result is
    `(batch, 5, 10)`: the first input's remaining axes, then the second's. A result with
    no axis left besides the batch gets shape `(batch, 1)`.

    Args:
        axes: int (the same axis in both) or a pair of ints; never the batch axis 0.
        normalize: L2-normalize both inputs along their axis first (the output is then
            the cosine similarity).

    Example:

    >>> Dot(axes=1)([torch.ones(4, 8), torch.ones(4, 8)]).shape
    torch.Size([4, 1])
    """

    _exact_inputs = 2

    def __init__(self, axes, normalize: bool = False, **kwargs):
        super().__init__(**kwargs)
        if not _is_int(axes):
            if not isinstance(axes, (list, tuple)):
                raise TypeError(f"Invalid type for argument `axes`: it should be a list or an int. Received: axes={axes!r}")
            if len(axes) != 2 or not all(_is_int(a) for a in axes):
                raise ValueError(f"Invalid format for argument `axes`: it should contain two integers. Received: axes={axes!r}")
        self.axes = axes
        self.normalize = normalize

    def call(self, inputs, mask=None):
        x, y = inputs
        a, b = self._resolve_axes((x.shape, y.shape))
        if self.normalize:
            x, y = _l2_normalize(x, a), _l2_normalize(y, b)
        x = x.movedim(a, -1)
        y = y.movedim(b, 1)
        out = torch.bmm(x.reshape(x.shape[0], -1, x.shape[-1]), y.reshape(y.shape[0], y.shape[1], -1))
        return out.reshape((x.shape[0], *batch_dot_shape(x.shape, y.shape, (x.dim() - 1, 1))[1:]))

    def compute_output_shape(self, input_shape):
        self._check_list(input_shape)
        shape1, shape2 = (tuple(s) for s in input_shape)
        a, b = self._resolve_axes((shape1, shape2))
        if shape1[a] is not None and shape2[b] is not None and shape1[a] != shape2[b]:
            raise ValueError(
                f"Dot layer '{self.name}': incompatible input shapes: axis values {shape1[a]} (at "
                f"axis {a}) != {shape2[b]} (at axis {b}). Full input shapes: {shape1}, {shape2}"
            )
        return batch_dot_shape(shape1, shape2, (a, b))

    def compute_mask(self, inputs, mask=None):
        return None  # Keras's Dot drops masks

    def get_config(self):
        return {**super().get_config(), "axes": self.axes, "normalize": self.normalize}

    def _resolve_axes(self, shapes):
        axes = (self.axes, self.axes) if _is_int(self.axes) else tuple(self.axes)
        resolved = []
        for axis, shape in zip(axes, shapes):
            rank = len(shape)
            if rank < 2 or not -rank <= axis < rank or axis % rank == 0:
                raise ValueError(
                    f"Dot layer '{self.name}': `axes={self.axes}` must name a non-batch axis of inputs "
                    f"of rank 2 or more. Received shapes {tuple(shapes[0])} and {tuple(shapes[1])}."
                )
            resolved.append(axis % rank)
        return tuple(resolved)


def _l2_normalize(x, axis):
    # Keras: x * min(rsqrt(sum(x^2)), 1 / epsilon), so an all-zero vector stays zero.
    inv = torch.rsqrt(x.square().sum(dim=axis, keepdim=True)).clamp(max=1.0 / epsilon())
    return x * inv


def dot(inputs, axes=-1, **kwargs):
    """Functional form of `Dot`: `dot([x1, x2], axes=-1, normalize=False)`."""
    return Dot(axes=axes, **kwargs)(inputs)
