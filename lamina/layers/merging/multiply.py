"""Multiply: element-wise product of a list of inputs."""

import torch

from .base_merge import BaseMerge


class Multiply(BaseMerge):
    """Multiplies its inputs element-wise.

    With a mask on every input, masked-out steps count as 1 in the product and the
    output is 0 where no input is unmasked (Keras's rule).

    Example:

    >>> Multiply()([torch.full((2, 3), 2.0), torch.full((2, 3), 3.0)])[0, 0].item()
    6.0
    """

    def _merge(self, inputs, masks):
        use_masks = all(m is not None for m in masks)
        output = output_mask = None
        for x, mask in zip(inputs, masks):
            if mask is not None:
                mask = mask.unsqueeze(-1).expand_as(x)
                x = torch.where(mask, x, torch.ones((), dtype=x.dtype, device=x.device))
                if use_masks:
                    output_mask = mask if output_mask is None else output_mask | mask
            output = x if output is None else output * x
        if use_masks:
            output = torch.where(output_mask, output, torch.zeros((), dtype=output.dtype, device=output.device))
        return output


def multiply(inputs, **kwargs):
    """Functional form of `Multiply`: `multiply([x1, x2, ...])`."""
    return Multiply(**kwargs)(inputs)
