"""Softmax: probabilities along one or more axes, with an optional mask."""

import torch

from ... import activations
from ..layer import Layer


def _check_axes(layer, axis, rank: int) -> None:
    axes = axis if isinstance(axis, (list, tuple)) else [axis]
    if not all(-rank <= a < rank for a in axes):
        raise ValueError(
            f"Softmax '{layer.name}': axis {axis} is out of range for an input of rank {rank}."
        )
    if len({a % rank for a in axes}) != len(axes):
        raise ValueError(f"Softmax '{layer.name}': axis {axis} names the same axis twice.")


class Softmax(Layer):
    """`exp(x) / sum(exp(x))` along `axis`.

    Called with `mask` (broadcastable to the input, true where values count), masked
    positions are left out of the sum and come out as 0, as in Keras.

    Args:
        axis: an int, or a list/tuple of ints normalized jointly (default -1).

    Input shape:
        Any. Output shape: the same.

    Example:

    >>> Softmax()(torch.zeros(2, 4))
    tensor([[0.2500, 0.2500, 0.2500, 0.2500],
            [0.2500, 0.2500, 0.2500, 0.2500]])
    """

    _float_inputs = True  # ints and bools compute in floatx, as the ops need

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        axes = axis if isinstance(axis, (list, tuple)) else [axis]
        if not axes or not all(isinstance(a, int) and not isinstance(a, bool) for a in axes):
            raise TypeError(
                f"Softmax '{self.name}': `axis` must be an int or a list/tuple of ints. "
                f"Received: axis={axis!r}"
            )
        self.supports_masking = True
        self.axis = axis

    def call(self, inputs, mask=None):
        _check_axes(self, self.axis, inputs.dim())
        if mask is not None:
            mask = self._broadcastable_mask(mask, inputs)
            floor = -30000.0 if inputs.dtype == torch.float16 else -1e9
            inputs = torch.where(mask, inputs, torch.full((), floor, dtype=inputs.dtype, device=inputs.device))
        if isinstance(self.axis, (list, tuple)) and len(self.axis) > 1:
            outputs = torch.exp(inputs - torch.logsumexp(inputs, dim=tuple(self.axis), keepdim=True))
        else:
            axis = self.axis[0] if isinstance(self.axis, (list, tuple)) else self.axis
            outputs = activations.softmax(inputs, axis=axis)
        if mask is not None:
            outputs = torch.where(mask, outputs, torch.zeros((), dtype=outputs.dtype, device=outputs.device))
        return outputs

    def _broadcastable_mask(self, mask, inputs):
        mask = torch.as_tensor(mask, device=inputs.device)
        fits = mask.dim() <= inputs.dim() and all(
            m in (1, i) for m, i in zip(reversed(mask.shape), reversed(inputs.shape))
        )
        if not fits:
            raise ValueError(
                f"Softmax '{self.name}': the `mask` must be broadcastable to the inputs. Received: "
                f"inputs.shape={tuple(inputs.shape)}, mask.shape={tuple(mask.shape)}"
            )
        return mask if mask.dtype == torch.bool else mask > 0.5

    def compute_output_shape(self, input_shape):
        _check_axes(self, self.axis, len(input_shape))
        return input_shape

    def get_config(self):
        return {**super().get_config(), "axis": self.axis}
