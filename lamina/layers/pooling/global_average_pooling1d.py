"""GlobalAveragePooling1D: the mean of each channel over the steps, masked steps left out."""

import torch

from .base_global_pooling import BaseGlobalPooling


class GlobalAveragePooling1D(BaseGlobalPooling):
    """Mean over the steps: `(batch, steps, channels)` -> `(batch, channels)`.

    With `mask` (`(batch, steps)`, true for real steps, as Embedding(mask_zero=True) or
    Masking produce), padded steps are left out of the mean. A sample whose steps are all
    masked divides 0 by 0 and gives NaN, as in Keras.

    Args:
        data_format: `"channels_last"` (default) or `"channels_first"`.
        keepdims: keep the steps axis with size 1.

    Call arguments:
        inputs: a 3-D tensor.
        mask: optional `(batch, steps)` boolean tensor.

    Example:

    >>> GlobalAveragePooling1D()(torch.zeros(2, 10, 16)).shape
    torch.Size([2, 16])
    """

    _float_inputs = True

    rank = 1
    mode = "average"

    def call(self, inputs, mask=None):
        if mask is None:
            return super().call(inputs)
        self._check_not_empty(inputs)
        steps = self._axes()[0]
        mask = torch.as_tensor(mask, device=inputs.device).to(torch.bool)
        if tuple(mask.shape) != (inputs.shape[0], inputs.shape[steps]):
            raise ValueError(
                f"GlobalAveragePooling1D '{self.name}' needs a (batch, steps) mask, "
                f"{(inputs.shape[0], inputs.shape[steps])} here; received mask shape {tuple(mask.shape)}."
            )
        weights = mask.unsqueeze(-1 if steps == 1 else 1).to(inputs.dtype)
        total = torch.where(weights.bool(), inputs, 0).sum(dim=steps, keepdim=self.keepdims)
        return total / weights.sum(dim=steps, keepdim=self.keepdims)

    def compute_mask(self, inputs, mask=None):
        return None


GlobalAvgPool1D = GlobalAveragePooling1D
