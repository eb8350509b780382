"""Segment reductions, top-k, `logsumexp`, `logdet`, `cdist` and the erf family."""

import torch

from ..convert import convert_to_tensor, tensors

__all__ = [
    "cdist", "erf", "erfc", "erfinv", "in_top_k", "logdet", "logsumexp", "rsqrt",
    "segment_max", "segment_min", "segment_prod", "segment_sum", "top_k",
]  # fmt: skip

_FILL = {"sum": 0.0, "prod": 1.0, "amax": float("-inf"), "amin": float("inf")}


def _segment(data, segment_ids, num_segments, reduce, op):
    data, segment_ids = tensors(data, segment_ids)
    if segment_ids.ndim != 1:
        raise ValueError(
            f"`{op}`: `segment_ids` must be a 1-D vector, got shape {tuple(segment_ids.shape)}. "
            "Flatten it (and data's leading axes) first."
        )
    if segment_ids.shape[0] != data.shape[0]:
        raise ValueError(
            f"`{op}`: `segment_ids` and `data` must have the same leading dimension. Got "
            f"{tuple(segment_ids.shape)} vs {tuple(data.shape)}."
        )
    ids = segment_ids.long()
    if num_segments is None:
        num_segments = int(ids.max()) + 1 if ids.numel() else 0
    # Out-of-range ids (negative or >= num_segments) land in an extra row that is dropped.
    ids = torch.where((ids >= 0) & (ids < num_segments), ids, num_segments)
    index = ids.view(-1, *([1] * (data.ndim - 1))).expand_as(data)
    work = data if data.is_floating_point() else data.float()
    out = torch.full((num_segments + 1, *data.shape[1:]), _FILL[reduce], dtype=work.dtype,
                     device=data.device)
    out = out.scatter_reduce(0, index, work, reduce)[:-1]
    return out.to(data.dtype)


def segment_sum(data, segment_ids, num_segments=None, sorted=False) -> torch.Tensor:
    """Sums of `data` rows per segment id (empty segments give 0)."""
    return _segment(data, segment_ids, num_segments, "sum", "segment_sum")


def segment_max(data, segment_ids, num_segments=None, sorted=False) -> torch.Tensor:
    """Maxima of `data` rows per segment id (empty segments give -inf)."""
    return _segment(data, segment_ids, num_segments, "amax", "segment_max")


def segment_min(data, segment_ids, num_segments=None, sorted=False) -> torch.Tensor:
    """Minima of `data` rows per segment id (empty segments give inf)."""
    return _segment(data, segment_ids, num_segments, "amin", "segment_min")


def segment_prod(data, segment_ids, num_segments=None, sorted=False) -> torch.Tensor:
    """Products of `data` rows per segment id (empty segments give 1)."""
    return _segment(data, segment_ids, num_segments, "prod", "segment_prod")


def top_k(x, k, sorted=True):
    """`(values, indices)` of the `k` largest entries along the last axis."""
    x = convert_to_tensor(x)
    if not 0 <= k <= (x.shape[-1] if x.ndim else 1):
        raise ValueError(
            f"`top_k`: k={k} is out of range for a last axis of size "
            f"{x.shape[-1] if x.ndim else 1}."
        )
    return torch.topk(x, k, sorted=sorted)


def in_top_k(targets, predictions, k) -> torch.Tensor:
    """Whether each `targets[i]` scores among the top `k` of `predictions[i]` (ties count)."""
    predictions, targets = tensors(predictions, targets)
    picked = torch.take_along_dim(predictions, targets.long()[:, None], dim=-1)
    return (picked >= torch.topk(predictions, k).values).any(dim=-1)


def logsumexp(x, axis=None, keepdims=False) -> torch.Tensor:
    """`log(sum(exp(x)))` over `axis` (all axes if `None`), computed stably."""
    x = convert_to_tensor(x)
    axes = tuple(range(x.ndim)) if axis is None else axis
    for a in (axes,) if isinstance(axes, int) else axes:
        if not -max(x.ndim, 1) <= a < max(x.ndim, 1):
            raise ValueError(
                f"`logsumexp`: axis {a} is out of bounds for an input of rank {x.ndim}."
            )
    return torch.logsumexp(x, dim=axes, keepdim=keepdims)


def logdet(x) -> torch.Tensor:
    """`log(det(x))` of each square matrix."""
    return torch.logdet(convert_to_tensor(x))


def cdist(x, y) -> torch.Tensor:
    """Euclidean distances between the rows of `x` `(..., n, d)` and `y` `(..., m, d)`."""
    x, y = tensors(x, y)
    if x.ndim < 2 or y.ndim < 2:
        raise ValueError(
            f"`cdist` inputs must have rank >= 2. Received: x.shape={tuple(x.shape)}, "
            f"y.shape={tuple(y.shape)}"
        )
    if x.shape[-1] != y.shape[-1]:
        raise ValueError(
            f"`cdist`: the last dimensions must match. Received: x.shape={tuple(x.shape)}, "
            f"y.shape={tuple(y.shape)}"
        )
    diff = x.unsqueeze(-2) - y.unsqueeze(-3)
    return torch.sqrt((diff * diff).sum(dim=-1))


def rsqrt(x) -> torch.Tensor:
    """`1 / sqrt(x)`."""
    return torch.rsqrt(convert_to_tensor(x))


def erf(x) -> torch.Tensor:
    """The Gauss error function."""
    return torch.erf(convert_to_tensor(x))


def erfc(x) -> torch.Tensor:
    """`1 - erf(x)`, accurate for large `x`."""
    return torch.erfc(convert_to_tensor(x))


def erfinv(x) -> torch.Tensor:
    """The inverse of `erf` on `(-1, 1)`."""
    return torch.erfinv(convert_to_tensor(x))
