"""Connectionist temporal classification (CTC) loss, for unaligned sequence labels."""

import torch
import torch.nn.functional as F

from .loss import Loss, LossFunctionWrapper
from .utils import _prepare


def ctc(y_true, y_pred) -> torch.Tensor:
    """The CTC loss of each sequence, class 0 being the blank (and label padding).

    Args:
        y_true: Integer labels `(batch, max_label_length)`, padded with 0; a sequence's
            length is its number of non-zero labels.
        y_pred: Logits `(batch, time, num_classes)`; every sequence uses all `time` steps.
    """
    y_true, y_pred = _prepare(y_true, y_pred)
    if y_true.ndim != 2:
        raise ValueError(
            "`ctc` needs integer labels `y_true` of shape `(batch_size, max_length)`. "
            f"Received: y_true.shape={tuple(y_true.shape)}"
        )
    if y_pred.ndim != 3:
        raise ValueError(
            "`ctc` needs logits `y_pred` of shape `(batch_size, max_length, num_classes)`. "
            f"Received: y_pred.shape={tuple(y_pred.shape)}"
        )
    batch, steps = y_pred.shape[0], y_pred.shape[1]
    if y_pred.dtype in (torch.float16, torch.bfloat16):
        y_pred = y_pred.float()
    targets = y_true.long()
    target_lengths = torch.sum(targets != 0, dim=-1)
    input_lengths = torch.full((batch,), steps, dtype=torch.long, device=y_pred.device)
    log_probs = F.log_softmax(y_pred.transpose(0, 1), dim=-1)
    return F.ctc_loss(log_probs, targets, input_lengths, target_lengths, blank=0, reduction="none")


class CTC(LossFunctionWrapper):
    """The CTC loss; see `ctc`.

    Args:
        reduction, name, dtype: As for `Loss`.
    """

    def __init__(self, reduction="sum_over_batch_size", name="ctc", dtype=None):
        super().__init__(ctc, reduction=reduction, name=name, dtype=dtype)

    def get_config(self):
        return Loss.get_config(self)
