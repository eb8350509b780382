"""Shape and probability helpers shared by the losses and the metrics."""

import functools

import torch
import torch.nn.functional as F

from .. import config

# --- shape helpers (shared with lamina.metrics) --------------------------------------------


def squeeze_or_expand_to_same_rank(x1, x2, expand_rank_1: bool = True):
    """Removes or adds a trailing axis of size 1 when the ranks differ by exactly one.

    This is how Keras lines up `(batch,)` labels with `(batch, 1)` predictions. A rank-1
    tensor is expanded rather than the other squeezed, unless `expand_rank_1=False`.
    """
    rank1, rank2 = x1.ndim, x2.ndim
    if rank1 == rank2 + 1 and x1.shape[-1] == 1:
        if rank2 == 1 and expand_rank_1:
            x2 = x2.unsqueeze(-1)
        else:
            x1 = x1.squeeze(-1)
    if rank2 == rank1 + 1 and x2.shape[-1] == 1:
        if rank1 == 1 and expand_rank_1:
            x1 = x1.unsqueeze(-1)
        else:
            x2 = x2.squeeze(-1)
    return x1, x2


def is_binary_or_sparse_categorical(y_true, y_pred) -> tuple[bool, bool]:
    """How Keras guesses the task from shapes, for `"accuracy"` and `"crossentropy"`.

    Binary when predictions have one column; sparse categorical when labels have lower
    rank than predictions, or one column against several.
    """
    is_binary = y_pred.shape[-1] == 1
    is_sparse = len(y_true.shape) < len(y_pred.shape) or (
        y_true.shape[-1] == 1 and y_pred.shape[-1] > 1
    )
    return is_binary, is_sparse


def _prepare(y_true, y_pred):
    """Tensors on `y_pred`'s device, `y_pred` floating; `y_true` keeps its dtype."""
    y_pred = torch.as_tensor(y_pred)
    if not y_pred.is_floating_point():
        y_pred = y_pred.to(getattr(torch, config.floatx()))
    return torch.as_tensor(y_true, device=y_pred.device), y_pred


def _check_same_shape(loss_name: str, y_true, y_pred, advice: str) -> None:
    if y_true.shape != y_pred.shape:
        raise ValueError(
            f"`{loss_name}` needs `y_true` and `y_pred` of the same shape. Received: "
            f"y_true.shape={tuple(y_true.shape)}, y_pred.shape={tuple(y_pred.shape)}. {advice}"
        )


def softmax_logits(y_pred, axis: int):
    """The logits a softmax activation turned into `y_pred` during training, or None.

    `softmax` records them on its output when gradients flow; they are used only while the
    output is untouched (same tensor, not modified in place) and the softmax ran over the
    loss's class axis.
    """
    found = getattr(y_pred, "_lamina_logits", None)
    if found is None or not torch.is_grad_enabled():
        return None
    logits, softmax_axis, version = found
    if y_pred._version != version or logits.shape != y_pred.shape:
        return None
    return logits if softmax_axis % y_pred.ndim == axis % y_pred.ndim else None


def clipped_log_softmax(logits, dim: int, dtype):
    """`log(clip(softmax(logits), eps, 1 - eps))`, Keras's crossentropy on probabilities, as a
    clamped log-softmax: log is monotonic, so clamping the logs to `[log eps, log(1 - eps)]`
    gives the same values (to rounding) and the same zero gradient where Keras's clip cuts,
    with one fused kernel instead of softmax, a renormalization, a clip and a log."""
    return F.log_softmax(logits, dim=dim, dtype=dtype).clamp(*_log_bounds(config.epsilon(), dtype))


@functools.lru_cache(maxsize=16)
def _log_bounds(eps: float, dtype) -> list[float]:
    """`log(eps)` and `log(1 - eps)` of the bounds rounded to `dtype`, as Keras clips them."""
    return torch.tensor([eps, 1.0 - eps], dtype=dtype).log().tolist()


def _clip(probabilities):
    eps = config.epsilon()
    return probabilities.clamp(eps, 1.0 - eps)


