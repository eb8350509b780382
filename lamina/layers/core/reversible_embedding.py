"""ReversibleEmbedding: an Embedding that can also project vectors back to vocabulary logits."""

import torch

from ...tensors import torch_dtype
from .embedding import Embedding


class ReversibleEmbedding(Embedding):
    """An Embedding whose `call(x, reverse=True)` maps `output_dim` vectors to `input_dim`
    logits, through the transposed table (`tie_weights=True`) or a separate
    `(output_dim, input_dim)` matrix, as language models tie input and output embeddings.

    Args:
        input_dim, output_dim, embeddings_initializer, embeddings_regularizer,
            embeddings_constraint, mask_zero: as for `Embedding`.
        tie_weights: reuse the table for the reverse projection.
        reverse_dtype: optional dtype of the reverse matmul (inputs and kernel are cast).
        logit_soft_cap: if set, logits become `tanh(logits / cap) * cap`.

    Input shape:
        `(batch, ...)` ids, or `(batch, ..., output_dim)` vectors with `reverse=True`.

    Output shape:
        `(batch, ..., output_dim)`, or `(batch, ..., input_dim)` with `reverse=True`.

    Example:

    >>> layer = ReversibleEmbedding(100, 8)
    >>> layer(layer(torch.zeros(2, 5, dtype=torch.int64)), reverse=True).shape
    torch.Size([2, 5, 100])
    """

    def __init__(self, input_dim: int, output_dim: int, tie_weights: bool = True,
                 embeddings_initializer="uniform", embeddings_regularizer=None,
                 embeddings_constraint=None, mask_zero: bool = False, reverse_dtype=None,
                 logit_soft_cap=None, **kwargs):
        super().__init__(input_dim, output_dim, embeddings_initializer=embeddings_initializer,
                         embeddings_regularizer=embeddings_regularizer,
                         embeddings_constraint=embeddings_constraint, mask_zero=mask_zero, **kwargs)
        self.tie_weights = bool(tie_weights)
        self.reverse_dtype = reverse_dtype
        self.logit_soft_cap = logit_soft_cap

    def build(self, input_shape=None):
        super().build(input_shape)
        if not self.tie_weights and "reverse_embeddings" not in self._parameters:
            self.add_weight(shape=(self.output_dim, self.input_dim), initializer=self.embeddings_initializer,
                            name="reverse_embeddings")

    def call(self, inputs, reverse: bool = False):
        if not reverse:
            outputs = super().call(inputs)
            if self.mask_zero:
                outputs._keras_mask = inputs != 0
            return outputs
        kernel = self.embeddings.T if self.tie_weights else self.reverse_embeddings
        if self.reverse_dtype is not None:
            dtype = torch_dtype(self.reverse_dtype)
            inputs, kernel = inputs.to(dtype), kernel.to(dtype)
        logits = torch.matmul(inputs, kernel)
        if self.logit_soft_cap is not None:
            logits = torch.tanh(logits / self.logit_soft_cap) * self.logit_soft_cap
        return logits

    def compute_mask(self, inputs, mask=None):
        return None  # the forward call attaches the padding mask itself, as in Keras

    def compute_output_shape(self, input_shape, reverse: bool = False):
        return (*input_shape[:-1], self.input_dim) if reverse else (*input_shape, self.output_dim)

    def get_config(self):
        return {
            **super().get_config(),
            "tie_weights": self.tie_weights,
            "reverse_dtype": self.reverse_dtype,
            "logit_soft_cap": self.logit_soft_cap,
        }

