"""`PyDataset` (alias `Sequence`): a Python class that serves batches by index, for `fit`."""

import collections
import itertools
import warnings
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor


def _get_item(dataset, index):
    return dataset[index]


class PyDataset:
    """Base class for datasets that build batch `i` in `__getitem__(i)`.

    Subclass it, call `super().__init__(**kwargs)`, and define `__getitem__` (returning
    `x`, `(x, y)` or `(x, y, sample_weight)`) and `__len__` (the number of batches) or a
    `num_batches` property. Iterating it runs one epoch: `on_epoch_begin()`, every batch in
    order, then `on_epoch_end()`. With `workers > 1`, batches are built ahead in a thread
    pool (a process pool with `use_multiprocessing=True`), at most `max_queue_size` ahead,
    and still yielded in order. `fit`, `evaluate` and `predict` take it as they take any
    iterable of batches.

    Args:
        workers: how many batches to build in parallel (1: in the calling thread).
        use_multiprocessing: use processes instead of threads (the dataset must pickle).
        max_queue_size: how many batches may be built ahead of the one being consumed.
    """

    def __init__(self, workers=1, use_multiprocessing=False, max_queue_size=10):
        self._workers = workers
        self._use_multiprocessing = use_multiprocessing
        self._max_queue_size = max_queue_size

    def _warn_if_super_not_called(self):
        missing = [name for name in ("_workers", "_use_multiprocessing", "_max_queue_size")
                   if not hasattr(self, name)]
        if missing:
            self._workers = getattr(self, "_workers", 1)
            self._use_multiprocessing = getattr(self, "_use_multiprocessing", False)
            self._max_queue_size = getattr(self, "_max_queue_size", 10)
            warnings.warn(
                "Your `PyDataset` class should call `super().__init__(**kwargs)` in its "
                "constructor. `**kwargs` can include `workers`, `use_multiprocessing`, "
                "`max_queue_size`. Do not pass these arguments to `fit()`, as they will be ignored.",
                stacklevel=3)

    @property
    def workers(self):
        self._warn_if_super_not_called()
        return self._workers

    @workers.setter
    def workers(self, value):
        self._workers = value

    @property
    def use_multiprocessing(self):
        self._warn_if_super_not_called()
        return self._use_multiprocessing

    @use_multiprocessing.setter
    def use_multiprocessing(self, value):
        self._use_multiprocessing = value

    @property
    def max_queue_size(self):
        self._warn_if_super_not_called()
        return self._max_queue_size

    @max_queue_size.setter
    def max_queue_size(self, value):
        self._max_queue_size = value

    def __getitem__(self, index):
        raise NotImplementedError(f"{type(self).__name__} must define `__getitem__(index)` to return batch `index`.")

    @property
    def num_batches(self):
        """The number of batches: `len(self)`, or `None` for an endless dataset."""
        if hasattr(self, "__len__"):
            return len(self)
        raise NotImplementedError("You need to implement the `num_batches` property:\n\n"
                                  "@property\ndef num_batches(self):\n  return ...")

    def on_epoch_begin(self):
        """Called before the first batch of every epoch."""

    def on_epoch_end(self):
        """Called after the last batch of every epoch."""

    def __iter__(self):
        return self._epoch(None)

    def _epoch(self, order):
        """One epoch of batches, in `order` (a permutation of the batch indices: `fit`'s
        shuffle, as Keras's adapter shuffles a PyDataset) or in index order."""
        try:
            count = self.num_batches
        except NotImplementedError:
            count = None
        indices = itertools.count() if count is None else range(count)
        if order is not None and count is not None:
            indices = [int(i) for i in order]
        self.on_epoch_begin()
        if self.workers <= 1:
            for index in indices:
                yield self[index]
        else:
            yield from self._parallel(indices)
        self.on_epoch_end()

    def _parallel(self, indices):
        pool_type = ProcessPoolExecutor if self.use_multiprocessing else ThreadPoolExecutor
        ahead = max(self.max_queue_size, 1)
        with pool_type(max_workers=self.workers) as pool:
            pending = collections.deque()
            indices = iter(indices)
            for index in itertools.islice(indices, ahead):
                pending.append(pool.submit(_get_item, self, index))
            while pending:
                batch = pending.popleft().result()
                for index in itertools.islice(indices, 1):
                    pending.append(pool.submit(_get_item, self, index))
                yield batch


Sequence = PyDataset
