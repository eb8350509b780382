"""From user data (arrays, tensors, DataLoaders) to minibatches, the way Keras slices them."""

import itertools
import math
from collections.abc import Iterable

import numpy as np
import torch

from ..tensors import is_text, to_tensor


def _map(fn, structure):
    if structure is None:
        return None
    if isinstance(structure, (list, tuple)):
        return [_map(fn, s) for s in structure]
    if isinstance(structure, dict):
        return {k: _map(fn, v) for k, v in structure.items()}
    return fn(structure)


def leaves(structure):
    if structure is None:
        return []
    if isinstance(structure, (list, tuple)):
        return [leaf for s in structure for leaf in leaves(s)]
    if isinstance(structure, dict):
        return [leaf for v in structure.values() for leaf in leaves(v)]
    return [structure]


def to_device(structure, device):
    """Moves every tensor of a batch to `device`; to a GPU through pinned memory, without blocking."""
    if device is None:
        return structure

    def move(t):
        if not isinstance(t, torch.Tensor) or t.device == device:
            return t
        if device.type == "cuda" and t.device.type == "cpu":
            t = t.pin_memory()
        return t.to(device, non_blocking=True)

    return _map(move, structure)


def is_array_data(x) -> bool:
    """Arrays, tensors, nested lists of numbers, or lists/dicts of those (not iterables of batches)."""
    if isinstance(x, (np.ndarray, torch.Tensor)):
        return True
    if isinstance(x, dict):
        return all(is_array_data(v) for v in x.values())
    if isinstance(x, (list, tuple)):
        return len(x) > 0 and all(isinstance(v, (np.ndarray, torch.Tensor, list, tuple, int, float, str, bytes))
                                  for v in x)
    return False


def _as_array(data, name):
    """A tensor, or for strings a numpy object array (torch has no string tensors)."""
    if is_text(data):
        return np.asarray(data, dtype=object)
    return to_tensor(data, name)


def _as_arrays(x, name):
    """Tensors for array data; a list of plain numbers/rows is one array, a list of arrays is
    several inputs, as in Keras."""
    if isinstance(x, (list, tuple)) and not any(isinstance(v, (np.ndarray, torch.Tensor)) for v in x):
        return _as_array(x, name)
    return _map(lambda a: _as_array(a, name), x)


def _take(array, index):
    """Rows `index` of a tensor or of a numpy (string) array."""
    return array[index.numpy()] if isinstance(array, np.ndarray) else array.index_select(0, index)


class ArrayData:
    """In-memory arrays split into shuffled minibatches each epoch.

    Args:
        x, y, sample_weight: arrays/tensors (or lists/dicts of them) with equal first axes.
        batch_size: samples per batch; the last batch may be smaller.
        shuffle: reshuffle the samples at the start of every epoch.
    """

    def __init__(self, x, y=None, sample_weight=None, batch_size=32, shuffle=False):
        self.x = _as_arrays(x, "input data `x`")
        self.y = None if y is None else _as_arrays(y, "target data `y`")
        self.sample_weight = None if sample_weight is None else to_tensor(sample_weight, "sample_weight")
        self.num_samples = _check_cardinality(self.x, self.y, self.sample_weight)
        _no_complex((self.x, self.y, self.sample_weight))
        if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size <= 0:
            raise ValueError(f"`batch_size` must be a positive int. Received: batch_size={batch_size!r}")
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.seed = None  # set by fit so that every rank shuffles alike
        self._generator = None
        self._rank, self._world, self._pad = 0, 1, False
        self.max_steps = None  # `steps_per_epoch`: at most this many batches per epoch

    @property
    def steps(self) -> int:
        steps = math.ceil(self.num_samples / self.batch_size)
        return steps if self.max_steps is None else min(steps, self.max_steps)

    def shard(self, rank: int, world: int, pad: bool) -> None:
        """Each global batch is split between `world` processes; this one takes part `rank`.

        With `pad`, short shares repeat samples so every rank runs the same number of
        equally sized steps (DistributedDataParallel needs that); without, shares are exact.
        """
        self._rank, self._world, self._pad = rank, world, pad

    def first(self, count: int) -> "ArrayData":
        """The first `count` samples, unshuffled, as one batch."""
        take = lambda t: t[:count]  # noqa: E731
        return ArrayData(_map(take, self.x), _map(take, self.y), _map(take, self.sample_weight), max(count, 1))

    def contiguous_shard(self, rank: int, world: int) -> "ArrayData":
        """This rank's contiguous block of samples, padded to equal size (for gathering)."""
        per_rank = math.ceil(self.num_samples / world)
        index = torch.arange(rank * per_rank, (rank + 1) * per_rank).clamp(max=self.num_samples - 1)
        take = lambda t: _take(t, index)  # noqa: E731
        return ArrayData(_map(take, self.x), _map(take, self.y), _map(take, self.sample_weight),
                         self.batch_size, shuffle=False)

    def _order(self):
        if not self.shuffle:
            return None
        if self._generator is None and self.seed is not None:
            self._generator = torch.Generator().manual_seed(self.seed)
        return torch.randperm(self.num_samples, generator=self._generator)

    def __iter__(self):
        # Each epoch starts at the first batch; Keras instead goes on where the last
        # epoch stopped when `steps_per_epoch` is below the batch count.
        return itertools.islice(self._batches(), self.max_steps)

    def _batches(self):
        n, size = self.num_samples, self.batch_size
        order = self._order()
        for start in range(0, n, size):
            if self._world > 1:
                index = self._share(order, start, min(start + size, n))
                if index is None:
                    continue
                take = lambda t, i=index: _take(t, i)  # noqa: E731
            elif order is None:
                take = lambda t, s=start: t[s:s + size]  # noqa: E731 - a slice is a view
            else:
                index = order[start:start + size]
                take = lambda t, i=index: _take(t, i)  # noqa: E731
            yield (_map(take, self.x), _map(take, self.y), _map(take, self.sample_weight))

    def _share(self, order, start, stop):
        batch = torch.arange(start, stop) if order is None else order[start:stop]
        if self._pad and len(batch) % self._world:
            batch = batch.repeat(self._world)[: math.ceil(len(batch) / self._world) * self._world]
        part = torch.tensor_split(batch, self._world)[self._rank]
        return part if len(part) else None


