"""`dot_product_attention` on torch's `scaled_dot_product_attention`, in Keras's layout."""

import torch
import torch.nn.functional as F

from ..convert import convert_to_tensor, promote

__all__ = ["dot_product_attention"]


def _large_negative(dtype):
    return -0.7 * (65500.0 if dtype == torch.float16 else 3.38953e38)


def dot_product_attention(
    query,
    key,
    value,
    bias=None,
    mask=None,
    scale=None,
    is_causal=False,
    flash_attention=None,
    attn_logits_soft_cap=None,
) -> torch.Tensor:
    """`softmax(query @ key^T * scale + bias) @ value` over `(batch, length, heads, head_dim)`.

    `mask` is boolean (True attends); `bias` is additive; only one of them may be given.
    Fewer key/value heads than query heads (a divisor) gives grouped-query attention.
    """
    if attn_logits_soft_cap is not None:
        raise ValueError(
            "`dot_product_attention`: `attn_logits_soft_cap` is only supported by Keras's JAX "
            "backend on TPU. Set attn_logits_soft_cap=None."
        )
    query, key, value = promote(query, key, value)
    if query.ndim != 4 or key.ndim != 4 or value.ndim != 4:
        raise ValueError(
            "`dot_product_attention` only supports 4D (batch, length, heads, head_dim) inputs. "
            f"Received: query.shape={tuple(query.shape)}, key.shape={tuple(key.shape)}, "
            f"value.shape={tuple(value.shape)}."
        )
    if bias is not None and mask is not None:
        raise ValueError(
            "`dot_product_attention`: only one of `bias` and `mask` can be given. Received both."
        )
    attn_mask = None
    if mask is not None:
        mask = convert_to_tensor(mask, "bool", device=query.device)
        if is_causal:  # torch treats attn_mask and is_causal as exclusive: fold causality in
            causal = torch.ones(query.shape[1], key.shape[1], dtype=torch.bool, device=mask.device)
            mask = mask & torch.tril(causal)
            is_causal = False
        attn_mask = torch.where(mask, 0.0, _large_negative(query.dtype)).to(query.dtype)
    if bias is not None:
        attn_mask = convert_to_tensor(bias, query.dtype, device=query.device)
    q, k, v = (t.transpose(1, 2) for t in (query, key, value))
    heads, kv_heads = q.shape[1], k.shape[1]
    if heads != kv_heads:
        if heads % kv_heads:
            raise ValueError(
                f"`dot_product_attention`: the query heads ({heads}) must be a multiple of the "
                f"key/value heads ({kv_heads})."
            )
        if kv_heads > 1:
            k = k.repeat_interleave(heads // kv_heads, dim=1)
            v = v.repeat_interleave(heads // kv_heads, dim=1)
    call = dict(attn_mask=attn_mask, is_causal=is_causal, scale=scale)
    if flash_attention:
        from torch.nn.attention import SDPBackend, sdpa_kernel

        try:
            with sdpa_kernel([SDPBackend.FLASH_ATTENTION]):
                out = F.scaled_dot_product_attention(q, k, v, **call)
        except RuntimeError as error:
            raise RuntimeError(
                "`dot_product_attention`: flash attention is not supported for these inputs "
                f"(it needs a CUDA device and float16/bfloat16 inputs). ({error})"
            ) from None
    else:
        out = F.scaled_dot_product_attention(q, k, v, **call)
    return out.transpose(1, 2)
