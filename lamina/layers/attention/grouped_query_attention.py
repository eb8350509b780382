"""GroupedQueryAttention: attention where groups of query heads share one key/value head."""

from .multi_head_attention import MultiHeadAttention, _positive


class GroupedQueryAttention(MultiHeadAttention):
    """Grouped-query attention (Ainslie et al., 2023), Keras's `GroupQueryAttention`.

    `num_query_heads` query heads share `num_key_value_heads` key/value heads (each key
    and value head is repeated `num_query_heads // num_key_value_heads` times). Weights:
    `query (dim, num_query_heads, head_dim)`, `key`/`value (dim_v, num_key_value_heads,
    head_dim)`, `attention_output (num_query_heads, head_dim, dim)`. Masks, dropout and
    call arguments are those of `MultiHeadAttention`.

    Args:
        head_dim: size of each head.
        num_query_heads, num_key_value_heads: head counts; the first a multiple of the second.
        dropout, use_bias, sliding_window, use_gate, initializers, regularizers,
        constraints, seed: as for `MultiHeadAttention`.

    Output shape:
        `(batch, T, dim)`.

    Example:

    >>> GroupedQueryAttention(8, 4, 2)(torch.zeros(1, 4, 16), torch.zeros(1, 6, 16)).shape
    torch.Size([1, 4, 16])
    """

    def __init__(self, head_dim, num_query_heads, num_key_value_heads, dropout=0.0, use_bias=True,
                 sliding_window=None, flash_attention=None, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None, use_gate=False,
                 seed=None, **kwargs):
        _positive("num_key_value_heads", num_key_value_heads)
        if _positive("num_query_heads", num_query_heads) % num_key_value_heads:
            raise ValueError(
                "GroupedQueryAttention: `num_query_heads` must be divisible by `num_key_value_heads`. "
                f"Received: num_query_heads={num_query_heads}, num_key_value_heads={num_key_value_heads}"
            )
        super().__init__(num_query_heads, head_dim, dropout=dropout, use_bias=use_bias, sliding_window=sliding_window,
                         flash_attention=flash_attention, kernel_initializer=kernel_initializer,
                         bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
                         bias_regularizer=bias_regularizer, activity_regularizer=activity_regularizer,
                         kernel_constraint=kernel_constraint, bias_constraint=bias_constraint, use_gate=use_gate,
                         seed=seed, **kwargs)
        self.head_dim = head_dim
        self.num_query_heads = num_query_heads
        self.num_key_value_heads = num_key_value_heads
        self.num_repeats = num_query_heads // num_key_value_heads

    def _kv_heads(self) -> int:
        return self.num_key_value_heads

    def _expand_heads(self, projected):
        return projected.repeat_interleave(self.num_repeats, dim=1)  # Keras's ops.repeat on the head axis

    def get_config(self):
        config = super().get_config()
        for key in ("num_heads", "key_dim", "value_dim", "output_shape", "attention_axes"):
            config.pop(key)
        return {
            **{k: config[k] for k in ("name", "trainable", "dtype") if k in config},
            "head_dim": self.head_dim,
            "num_query_heads": self.num_query_heads,
            "num_key_value_heads": self.num_key_value_heads,
            **config,
        }


GroupQueryAttention = GroupedQueryAttention
