"""The boolean masks the attention layers combine (True: the query may attend to the key),
and the masked softmax Keras applies (masked scores set to a large negative number,
keras/src/layers/activations/softmax.py)."""

import torch


def causal_mask(query_length: int, key_length: int, device=None):
    """`(1, T, S)`: query `i` sees keys `j <= i` (Keras's cumsum construction)."""
    rows = torch.arange(query_length, device=device)[:, None]
    cols = torch.arange(key_length, device=device)[None, :]
    return (rows >= cols)[None]


def combine(*masks):
    """The logical and of the masks that are not None (None if all are)."""
    result = None
    for mask in masks:
        if mask is None:
            continue
        mask = mask.to(torch.bool)
        result = mask if result is None else result & mask
    return result


def masked_softmax(scores, mask=None):
    if mask is not None:
        negative = -3e4 if scores.dtype == torch.float16 else -1e9
        scores = scores.masked_fill(~mask, negative)
    return torch.softmax(scores, dim=-1)
