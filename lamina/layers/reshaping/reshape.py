"""Reshape: a new shape for each sample (the batch axis excluded)."""

import math

from ..input_spec import InputSpec
from ..layer import Layer


class Reshape(Layer):
    """Reshapes every sample to `target_shape`; one entry may be `-1` (inferred).

    Args:
        target_shape: tuple of ints, without the batch axis.

    Input shape:
        `(batch, ...)`, rank 1 or more, with as many elements per sample as `target_shape` holds.

    Output shape:
        `(batch, *target_shape)`.

    Example:

    >>> Reshape((-1, 2, 2))(torch.zeros(5, 12)).shape
    torch.Size([5, 3, 2, 2])
    """

    def __init__(self, target_shape, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(target_shape, (list, tuple)):
            raise TypeError(
                f"Reshape: `target_shape` must be a tuple of ints ('{type(target_shape).__name__}' object is "
                f"not iterable). Received: target_shape={target_shape!r}"
            )
        target_shape = tuple(target_shape)
        if any(not isinstance(d, int) or isinstance(d, bool) or d < -1 for d in target_shape):
            raise ValueError(
                "Reshape: Each dimension in `target_shape` must be a non-negative integer, or `-1` for "
                f"one unknown dimension. Received: target_shape={target_shape}"
            )
        if target_shape.count(-1) > 1:
            raise ValueError(
                "Reshape: There must be at most one unknown dimension (-1) in `target_shape`. "
                f"Received: target_shape={target_shape}"
            )
        self.target_shape = target_shape
        # A scalar has no batch axis to keep: refused with the standard input error.
        self.input_spec = InputSpec(min_ndim=1)

    def call(self, inputs):
        return inputs.reshape(inputs.shape[0], *self._resolve(tuple(inputs.shape[1:])))

    def compute_output_shape(self, input_shape):
        return (input_shape[0], *self._resolve(tuple(input_shape[1:])))

    def _resolve(self, sample_shape):
        """The target shape with `-1` filled in; `None` when the input size is unknown."""
        if any(d is None for d in sample_shape):
            return tuple(None if d == -1 else d for d in self.target_shape)
        size = math.prod(sample_shape)
        known = math.prod(d for d in self.target_shape if d != -1)
        if -1 not in self.target_shape:
            if known != size:
                raise ValueError(
                    f"Reshape layer '{self.name}': the total size of the tensor must be unchanged. "
                    f"Received: input_shape={sample_shape}, target_shape={self.target_shape} "
                    f"({size} elements per sample vs {known})."
                )
            return self.target_shape
        if known == 0 or size % known:
            raise ValueError(
                f"Reshape layer '{self.name}': the input size cannot be divided by the specified "
                f"dimensions in target_shape. Received: input_shape={sample_shape}, "
                f"target_shape={self.target_shape}."
            )
        return tuple(size // known if d == -1 else d for d in self.target_shape)

    def get_config(self):
        return {**super().get_config(), "target_shape": self.target_shape}
