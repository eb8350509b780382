"""MultiHeadAttention: Keras's projections (EinsumDense sublayers, Keras weight layout) and
torch's `scaled_dot_product_attention` where the semantics allow."""

import math

import torch
import torch.nn.functional as F

from ... import initializers, regularizers
from ..core.einsum_dense import EinsumDense
from ..kernel_args import get_constraint, serialize_constraint
from ..layer import Layer
from ..regularization.noise import check_fraction
from .attention_masks import causal_mask, combine, masked_softmax


def _positive(name, value, optional=False):
    if optional and value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(f"MultiHeadAttention: `{name}` must be a positive integer. Received: {name}={value!r}")
    return value


def _additive(mask, dtype):
    negative = -0.7 * (65500.0 if dtype == torch.float16 else 3.38953e38)
    return torch.zeros((), dtype=dtype, device=mask.device).masked_fill(~mask, negative)


class MultiHeadAttention(Layer):
    """Multi-head attention (Vaswani et al., 2017) with Keras's weights and masks.

    The query, key and value projections are EinsumDense sublayers named `query`, `key`,
    `value` with kernels `(dim, num_heads, key_dim)`; `attention_output` maps
    `(num_heads, value_dim)` back to the query's last axis (or `output_shape`). Masks: the
    query's and value's Keras masks, `attention_mask` `(batch, T, S)` and
    `use_causal_mask` are combined; masked scores get -1e9 before the softmax. Without
    dropout in training and without returned scores, torch's fused attention runs.

    Args:
        num_heads, key_dim: heads and the size of each query/key head.
        value_dim: size of each value head (`key_dim` by default).
        dropout: dropout on the attention probabilities in training.
        use_bias, output_shape, use_gate, sliding_window, initializers, regularizers,
        constraints, seed: as in Keras. `attention_axes` must be None or the time axis.

    Call arguments:
        query `(batch, T, dim)`, value `(batch, S, dim_v)`, key (default: value),
        attention_mask, return_attention_scores, training, use_causal_mask.

    Output shape:
        `(batch, T, dim)`; with `return_attention_scores`, also `(batch, heads, T, S)`.

    Example:

    >>> MultiHeadAttention(2, 8)(torch.zeros(1, 4, 16), torch.zeros(1, 6, 16)).shape
    torch.Size([1, 4, 16])
    """

    _float_inputs = True

    def __init__(self, num_heads, key_dim, value_dim=None, dropout=0.0, use_bias=True, output_shape=None,
                 attention_axes=None, sliding_window=None, flash_attention=None, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None, use_gate=False,
                 seed=None, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.supports_masking = True
        self.num_heads = _positive("num_heads", num_heads)
        self.key_dim = _positive("key_dim", key_dim)
        self.value_dim = _positive("value_dim", value_dim, optional=True) or self.key_dim
        self.dropout = check_fraction(self, "dropout", dropout)
        self.use_bias = bool(use_bias)
        self.use_gate = bool(use_gate)
        if isinstance(output_shape, int):
            output_shape = (output_shape,)
        self.output_shape = tuple(output_shape) if output_shape else None
        if isinstance(attention_axes, int):
            attention_axes = (attention_axes,)
        if attention_axes is not None and tuple(attention_axes) not in ((1,), (-2,)):
            raise ValueError(
                "MultiHeadAttention: Lamina supports attention over the time axis of (batch, T, dim) inputs "
                f"only (attention_axes None, 1 or -2). Received: attention_axes={attention_axes!r}"
            )
        self.attention_axes = tuple(attention_axes) if attention_axes is not None else None
        self.sliding_window = _positive("sliding_window", sliding_window, optional=True)
        self.flash_attention = flash_attention
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = get_constraint(kernel_constraint, "kernel_constraint")
        self.bias_constraint = get_constraint(bias_constraint, "bias_constraint")
        self.seed = seed
        self._generator = None if seed is None else torch.Generator().manual_seed(seed)
        self._projected = False

    def build(self, query_shape, value_shape=None, key_shape=None):
        if len(query_shape) != 3:
            raise ValueError(
                f"MultiHeadAttention '{self.name}' expects a query of rank 3 (batch, T, dim); received "
                f"shape {tuple(query_shape)}."
            )
        if value_shape is not None:
            self._build_projections(query_shape, value_shape, key_shape)

    def _build_projections(self, query_shape, value_shape, key_shape=None):
        key_shape = value_shape if key_shape is None else key_shape
        for name, shape in (("value", value_shape), ("key", key_shape)):
            if len(shape) != 3 or shape[-1] is None:
                raise ValueError(
                    f"MultiHeadAttention '{self.name}' expects a {name} of rank 3 with a known last axis; "
                    f"received shape {tuple(shape)}."
                )
        if value_shape[1] is not None and key_shape[1] is not None and value_shape[1] != key_shape[1]:
            raise ValueError(
                f"MultiHeadAttention '{self.name}': value and key must have the same length. Received: "
                f"value_shape={tuple(value_shape)} and key_shape={tuple(key_shape)}"
            )

        def dense(name, equation, output_shape, bias_axes, input_shape, activation=None):
            layer = EinsumDense(equation, output_shape, activation=activation,
                                bias_axes=bias_axes if self.use_bias else None, name=name, **self._common())
            layer.build_from_shape(tuple(input_shape))
            return layer

        heads, kv_heads = (None, self.num_heads), (None, self._kv_heads())
        self._query_dense = dense("query", "abc,cde->abde", (*heads, self.key_dim), "de", query_shape)
        self._key_dense = dense("key", "abc,cde->abde", (*kv_heads, self.key_dim), "de", key_shape)
        if self.use_gate:
            self._gate_dense = dense("gate", "abc,cde->abde", (*heads, self.value_dim), "de", query_shape, "sigmoid")
        self._value_dense = dense("value", "abc,cde->abde", (*kv_heads, self.value_dim), "de", value_shape)
        out = self.output_shape or (query_shape[-1],)
        letters = "efgh"[:len(out)]
        self._output_dense = dense("attention_output", f"abcd,cd{letters}->ab{letters}", (None, *out), letters,
                                   (query_shape[0], query_shape[1], self.num_heads, self.value_dim))
        self._projected = True

    def _kv_heads(self) -> int:
        return self.num_heads

    def _common(self):
        return dict(kernel_initializer=initializers.get(initializers.serialize(self.kernel_initializer)),
                    bias_initializer=initializers.get(initializers.serialize(self.bias_initializer)),
                    kernel_regularizer=self.kernel_regularizer, bias_regularizer=self.bias_regularizer,
                    kernel_constraint=self.kernel_constraint, bias_constraint=self.bias_constraint,
                    dtype=self.dtype_policy)

    def call(self, query, value, key=None, query_mask=None, value_mask=None, key_mask=None, attention_mask=None,
             return_attention_scores=False, training=False, use_causal_mask=False):
        key = value if key is None else key
        query_mask = getattr(query, "_keras_mask", None) if query_mask is None else query_mask
        value_mask = getattr(value, "_keras_mask", None) if value_mask is None else value_mask
        if key is not value and key_mask is None:
            key_mask = getattr(key, "_keras_mask", None)
        if not self._projected:
            self._build_projections(tuple(query.shape), tuple(value.shape), tuple(key.shape))
        value_length = value.shape[1]
        mask = combine(
            None if query_mask is None else query_mask[:, :, None],
            None if value_mask is None else value_mask[:, None, :],
            None if key_mask is None else key_mask[:, None, :],
            attention_mask,
        )
        causal_only = use_causal_mask and mask is None and self.sliding_window is None
        if use_causal_mask and not causal_only:
            mask = combine(mask, causal_mask(query.shape[1], value_length, query.device))
        if self.sliding_window is not None:
            steps_q = torch.arange(query.shape[1], device=query.device)[:, None]
            steps_v = torch.arange(value_length, device=query.device)[None, :]
            mask = combine(mask, ((steps_q - steps_v).abs() < self.sliding_window)[None])
        # Keras drops the inputs' masks before projecting (they are folded into `mask` above).
        query, key, value = (t.view_as(t) if hasattr(t, "_keras_mask") else t for t in (query, key, value))
        gate = self._gate_dense(query) if self.use_gate else None
        q = self._query_dense(query).transpose(1, 2)  # (batch, heads, T, key_dim)
        k = self._expand_heads(self._key_dense(key).transpose(1, 2))
        v = self._expand_heads(self._value_dense(value).transpose(1, 2))
        scale = 1.0 / math.sqrt(float(self.key_dim))
        dropping = training and self.dropout > 0
        scores = None
        if not dropping and not return_attention_scores:
            # An additive mask, as Keras builds it: a fully masked row attends uniformly (no NaN).
            attn_mask = None if mask is None else _additive(mask[:, None], q.dtype)
            output = F.scaled_dot_product_attention(q, k, v, attn_mask=attn_mask, is_causal=causal_only, scale=scale)
        else:
            if causal_only:
                mask = causal_mask(query.shape[1], value_length, query.device)
            scores = masked_softmax(torch.matmul(q * scale, k.transpose(-1, -2)),
                                    None if mask is None else mask[:, None])
            probabilities = scores
            if dropping:
                keep = torch.rand(scores.shape, generator=self._generator).to(scores.device) >= self.dropout \
                    if self._generator is not None else torch.rand_like(scores) >= self.dropout
                probabilities = scores * keep / (1 - self.dropout)
            output = torch.matmul(probabilities, v)
        output = output.transpose(1, 2)  # (batch, T, heads, value_dim)
        if gate is not None:
            output = output * gate
        output = self._output_dense(output)
        return (output, scores) if return_attention_scores else output

    def _expand_heads(self, projected):
        """Key/value heads as the query heads see them (GroupedQueryAttention repeats them)."""
        return projected

    def compute_output_shape(self, query_shape, value_shape=None, key_shape=None):
        query_shape = tuple(query_shape)
        return query_shape[:-1] + self.output_shape if self.output_shape else query_shape

    def get_config(self):
        return {
            **super().get_config(),
            "num_heads": self.num_heads,
            "key_dim": self.key_dim,
            "value_dim": self.value_dim,
            "dropout": self.dropout,
            "use_bias": self.use_bias,
            "use_gate": self.use_gate,
            "output_shape": self.output_shape,
            "attention_axes": self.attention_axes,
            "sliding_window": self.sliding_window,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "activity_regularizer": regularizers.serialize(self.activity_regularizer),
            "kernel_constraint": serialize_constraint(self.kernel_constraint),
            "bias_constraint": serialize_constraint(self.bias_constraint),
            "seed": self.seed,
        }
