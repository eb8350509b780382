"""The `tf.data.Dataset` methods Keras programs call on the datasets Keras returns
(`ds.map(...)`, `ds.prefetch(...)`, `ds.take(n)`), for Lamina's torch-native datasets.

Each returns a new lazy iterable of elements. Elements that are tuples (or the lists torch's
collate makes of them) reach the mapped function as separate arguments, as `tf.data` does
(`ds.map(lambda x, y: x)`).
`class_names` and `file_paths` carry over.
"""

import itertools


class PipelineMethods:
    """`map`, `prefetch` and `take` for an iterable of elements (mixed into datasets)."""

    def map(self, map_func, num_parallel_calls=None, deterministic=None, synchronous=None, name=None):
        """Applies `map_func` to every element, lazily, on each pass. `num_parallel_calls`
        and `deterministic` are accepted for Keras programs and change nothing: elements are
        mapped in order, in this process."""
        if not callable(map_func):
            raise TypeError(f"Dataset.map takes a callable. Received: {map_func!r}")
        return _Derived(self, lambda elements: (_call(map_func, e) for e in elements), len_of=self)

    def prefetch(self, buffer_size=None, name=None):
        """Returns the dataset itself: batches are produced on demand by a torch DataLoader
        (use `PyDataset(workers=...)` or a DataLoader with `num_workers` for background loading)."""
        return self

    def take(self, count, name=None):
        """The first `count` elements of every pass (`count=-1`: all of them)."""
        if isinstance(count, bool) or not isinstance(count, int) or count < -1:
            raise ValueError(f"Dataset.take needs an int >= -1. Received: count={count!r}")
        if count == -1:
            return self
        return _Derived(self, lambda elements: itertools.islice(elements, count), length=count)


def _call(fn, element):
    # torch's default collate turns the (x, y) tuple of a sample into a list: unpack both.
    return fn(*element) if isinstance(element, (tuple, list)) else fn(element)


class _Derived(PipelineMethods):
    def __init__(self, source, transform, len_of=None, length=None):
        self._source, self._transform = source, transform
        self._len_of, self._length = len_of, length
        self.class_names = getattr(source, "class_names", None)
        self.file_paths = getattr(source, "file_paths", None)

    def __iter__(self):
        return iter(self._transform(iter(self._source)))

    def __len__(self) -> int:
        if self._len_of is not None:
            return len(self._len_of)
        return min(self._length, len(self._source))