def single_batch(x, y=None, sample_weight=None):
    """`(x, y, sample_weight)` as tensors, checked to hold the same number of samples."""
    data = ArrayData(x, y, sample_weight, batch_size=1)
    return data.x, data.y, data.sample_weight


class IterableData:
    """Batches from a torch DataLoader or any iterable of `x`, `(x, y)` or `(x, y, sample_weight)`."""

    def __init__(self, iterable: Iterable, steps: int | None = None):
        self.iterable = iterable
        self._steps = steps
        self._rank, self._world = 0, 1
        self.shuffle = False
        self.seed = None  # set by fit so that every rank shuffles alike
        self._generator = None

    @property
    def steps(self) -> int | None:
        if self._steps is not None:
            return self._steps
        try:
            return len(self.iterable)
        except TypeError:
            return None

    def shard(self, rank: int, world: int, pad: bool) -> None:
        """Round-robin batches between processes, the same count for every rank when the
        length is known. A DataLoader with a DistributedSampler is already sharded."""
        sampler = getattr(self.iterable, "sampler", None)
        if not isinstance(sampler, torch.utils.data.DistributedSampler):
            self._rank, self._world = rank, world

    def __iter__(self):
        rank, world = self._rank, self._world
        usable = self.steps
        if world > 1 and usable is not None:
            usable -= usable % world
        for i, batch in enumerate(self._epoch_source()):
            if self._steps is not None and i >= self._steps:
                break
            if world > 1 and (i % world != rank or (usable is not None and i >= usable)):
                continue
            yield unpack_batch(batch)


    def _epoch_source(self):
        """The iterable, or for a dataset that can serve its batches in any order (a
        `PyDataset`, through `_epoch(order)`), a fresh batch order when `fit` shuffles."""
        if not (self.shuffle and hasattr(self.iterable, "_epoch")):
            return self.iterable
        count = len(self.iterable)
        if self._generator is None:
            self._generator = torch.Generator()
            self._generator.manual_seed(self.seed if self.seed is not None else int(torch.randint(2**31, ())))
        return self.iterable._epoch(torch.randperm(count, generator=self._generator).tolist())


def unpack_batch(batch):
    """`(x, y, sample_weight)` from a batch of an iterable: `x`, `(x,)`, `(x, y)` or
    `(x, y, sample_weight)` (Keras's rule); anything else is a ValueError."""
    if isinstance(batch, (list, tuple)) and not is_single_input_row(batch):
        if len(batch) in (2, 3):
            x, y, sw = (*batch, None) if len(batch) == 2 else batch
        elif len(batch) == 1:
            x, y, sw = batch[0], None, None
        else:
            raise ValueError(
                "Each batch must be `x`, `(x,)`, `(x, y)` or `(x, y, sample_weight)`; a batch of "
                f"{len(batch)} elements was received. Nest several inputs as `((x1, x2, ...), y)`."
            )
    else:
        x, y, sw = batch, None, None
    if x is None:
        raise ValueError("A batch has no inputs: its `x` is None. Batches must be `(x, y)` pairs.")
    convert = lambda v: None if v is None else _as_arrays(v, "batch")  # noqa: E731
    x, y, sw = convert(x), convert(y), convert(sw)
    _no_complex((x, y, sw))
    return x, y, sw


def _no_complex(structure):
    for leaf in leaves(structure):
        if isinstance(leaf, torch.Tensor) and leaf.is_complex():
            raise TypeError(
                f"The data holds a complex tensor (dtype {leaf.dtype}, shape {tuple(leaf.shape)}). "
                "Lamina models compute on real numbers and would drop the imaginary part; pass "
                "`x.real` and `x.imag` (or `torch.view_as_real(x)`) as real inputs."
            )


def is_single_input_row(batch) -> bool:
    # A 2- or 3-tuple of plain numbers is one sample, not (x, y).
    return all(isinstance(v, (int, float)) for v in batch)


