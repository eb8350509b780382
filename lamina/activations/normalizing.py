"""Activations over an axis: softmax, log_softmax, sparsemax and the gated linear unit."""

import torch
import torch.nn.functional as F

from .conversion import takes_arrays

_LOW_PRECISION = (torch.float16, torch.bfloat16)


def _over_axes(fn, x, axis):
    """Applies `fn` (a softmax over the last axis) jointly over every axis in `axis`.

    Keras allows a tuple `axis` (keras/src/ops/nn.py `softmax`): the listed axes are moved
    last, flattened into one, normalized, and moved back. `axis=None` means every axis.
    """
    if axis is None:
        axis = tuple(range(x.dim()))
    if isinstance(axis, int):
        return fn(x, axis)
    axes = [a % x.dim() for a in axis]
    kept = [a for a in range(x.dim()) if a not in axes]
    moved = x.permute(*kept, *axes)
    flat = fn(moved.reshape(*moved.shape[: len(kept)], -1), -1).reshape(moved.shape)
    order = [*kept, *axes]
    return flat.permute(*sorted(range(x.dim()), key=order.__getitem__))


@takes_arrays
def softmax(x, axis=-1):
    """`exp(x) / sum(exp(x))` along `axis` (an int, a tuple of ints, or None for all).

    Under mixed precision the probabilities come out in float32, as Keras recommends
    for model outputs.
    """
    dtype = torch.float32 if x.dtype in _LOW_PRECISION else None
    probabilities = _over_axes(lambda t, dim: torch.softmax(t, dim=dim, dtype=dtype), x, axis)
    if isinstance(axis, int) and x.requires_grad and not torch.compiler.is_compiling():
        # Training: the crossentropies read the logits back to compute a log-softmax instead
        # of log(softmax) (see lamina/losses/utils.py `softmax_logits`).
        probabilities._lamina_logits = (x, axis, probabilities._version)
    return probabilities


@takes_arrays
def log_softmax(x, axis=-1):
    """`x - logsumexp(x)` along `axis` (an int, a tuple of ints, or None for all)."""
    dtype = torch.float32 if x.dtype in _LOW_PRECISION else None
    return _over_axes(lambda t, dim: torch.log_softmax(t, dim=dim, dtype=dtype), x, axis)


@takes_arrays
def sparsemax(x, axis=-1):
    """The Euclidean projection of `x` onto the simplex along `axis`: like softmax, but
    with exact zeros (Martins and Astudillo, 2016)."""
    ordered = torch.sort(x, dim=axis, descending=True).values
    cumulative = torch.cumsum(ordered, dim=axis)
    shape = [1] * x.dim()
    shape[axis] = -1
    ranks = torch.arange(1, x.size(axis) + 1, device=x.device, dtype=x.dtype).view(shape)
    support = ordered - (cumulative - 1) / ranks > 0
    k = support.sum(dim=axis, keepdim=True)
    tau = (torch.where(support, cumulative, torch.zeros((), device=x.device, dtype=x.dtype))
           .sum(dim=axis, keepdim=True) - 1) / k
    return torch.clamp(x - tau, min=0.0)


@takes_arrays
def glu(x, axis=-1):
    """Splits `x` in two halves `a`, `b` along `axis` and returns `a * sigmoid(b)`."""
    if x.shape[axis] % 2:
        raise ValueError(
            f"glu splits `axis` {axis} into two equal halves, so that axis must have an even "
            f"size. Received: x.shape={tuple(x.shape)}."
        )
    return F.glu(x, dim=axis)
