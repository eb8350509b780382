"""Connectionist temporal classification: `ctc_loss` and greedy / beam-search `ctc_decode`."""

import torch
import torch.nn.functional as F

from ..convert import convert_to_tensor
from ..dtypes import result_type, standardize_dtype, to_torch_dtype
from ._beam_search import beam_search

__all__ = ["ctc_decode", "ctc_loss"]


def _at_least_float32(x):
    """`x` in Keras's `result_type(x.dtype, "float32")` (float32 unless floatx is float64)."""
    x = convert_to_tensor(x)
    return x.to(to_torch_dtype(result_type(standardize_dtype(x.dtype), "float32")))


def ctc_loss(target, output, target_length, output_length, mask_index=0) -> torch.Tensor:
    """Per-sample CTC loss of `output` logits `(batch, time, classes)` against `target` labels.

    `target` is `(batch, max_label_length)` int, `target_length` and `output_length` are
    `(batch,)`; `mask_index` is the blank class. The log-softmax is applied here.
    """
    output = _at_least_float32(output)
    if output.ndim != 3:
        raise ValueError(
            "`ctc_loss`: `output` must be (batch, time, classes) logits. Received: "
            f"output.shape={tuple(output.shape)}"
        )
    device = output.device
    target = convert_to_tensor(target, device=device).long()
    target_length = convert_to_tensor(target_length, device=device).long()
    output_length = convert_to_tensor(output_length, device=device).long()
    log_probs = F.log_softmax(output.transpose(0, 1), dim=-1)
    return F.ctc_loss(
        log_probs, target, output_length, target_length, blank=mask_index, reduction="none"
    )


def _greedy(inputs, lengths, merge_repeated, mask_index):
    batch, steps, _ = inputs.shape
    scores, indices = inputs.max(dim=-1)
    indices = indices.int()
    past_end = torch.arange(steps, device=inputs.device)[None, :] >= lengths[:, None]
    indices = torch.where(past_end, mask_index, indices)
    scores = torch.where(past_end, 0.0, scores)
    if merge_repeated:
        repeat = F.pad(indices[:, 1:] == indices[:, :-1], (1, 0))
        indices = torch.where(repeat, mask_index, indices)
    blank = indices == mask_index
    indices = torch.where(blank, -1, indices)
    # Move the kept labels to the front, in order, and the -1 blanks to the end.
    order = torch.where(blank, steps, torch.arange(steps, device=inputs.device).expand(batch, -1))
    indices = torch.take_along_dim(indices, torch.argsort(order, dim=-1), dim=-1)
    return indices.unsqueeze(0), -scores.sum(dim=1, keepdim=True)


def ctc_decode(
    inputs,
    sequence_lengths,
    strategy="greedy",
    beam_width=100,
    top_paths=1,
    merge_repeated=True,
    mask_index=0,
):
    """Decodes `(batch, time, classes)` scores into label sequences padded with -1.

    Returns `(decoded, scores)`: `decoded` is `(top_paths, batch, time)` int32 and
    `scores` `(batch, top_paths)`: the negative sum of the best-path scores for "greedy",
    the log-probability of each path for "beam_search".
    """
    inputs = _at_least_float32(inputs)
    if inputs.ndim != 3:
        raise ValueError(
            "`ctc_decode`: `inputs` must be (batch, time, classes). Received: "
            f"inputs.shape={tuple(inputs.shape)}"
        )
    lengths = convert_to_tensor(sequence_lengths, device=inputs.device).int()
    if mask_index is None:
        mask_index = inputs.shape[-1] - 1
    if strategy == "greedy":
        return _greedy(inputs, lengths, merge_repeated, mask_index)
    if strategy == "beam_search":
        return beam_search(inputs, lengths, beam_width, top_paths, mask_index)
    raise ValueError(
        "`ctc_decode`: `strategy` must be 'greedy' or 'beam_search'. "
        f"Received: strategy={strategy!r}"
    )
