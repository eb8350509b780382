"""Attention: dot-product (Luong) or concat attention over a list `[query, value, key]`."""

import torch

from ..layer import Layer
from ..regularization.noise import check_fraction
from .attention_masks import causal_mask


class Attention(Layer):
    """Dot-product attention: `softmax(query @ key^T) @ value`, Keras's `Attention` layer.

    `score_mode="concat"` scores with `sum(tanh(query + key))` instead. With `use_scale`
    a trainable scalar multiplies the scores. The value mask and `use_causal_mask` hide
    keys (their scores lose 1e9); the query mask zeroes the masked queries' outputs.

    Args:
        use_scale: learn a scalar `scale` for the scores.
        score_mode: `"dot"` or `"concat"`.
        dropout: dropout on the attention weights in training.
        seed: seed of the dropout.

    Call arguments:
        inputs: `[query (batch, Tq, dim), value (batch, Tv, dim)]`, optionally `key`.
        mask: `[query_mask, value_mask]`; return_attention_scores, use_causal_mask.

    Output shape:
        `(batch, Tq, dim_v)`; with `return_attention_scores` also `(batch, Tq, Tv)`.

    Example:

    >>> Attention()([torch.zeros(2, 3, 4), torch.zeros(2, 5, 4)]).shape
    torch.Size([2, 3, 4])
    """

    _float_inputs = True
    _list_inputs = True
    _computes_mask = True

    def __init__(self, use_scale=False, score_mode="dot", dropout=0.0, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.use_scale = bool(use_scale)
        if score_mode not in ("dot", "concat"):
            raise ValueError(
                f"{type(self).__name__}: invalid value for argument score_mode. Expected one of "
                f"{{'dot', 'concat'}}. Received: score_mode={score_mode!r}"
            )
        self.score_mode = score_mode
        self.dropout = check_fraction(self, "dropout", dropout)
        self.seed = seed
        self._generator = None if seed is None else torch.Generator().manual_seed(seed)

    def build(self, input_shape):
        self._validate(input_shape)
        if self.use_scale:
            self.add_weight(name="scale", shape=(), initializer="ones")
        if self.score_mode == "concat":
            self.add_weight(name="concat_score_weight", shape=(), initializer="ones")

    def call(self, inputs, mask=None, training=False, return_attention_scores=False, use_causal_mask=False):
        self._validate(inputs, mask)
        query, value = inputs[0], inputs[1]
        key = inputs[2] if len(inputs) > 2 else value
        query_mask = mask[0] if mask else None
        value_mask = mask[1] if mask else None
        scores = self._scores(query, key)
        keep = None if value_mask is None else value_mask.to(torch.bool)[..., None, :]
        if use_causal_mask:
            causal = causal_mask(scores.shape[-2], scores.shape[-1], scores.device)
            keep = causal if keep is None else keep & causal
        if keep is not None:
            scores = torch.where(keep, scores, scores - (65504.0 if scores.dtype == torch.float16 else 1.0e9))
        weights = torch.softmax(scores, dim=-1)
        if training and self.dropout > 0:
            draw = torch.rand(weights.shape, generator=self._generator).to(weights.device) \
                if self._generator is not None else torch.rand_like(weights)
            weights = weights * (draw >= self.dropout) / (1 - self.dropout)
        output = torch.matmul(weights, value)
        if query_mask is not None:
            output = torch.where(query_mask.to(torch.bool)[..., None], output, torch.zeros_like(output))
        return (output, weights) if return_attention_scores else output

    def compute_mask(self, inputs, mask=None):
        if mask is None or mask[0] is None:
            return None
        return mask[0]

    def compute_output_shape(self, input_shape):
        self._validate(input_shape)
        return (*input_shape[0][:-1], input_shape[1][-1])

    def get_config(self):
        return {**super().get_config(), "use_scale": self.use_scale, "score_mode": self.score_mode,
                "dropout": self.dropout, "seed": self.seed}

    def _scores(self, query, key):
        if self.score_mode == "dot":
            scores = torch.matmul(query, key.transpose(-2, -1))
            return scores * self.scale if self.use_scale else scores
        summed = query.unsqueeze(-2) + key.unsqueeze(-3)
        if self.use_scale:
            summed = self.scale * summed
        return self.concat_score_weight * torch.tanh(summed).sum(-1)

    def _validate(self, inputs, mask=None):
        name = type(self).__name__
        if not isinstance(inputs, (list, tuple)) or not 2 <= len(inputs) <= 3:
            raise ValueError(
                f"{name} layer '{self.name}' must be called on a list of inputs, namely [query, value] or "
                f"[query, value, key]. Received: {type(inputs).__name__} of length "
                f"{len(inputs) if isinstance(inputs, (list, tuple)) else 'n/a'}."
            )
        if mask is not None and (not isinstance(mask, (list, tuple)) or not 2 <= len(mask) <= 3):
            raise ValueError(f"{name} layer '{self.name}' mask must be a list [query_mask, value_mask].")
