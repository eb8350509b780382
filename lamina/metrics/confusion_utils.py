"""Counting true/false positives/negatives over thresholds, as Keras's `metrics_utils` does.

An entry is predicted positive at threshold `t` when `y_pred > t`; labels are positive when
non-zero. Predictions and thresholds are compared in float32, as Keras compares them, and
the counts are accumulated into the metric's (float64) state. Instead of a
`(thresholds, entries)` comparison table, predictions are sorted once and each threshold
finds its place by binary search, so the cost is `O((N + T) log N)` in time and `O(N + T)`
in memory.
"""

import numpy as np
import torch

from ..losses.utils import squeeze_or_expand_to_same_rank
from .metric import _broadcast_weight

NEG_INF = -1e10
KEYS = ("true_positives", "false_positives", "true_negatives", "false_negatives")


def parse_thresholds(thresholds, default: float = 0.5) -> list[float]:
    """A threshold or list of thresholds as a list of floats, each checked to be in [0, 1]."""
    if thresholds is None:
        thresholds = default
    values = list(thresholds) if isinstance(thresholds, (list, tuple, np.ndarray)) else [thresholds]
    values = [float(t) for t in values]
    if any(not 0 <= t <= 1 for t in values if t != NEG_INF):
        raise ValueError(f"Threshold values must be in [0, 1]. Received: thresholds={thresholds}")
    return values


def evenly_distributed(thresholds) -> bool:
    """Whether `thresholds` are `0, 1/(n-1), ..., 1` (n >= 3), Keras's fast-path test."""
    n = len(thresholds)
    if n < 3:
        return False
    even = np.arange(n, dtype=np.float32) / (n - 1)
    return bool(np.allclose(thresholds, even, atol=1e-7))


def filter_top_k(y_pred: torch.Tensor, k: int) -> torch.Tensor:
    """Keeps the `k` largest values of the last axis; the others become `NEG_INF`."""
    top = torch.topk(y_pred, k, dim=-1).indices
    keep = torch.zeros_like(y_pred, dtype=torch.bool).scatter_(-1, top, True)
    return torch.where(keep, y_pred, torch.full_like(y_pred, NEG_INF))


def update_confusion(
    states: dict,
    keys,
    y_true,
    y_pred,
    thresholds,
    *,
    top_k=None,
    class_id=None,
    sample_weight=None,
    multi_label=False,
    label_weights=None,
    evenly=False,
    owner="metric",
) -> None:
    """Adds this batch's counts to `states[key]` for each of `keys`.

    The counts have shape `(thresholds,)`, or `(thresholds, labels)` with `multi_label`
    (one column per label of a rank-2 `y_pred`). `evenly` mirrors Keras's fast path for
    evenly spaced thresholds, which clips predictions to `[0, 1]` first.
    """
    y_pred = torch.as_tensor(y_pred).detach().to(torch.float32)
    y_true = torch.as_tensor(y_true, device=y_pred.device).detach().to(torch.float32)
    y_pred, y_true = squeeze_or_expand_to_same_rank(y_pred, y_true)
    received = None
    if sample_weight is not None:
        sample_weight = torch.as_tensor(sample_weight, device=y_pred.device).to(torch.float32)
        received = sample_weight.shape
        _, sample_weight = squeeze_or_expand_to_same_rank(
            y_true, sample_weight.unsqueeze(-1), expand_rank_1=False
        )
    if top_k is not None:
        y_pred = filter_top_k(y_pred, top_k)
    if class_id is not None:
        if y_pred.ndim == 1:
            raise ValueError(
                f"{owner}: when `class_id` is given, `y_pred` must be 2D with shape "
                f"(num_samples, num_classes). Received: y_pred.shape={tuple(y_pred.shape)}"
            )
        y_true, y_pred = y_true[..., class_id, None], y_pred[..., class_id, None]
    if evenly:
        y_pred = torch.clamp(y_pred, 0.0, 1.0)
    # Counts accumulate in the state's dtype (float64, or float32 on MPS).
    weights = torch.ones_like(y_pred, dtype=states[keys[0]].dtype)
    if sample_weight is not None:
        weights = weights * _broadcast_weight(
            sample_weight, y_pred.shape, f"{owner}: `y_pred`", received
        )
    if label_weights is not None:
        label_weights = torch.as_tensor(label_weights, device=y_pred.device)
        weights = weights * torch.broadcast_to(label_weights.unsqueeze(0), y_pred.shape)
    positive = y_true != 0
    if multi_label:
        # (labels, entries): one sorted row per label.
        y_pred, positive, weights = (
            y_pred.reshape(-1, y_pred.shape[-1]).T,
            positive.reshape(-1, y_pred.shape[-1]).T,
            weights.reshape(-1, y_pred.shape[-1]).T,
        )
    else:
        y_pred, positive, weights = (
            y_pred.reshape(1, -1),
            positive.reshape(1, -1),
            weights.reshape(1, -1),
        )
    counts = _counts(y_pred, positive, weights, thresholds)
    for key in keys:
        state = states[key]
        value = counts[key].T if multi_label else counts[key][0]
        state += value.to(device=state.device, dtype=state.dtype)


def _counts(y_pred, positive, weights, thresholds) -> dict:
    """Counts for rows of predictions `(rows, entries)`; each result is `(rows, thresholds)`."""
    rows = y_pred.shape[0]
    order = torch.argsort(y_pred, dim=-1)
    sorted_pred = torch.gather(y_pred, -1, order).contiguous()
    true_w = torch.gather(weights * positive, -1, order)
    false_w = torch.gather(weights * ~positive, -1, order)
    zero = torch.zeros(rows, 1, dtype=weights.dtype, device=y_pred.device)
    below_true = torch.cat([zero, true_w.cumsum(-1)], dim=-1)
    below_false = torch.cat([zero, false_w.cumsum(-1)], dim=-1)
    t = torch.as_tensor(thresholds, dtype=torch.float32, device=y_pred.device)
    # How many predictions of each row are <= t: those are the predicted negatives.
    at = torch.searchsorted(sorted_pred, t.expand(rows, -1).contiguous(), right=True)
    false_negatives = torch.gather(below_true, -1, at)
    true_negatives = torch.gather(below_false, -1, at)
    return {
        "true_positives": below_true[:, -1:] - false_negatives,
        "false_positives": below_false[:, -1:] - true_negatives,
        "true_negatives": true_negatives,
        "false_negatives": false_negatives,
    }
