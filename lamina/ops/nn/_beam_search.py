"""CTC beam search with Keras's bookkeeping (keras/src/backend/jax/nn.py), so paths,
scores and tie-breaks agree with Keras.

Each beam is a padded label path (pad -1) with two scores: ending in a label ("emit") and
ending in a blank ("mask"). The classes are flipped first so that ascending stable sorts break
ties the way Keras does.
"""

import torch
import torch.nn.functional as F

_PAD = -1
_HASH_BASE = 2654435769  # Knuth's multiplicative constant; int64 overflow is harmless here


def _unique_rows(paths, size):
    """Unique rows first (sorted by a row hash), then `_PAD` rows up to `size`; and the inverse."""
    n, steps = paths.shape
    powers = _HASH_BASE ** torch.arange(steps, dtype=torch.int64, device=paths.device)
    hashes = ((paths.long() + 1) * powers).sum(dim=1)
    order = torch.argsort(hashes, stable=True)
    ordered = paths[order]
    same_hash = hashes[order][1:] == hashes[order][:-1]
    same_row = (ordered[1:] == ordered[:-1]).all(dim=1)
    head = torch.ones(1, dtype=torch.bool, device=paths.device)
    first = torch.cat([head, ~(same_hash & same_row)])
    inverse = torch.empty(n, dtype=torch.int64, device=paths.device)
    inverse[order] = torch.cumsum(first.long(), 0) - 1
    unique = ordered[first]
    if unique.shape[0] < size:
        filler = torch.full((size - unique.shape[0], steps), _PAD, dtype=paths.dtype,
                            device=paths.device)
        unique = torch.cat([unique, filler])
    return unique, inverse


def _merge(inverse, scores, buckets):
    """Log-sum-exp of `scores` falling into the same bucket."""
    top = scores.max()
    total = torch.zeros(buckets, dtype=scores.dtype, device=scores.device)
    total.scatter_add_(0, inverse, torch.exp(scores - top))
    return torch.log(total) + top


def _extend(paths, scores, masked, step_scores, classes, mask_index):
    """Every beam followed by every class; a repeat without a blank between is a no-op."""
    paths = paths.repeat_interleave(classes, dim=0)
    scores = scores.repeat_interleave(classes)
    was_masked = masked.repeat_interleave(classes)
    tail_at = (paths == _PAD).int().argmax(dim=1)
    rows = torch.arange(paths.shape[0], device=paths.device)
    tails = torch.where(tail_at == 0, _PAD, paths[rows, tail_at - 1])
    labels = torch.arange(classes, device=paths.device, dtype=paths.dtype)
    labels[mask_index] = _PAD
    labels = labels.repeat(paths.shape[0] // classes)
    masked = labels == _PAD
    labels = torch.where(~was_masked & (tails == labels), _PAD, labels)
    paths[rows, tail_at] = labels
    return paths, scores + step_scores.repeat(paths.shape[0] // classes), masked


def _prune(paths, scores, masked, classes, width):
    unique, inverse = _unique_rows(paths, 2 * classes * width)
    n = unique.shape[0]
    emit = _merge(inverse, torch.where(masked, float("-inf"), scores), n)
    blank = _merge(inverse, torch.where(masked, scores, float("-inf")), n)
    keep = torch.argsort(torch.logaddexp(emit, blank), stable=True)[-width:]
    flags = torch.cat([torch.zeros(width, dtype=torch.bool), torch.ones(width, dtype=torch.bool)])
    return unique[keep].repeat(2, 1), torch.cat([emit[keep], blank[keep]]), flags.to(paths.device)


def beam_search(inputs, lengths, width, top_paths, mask_index):
    batch, steps, classes = inputs.shape
    log_probs = torch.flip(F.log_softmax(inputs, dim=-1), dims=[2])
    mask_index = classes - mask_index - 1
    starts = min(classes, width)
    all_paths, all_scores = [], []
    for b, length in enumerate(lengths.tolist()):
        x = log_probs[b]
        paths = torch.full((2 * width, steps), _PAD, dtype=torch.int32, device=inputs.device)
        best = torch.argsort(x[0], stable=True)[-starts:]
        paths[:starts, 0] = torch.where(best == mask_index, _PAD, best.int())
        scores = torch.full((2 * width,), float("-inf"), dtype=x.dtype, device=x.device)
        scores[:starts] = x[0, best]
        masked = paths[:, 0] == _PAD
        for t in range(1, int(length)):
            paths, scores, masked = _extend(paths, scores, masked, x[t], classes, mask_index)
            paths, scores, masked = _prune(paths, scores, masked, classes, width)
        unique, inverse = _unique_rows(paths, 2 * classes * width)
        merged = _merge(inverse, scores, unique.shape[0])
        best = torch.argsort(merged, stable=True)[-top_paths:].flip(0)
        all_paths.append(unique[best])
        all_scores.append(merged[best])
    paths = torch.stack(all_paths)
    paths = torch.where(paths == _PAD, _PAD, classes - paths - 1)
    return paths.permute(1, 0, 2), torch.stack(all_scores)