def make_data(x, y=None, sample_weight=None, batch_size=None, shuffle=False, steps=None, default_batch=32):
    """Chooses the adapter: arrays are sliced here; anything else is iterated as batches."""
    if x is None:
        raise ValueError("No input data was given: pass `x` (arrays, tensors or a DataLoader).")
    if batch_size is not None and (isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size <= 0):
        raise ValueError(f"`batch_size` must be a positive int. Received: batch_size={batch_size!r}")
    if is_array_data(x):
        data = ArrayData(x, y, sample_weight, batch_size or default_batch, shuffle)
        data.max_steps = steps
        return data
    if not isinstance(x, Iterable) or isinstance(x, (str, bytes)):
        raise TypeError(
            f"Unrecognized data type: x={x!r:.100} (of type {type(x).__name__}). Expected numpy arrays, "
            "torch tensors, lists/dicts of them, or a DataLoader/iterable of batches."
        )
    if y is not None:
        raise ValueError(
            "`y` should not be passed when `x` is a DataLoader or another iterable of batches; "
            "the batches should yield `(x, y)` pairs."
        )
    if batch_size is not None:
        raise ValueError("`batch_size` should not be passed when `x` is a DataLoader; it has its own.")
    data = IterableData(x, steps)
    data.shuffle = bool(shuffle)
    return data


def _check_cardinality(x, y, sample_weight) -> int:
    sizes = {
        "x": [int(t.shape[0]) if t.ndim else None for t in leaves(x)],
        "y": [int(t.shape[0]) if t.ndim else None for t in leaves(y)],
        "sample_weight": [int(t.shape[0]) if t.ndim else None for t in leaves(sample_weight)],
    }
    everything = {s for values in sizes.values() for s in values}
    if None in everything:
        raise ValueError("Input data must have a batch axis: scalars cannot be split into samples.")
    if len(everything) > 1:
        details = ", ".join(
            f"{name} sizes: {', '.join(map(str, values))}" for name, values in sizes.items() if values
        )
        raise ValueError(
            "Data cardinality is ambiguous: make sure all arrays contain the same number of samples. "
            f"{details}."
        )
    return everything.pop()


def train_validation_split(arrays, validation_split: float):
    """Keras's split: the LAST `validation_split` fraction, taken before any shuffling."""
    if not 0.0 < validation_split < 1.0:
        raise ValueError(
            f"`validation_split` must be between 0 and 1 (exclusive). Received: {validation_split}"
        )
    num_samples = int(leaves(arrays)[0].shape[0])
    split_at = int(math.floor(num_samples * (1.0 - validation_split)))
    if split_at == 0 or split_at == num_samples:
        raise ValueError(
            f"Training data contains {num_samples} samples, which is not sufficient to split it into "
            f"a validation and training set as specified by `validation_split={validation_split}`. "
            "Either provide more data, or a different value for the `validation_split` argument."
        )
    head = _map(lambda t: t[:split_at], arrays)
    tail = _map(lambda t: t[split_at:], arrays)
    return head, tail


def apply_class_weight(y, sample_weight, class_weight):
    """Per-sample weights from `class_weight={class_index: weight}`."""
    if not class_weight:
        return sample_weight
    if isinstance(y, (list, tuple, dict)):
        raise ValueError("`class_weight` is only supported for models with a single output.")
    labels = y.argmax(-1) if y.dim() > 1 and y.shape[-1] > 1 else y.reshape(y.shape[0], -1)[:, 0].round().long()
    table = torch.ones(int(max(max(class_weight) + 1, int(labels.max()) + 1)), device=y.device)
    for cls, weight in class_weight.items():
        table[int(cls)] = float(weight)
    weights = table[labels.long()]
    return weights if sample_weight is None else weights * sample_weight


def batch_size_of(x) -> int:
    """The number of samples in a batch: the first axis of its first tensor."""
    first = next((leaf for leaf in leaves(x) if isinstance(leaf, (torch.Tensor, np.ndarray))), None)
    return 0 if first is None or first.ndim == 0 else int(first.shape[0])


def pack_x_y_sample_weight(x, y=None, sample_weight=None):
    """The batch a step receives, as Keras packs it: `x` alone (or `(x,)` when `x` is a
    list or tuple), `(x, y)`, or `(x, y, sample_weight)`."""
    if y is None:
        return (x,) if isinstance(x, (list, tuple)) else x
    if sample_weight is None:
        return (x, y)
    return (x, y, sample_weight)


def unpack_x_y_sample_weight(data):
    """`(x, y, sample_weight)` from a batch, with `None` for what it lacks (Keras's rule:
    only a tuple is unpacked; a list is one multi-input `x`)."""
    if isinstance(data, list):
        data = tuple(data)
    if not isinstance(data, tuple):
        return data, None, None
    if len(data) == 1:
        return data[0], None, None
    if len(data) == 2:
        return data[0], data[1], None
    if len(data) == 3:
        return data
    raise ValueError(
        "Data is expected to be in format `x`, `(x,)`, `(x, y)`, or `(x, y, sample_weight)`. "
        f"Received a tuple of {len(data)} elements."
    )
