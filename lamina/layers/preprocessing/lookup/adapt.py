"""`adapt` for the lookup layers: which batches a data argument holds, and the counts.

Keras's rule (`IndexLookup.adapt`): a list, tuple, array or tensor is one batch whose
rank-1 form is a column (each element its own document); anything else iterable (a
generator, a torch `DataLoader`, a list of batches wrapped in `iter`) yields batches,
at most `steps` of them, and there a rank-1 batch is one document.
"""

import collections

import numpy as np
import torch

from ..checks import where


def batches(layer, data, steps=None):
    """`(batch, is_whole_array)` pairs from `data`."""
    if isinstance(data, (str, bytes)):
        raise TypeError(f"{where(layer)}: `adapt` takes a batch of data (a list, array or tensor) or an "
                        f"iterable of batches. Received a single {type(data).__name__}: {data[:50]!r}. "
                        "Wrap it in a list.")
    if steps is not None and (isinstance(steps, bool) or not isinstance(steps, int) or steps < 0):
        raise ValueError(f"{where(layer)}: `steps` must be None or a non-negative int. Received: steps={steps!r}")
    if isinstance(data, (list, tuple, np.ndarray, torch.Tensor)):
        yield data, True
        return
    if not hasattr(data, "__iter__"):
        raise TypeError(f"{where(layer)}: `adapt` takes a list, tuple, numpy array, tensor or an iterable of "
                        f"batches (e.g. a DataLoader). Received: {type(data).__name__}.")
    for i, batch in enumerate(data):
        if steps is not None and i >= steps:
            break
        yield batch, False


class TokenCounts:
    """Token counts (and, for tf_idf, per-document counts) accumulated over batches."""

    def __init__(self):
        self.reset()

    def reset(self) -> None:
        self.counts = collections.Counter()
        self.document_counts = collections.Counter()
        self.num_documents = 0

    def update(self, rows, documents: bool) -> None:
        """Counts the tokens of `rows` (lists of hashable tokens, one list per document)."""
        for row in rows:
            self.counts.update(row)
            if documents:
                self.document_counts.update(set(row))
        if documents:
            self.num_documents += len(rows)
