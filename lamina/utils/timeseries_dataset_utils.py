"""`timeseries_dataset_from_array`: sliding windows over an array, as batches of tensors."""

import numpy as np
import torch
from torch.utils.data import Dataset

from .dataset_utils import BatchDataset


class _Windows(Dataset):
    def __init__(self, data, targets, starts, sequence_length, sampling_rate):
        self.data, self.targets, self.starts = data, targets, starts
        self.offsets = torch.arange(sequence_length) * sampling_rate

    def __len__(self):
        return len(self.starts)

    def __getitem__(self, index):
        start = int(self.starts[index])
        window = self.data[start + self.offsets]
        return window if self.targets is None else (window, self.targets[start])


def _as_tensor(array):
    return array if isinstance(array, torch.Tensor) else torch.as_tensor(np.asarray(array))


def timeseries_dataset_from_array(data, targets, sequence_length, sequence_stride=1,
                                  sampling_rate=1, batch_size=128, shuffle=False, seed=None,
                                  start_index=None, end_index=None, format="tf"):
    """Windows of `sequence_length` steps (every `sampling_rate`-th step) over `data`.

    Window `i` starts at `start_index + i * sequence_stride`; its target is
    `targets[start_index:end_index][i * sequence_stride]` (the target of its first step).
    With `shuffle`, the window order is first permuted by `np.random.RandomState(seed)`, as
    in Keras, and then redrawn every epoch from a torch generator seeded with `seed`.

    Returns:
        A `BatchDataset` of `windows` or `(windows, targets)` batches.
    """
    if start_index:
        if start_index < 0:
            raise ValueError(f"`start_index` must be 0 or greater. Received: start_index={start_index}")
        if start_index >= len(data):
            raise ValueError("`start_index` must be lower than the length of the data. Received: "
                             f"start_index={start_index}, for data of length {len(data)}")
    if end_index:
        if start_index and end_index <= start_index:
            raise ValueError("`end_index` must be higher than `start_index`. Received: "
                             f"start_index={start_index}, and end_index={end_index}")
        if end_index >= len(data):
            raise ValueError("`end_index` must be lower than the length of the data. Received: "
                             f"end_index={end_index}, for data of length {len(data)}")
        if end_index <= 0:
            raise ValueError(f"`end_index` must be higher than 0. Received: end_index={end_index}")
    for name, value in (("sampling_rate", sampling_rate), ("sequence_stride", sequence_stride)):
        if value <= 0:
            raise ValueError(f"`{name}` must be higher than 0. Received: {name}={value}")
        if value >= len(data):
            raise ValueError(f"`{name}` must be lower than the length of the data. Received: "
                             f"{name}={value}, for data of length {len(data)}")
    if format not in ("tf", "grain", "torch"):
        raise ValueError(f'`format` should be "tf", "grain" or "torch". Received: format={format}')
    start_index = start_index or 0
    end_index = end_index or len(data)
    num_seqs = end_index - start_index - (sequence_length - 1) * sampling_rate
    if targets is not None:
        num_seqs = min(num_seqs, len(targets))
    starts = np.arange(0, max(num_seqs, 0), sequence_stride, dtype="int64")
    if shuffle:
        if seed is None:
            seed = np.random.randint(1e6)
        np.random.RandomState(seed).shuffle(starts)
    data = _as_tensor(data)[start_index:end_index]
    targets = None if targets is None else _as_tensor(targets)[start_index:end_index]
    windows = _Windows(data, targets, starts, sequence_length, sampling_rate)
    return BatchDataset(windows, batch_size, shuffle=shuffle, seed=seed)
