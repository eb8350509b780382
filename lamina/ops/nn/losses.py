"""Per-sample cross-entropies of `keras.ops.nn` (no reduction over the batch).

Probabilities (`from_logits=False`) are clipped to `[epsilon, 1 - epsilon]` with
`lamina.config.epsilon()`, as Keras does; categorical ones are first renormalized to sum to 1.
"""

import torch
import torch.nn.functional as F

from ... import config
from ..convert import convert_to_tensor
from .activations import to_float

__all__ = ["binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy"]


def _pair(target, output):
    output = to_float(output)
    target = convert_to_tensor(target, device=output.device)
    if target.dtype != output.dtype:
        target = target.to(output.dtype)
    return target, output


def _clip(probs):
    eps = config.epsilon()
    return torch.clamp(probs, eps, 1.0 - eps)


def binary_crossentropy(target, output, from_logits=False) -> torch.Tensor:
    """Elementwise binary cross-entropy between `target` and `output` of the same shape."""
    target, output = _pair(target, output)
    if target.shape != output.shape:
        raise ValueError(
            "`binary_crossentropy`: `target` and `output` must have the same shape. Received: "
            f"target.shape={tuple(target.shape)}, output.shape={tuple(output.shape)}"
        )
    if from_logits:
        return F.binary_cross_entropy_with_logits(output, target, reduction="none")
    return F.binary_cross_entropy(_clip(output), target, reduction="none")


def categorical_crossentropy(target, output, from_logits=False, axis=-1) -> torch.Tensor:
    """Cross-entropy between one-hot (or soft) `target` and `output` along `axis`."""
    target, output = _pair(target, output)
    if target.shape != output.shape:
        raise ValueError(
            "`categorical_crossentropy`: `target` and `output` must have the same shape. "
            f"Received: target.shape={tuple(target.shape)}, output.shape={tuple(output.shape)}"
        )
    if output.ndim < 1:
        raise ValueError(
            "`categorical_crossentropy`: `target` and `output` must be at least rank 1. "
            f"Received: output.shape={tuple(output.shape)}"
        )
    if from_logits:
        log_prob = F.log_softmax(output, dim=axis)
    else:
        log_prob = torch.log(_clip(output / output.sum(dim=axis, keepdim=True)))
    return -(target * log_prob).sum(dim=axis)


def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1) -> torch.Tensor:
    """Cross-entropy between integer class `target` and `output` scores along `axis`.

    `target` has `output`'s shape without the class axis (a trailing size-1 axis is dropped).
    """
    output = to_float(output)
    target = convert_to_tensor(target, device=output.device).long()
    if output.ndim < 1:
        raise ValueError(
            "`sparse_categorical_crossentropy`: `output` must be at least rank 1. "
            f"Received: output.shape={tuple(output.shape)}"
        )
    if target.ndim == output.ndim and target.shape[axis] == 1:
        target = target.squeeze(axis)
    expected = list(output.shape)
    del expected[axis]
    if list(target.shape) != expected:
        raise ValueError(
            "`sparse_categorical_crossentropy`: `target` must have the shape of `output` "
            f"without its class axis {axis}. Received: target.shape={tuple(target.shape)}, "
            f"output.shape={tuple(output.shape)}"
        )
    squeeze = output.ndim == 1
    if squeeze:
        output, target = output.unsqueeze(0), target.unsqueeze(0)
    else:
        output = output.movedim(axis % output.ndim, 1)
    if from_logits:
        loss = F.cross_entropy(output, target, reduction="none")
    else:
        loss = F.nll_loss(torch.log(_clip(output / output.sum(dim=1, keepdim=True))), target,
                          reduction="none")
    return loss.squeeze(0) if squeeze else loss
