"""CategoryEncoding: integer ids to one-hot, multi-hot or count vectors."""

import torch

from ..layer import Layer
from .checks import positive_int, where
from .encoding import OUTPUT_MODES, encode, encoded_shape


class CategoryEncoding(Layer):
    """Encodes integer ids in `[0, num_tokens)` as dense vectors of length `num_tokens`.

    `"multi_hot"` (default) marks every id present in a sample, `"count"` counts them
    (optionally weighted by `count_weights`), `"one_hot"` encodes each id separately.
    Negative ids encode as zeros, as in Keras; ids `>= num_tokens` raise.

    Args:
        num_tokens: the number of ids the layer accepts.
        output_mode: `"multi_hot"` (default; `"binary"` is an alias), `"one_hot"` or
            `"count"`.
        sparse: must stay False (Keras's torch backend has no sparse outputs either).

    Input shape:
        `(batch,)` or `(batch, ids)` (`"one_hot"`: any rank).

    Output shape:
        `(batch, num_tokens)` (`"one_hot"`: an extra axis of `num_tokens`).

    Example:

    >>> CategoryEncoding(4)(torch.tensor([[0, 1], [3, 3]])).tolist()
    [[1.0, 1.0, 0.0, 0.0], [0.0, 0.0, 0.0, 1.0]]
    """

    def __init__(self, num_tokens=None, output_mode="multi_hot", sparse=False, **kwargs):
        super().__init__(**kwargs)
        if output_mode == "binary":
            output_mode = "multi_hot"
        if output_mode not in OUTPUT_MODES:
            raise ValueError(f"{where(self)}: unknown `output_mode` {output_mode!r}; expected one of "
                             f"{OUTPUT_MODES}.")
        if num_tokens is None:
            raise ValueError(f"{where(self)}: `num_tokens` must be set. If the number of tokens is not known "
                             "beforehand, use IntegerLookup instead.")
        self.num_tokens = positive_int(self, "num_tokens", num_tokens)
        self.output_mode = output_mode
        if sparse:
            raise ValueError(f"{where(self)}: sparse=True is not supported with PyTorch. Received: sparse={sparse}")
        self.sparse = False

    def call(self, inputs, count_weights=None):
        if inputs.is_complex():
            raise TypeError(f"{where(self)} takes integer ids. Received a {inputs.dtype} tensor.")
        if count_weights is not None:
            if self.output_mode != "count":
                raise ValueError(f"{where(self)}: `count_weights` is only used with output_mode='count'. "
                                 f"Received output_mode={self.output_mode!r}.")
            count_weights = torch.as_tensor(count_weights, device=inputs.device).to(self._torch_dtype)
        ids = inputs.long() if inputs.is_floating_point() else inputs.to(torch.long)
        return encode(self, ids, self.output_mode, self.num_tokens, self._torch_dtype, count_weights)

    def compute_output_shape(self, input_shape):
        return encoded_shape(input_shape, self.output_mode, self.num_tokens)

    def get_config(self):
        return {**super().get_config(), "num_tokens": self.num_tokens, "output_mode": self.output_mode}
