"""Masking: marks timesteps whose features all equal `mask_value` as padding."""

import torch

from ..layer import Layer


class Masking(Layer):
    """Zeroes and masks every timestep whose features all equal `mask_value`.

    The output carries the mask (`True` where a timestep is kept), which layers that
    support masking (pooling, RNNs, attention) read to skip the padding.

    Args:
        mask_value: the padding value (`0.0` by default).

    Input shape:
        `(batch, timesteps, features)`, or any rank: the last axis holds the features.

    Output shape:
        Same as the input; the mask has the input's shape without the last axis.

    Example:

    >>> Masking()(torch.tensor([[[1.0], [0.0]]]))._keras_mask
    tensor([[ True, False]])
    """

    def __init__(self, mask_value=0.0, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(mask_value, (int, float)):
            raise TypeError(
                f"Masking '{self.name}': `mask_value` must be a number. Received: mask_value={mask_value!r} "
                f"(of type {type(mask_value).__name__})."
            )
        self.mask_value = mask_value
        self.supports_masking = True

    def call(self, inputs):
        keep = torch.any(inputs != self.mask_value, dim=-1, keepdim=True)
        outputs = torch.where(keep, inputs, torch.zeros((), dtype=inputs.dtype, device=inputs.device))
        outputs._keras_mask = keep.squeeze(-1)
        return outputs

    def compute_mask(self, inputs, mask=None):
        return torch.any(torch.as_tensor(inputs) != self.mask_value, dim=-1)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "mask_value": self.mask_value}
