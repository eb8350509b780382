"""AdditiveAttention: Bahdanau-style scores `sum(scale * tanh(query + key))`."""

import torch

from .attention import Attention


class AdditiveAttention(Attention):
    """Additive (Bahdanau) attention over `[query, value, key]`.

    Scores are `sum(scale * tanh(query_i + key_j))` over the feature axis, with a learned
    `scale` vector of the feature size (glorot-uniform) when `use_scale` (the default).
    Masks, dropout and outputs are as in `Attention`.

    Args:
        use_scale: learn the `scale` vector.
        dropout: dropout on the attention weights in training.

    Output shape:
        `(batch, Tq, dim_v)`; with `return_attention_scores` also `(batch, Tq, Tv)`.

    Example:

    >>> AdditiveAttention()([torch.zeros(2, 3, 4), torch.zeros(2, 5, 4)]).shape
    torch.Size([2, 3, 4])
    """

    def __init__(self, use_scale=True, dropout=0.0, **kwargs):
        super().__init__(use_scale=use_scale, dropout=dropout, **kwargs)

    def build(self, input_shape):
        self._validate(input_shape)
        if self.use_scale:
            self.add_weight(name="scale", shape=(input_shape[0][-1],), initializer="glorot_uniform")

    def get_config(self):
        config = super().get_config()
        del config["score_mode"]
        return config

    def _scores(self, query, key):
        summed = torch.tanh(query.unsqueeze(-2) + key.unsqueeze(-3))
        return (self.scale * summed if self.use_scale else summed).sum(-1)
