"""Torch-native datasets of batches, and the directory indexing and splits Keras uses.

Keras returns `tf.data.Dataset`s here; Lamina returns `BatchDataset`s: iterables of
batches built on `torch.utils.data`, with `class_names` and `file_paths`, that `fit`,
`evaluate` and `predict` take directly.
"""

import math
import os
from multiprocessing.pool import ThreadPool

import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset, Subset, TensorDataset

from .dataset_pipeline import PipelineMethods


class BatchDataset(PipelineMethods):
    """An iterable of batches over a map-style torch `Dataset`, with `tf.data`'s `map`,
    `prefetch` and `take`.

    With `shuffle`, the order is redrawn every epoch from one `torch.Generator` seeded with
    `seed`, so a seeded run repeats exactly. `batch_size=None` yields single samples.

    Attributes:
        dataset: the underlying map-style dataset of samples.
        class_names: names of the classes in label order, or `None`.
        file_paths: the files behind the samples, in dataset order, or `None`.
    """

    def __init__(self, dataset, batch_size=32, shuffle=False, seed=None, class_names=None,
                 file_paths=None, collate_fn=None):
        self.dataset = dataset
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.class_names = class_names
        self.file_paths = file_paths
        self._collate_fn = collate_fn
        self._generator = torch.Generator()
        if seed is not None:
            self._generator.manual_seed(int(seed))
        else:
            self._generator.seed()

    def __len__(self) -> int:
        if self.batch_size is None:
            return len(self.dataset)
        return math.ceil(len(self.dataset) / self.batch_size)

    def __iter__(self):
        if self.batch_size is None:
            order = (torch.randperm(len(self.dataset), generator=self._generator).tolist()
                     if self.shuffle else range(len(self.dataset)))
            return (self.dataset[i] for i in order)
        loader = DataLoader(self.dataset, batch_size=self.batch_size, shuffle=self.shuffle,
                            generator=self._generator, collate_fn=self._collate_fn)
        return iter(loader)

    def __repr__(self) -> str:
        return (f"<BatchDataset: {len(self.dataset)} samples, batch_size={self.batch_size}, "
                f"shuffle={self.shuffle}, class_names={self.class_names}>")


def split_dataset(dataset, left_size=None, right_size=None, shuffle=False, seed=None,
                  preferred_backend=None):
    """Splits a dataset (arrays, a tuple/list of arrays, or a torch `Dataset`) in two.

    Sizes are fractions in `(0, 1)` or sample counts; one may be `None` (the rest).
    With `shuffle`, the order is the permutation `torch.utils.data.random_split` draws
    from a generator seeded by `seed` (as Keras does on torch); without, left is the first
    samples and right the last (Keras's torch path shuffles even then, from the global
    torch RNG; Lamina keeps the order, as its documentation and tf.data path do).

    Returns:
        `(left, right)`: two `torch.utils.data.Subset`s.
    """
    if preferred_backend not in (None, "torch"):
        raise ValueError("Lamina's split_dataset returns torch datasets; `preferred_backend` can "
                         f"only be None or 'torch'. Received: {preferred_backend!r}")
    if isinstance(dataset, np.ndarray):
        dataset = TensorDataset(torch.from_numpy(dataset))
    elif isinstance(dataset, (list, tuple)):
        dataset = TensorDataset(*[torch.as_tensor(np.asarray(x)) for x in dataset])
    elif not isinstance(dataset, Dataset):
        raise TypeError("split_dataset takes a numpy array, a list/tuple of arrays or a "
                        f"torch.utils.data.Dataset. Received: {type(dataset).__name__}")
    if left_size is None and right_size is None:
        raise ValueError("At least one of the `left_size` or `right_size` must be specified. "
                         "Received: left_size=None and right_size=None")
    left_size, right_size = _split_sizes(left_size, right_size, len(dataset))
    total = len(dataset)
    if shuffle:
        generator = torch.Generator()
        if seed is not None:
            generator.manual_seed(seed)
        else:
            generator.seed()
        # The permutation torch's `random_split` draws, so seeded splits equal Keras's.
        order = torch.randperm(total, generator=generator).tolist()
    else:
        order = list(range(total))
    # Left takes the first samples and right the last, as in Keras's tf.data split; when
    # the sizes do not add up to the whole, the samples between them are left out.
    return Subset(dataset, order[:left_size]), Subset(dataset, order[total - right_size:])


def _split_sizes(left, right, total):
    for name, size in (("left_size", left), ("right_size", right)):
        if size is not None and type(size) not in (int, float):
            raise TypeError(f"Invalid `{name}` type: expected int, float or None. Received: {size!r}")
        if isinstance(size, int) and not 0 < size < total or isinstance(size, float) and not 0 < size < 1:
            raise ValueError(f"`{name}` should be a positive integer smaller than {total}, or a "
                             f"float within (0, 1). Received: {name}={size}")
    if isinstance(left, float) and isinstance(right, float) and left + right > 1:
        raise ValueError("The sum of `left_size` and `right_size` is greater than 1. It must be "
                         "less than or equal to 1.")
    left = round(left * total) if isinstance(left, float) else left
    right = round(right * total) if isinstance(right, float) else right
    left = total - right if left is None else left
    right = total - left if right is None else right
    if left + right > total:
        raise ValueError(f"The sum of `left_size` and `right_size` ({left + right}) should be "
                         f"smaller than the {total} samples.")
    if not left or not right:
        raise ValueError(f"With {total} samples, left_size={left} and right_size={right} leave "
                         "one side empty. Adjust the sizes.")
    return int(left), int(right)


def index_directory(directory, labels, formats, class_names=None, shuffle=True, seed=None,
                    follow_links=False, verbose=True):
    """`(file_paths, labels, class_names)` for the files under `directory`.

    Class folders and the files in them are sorted; with `shuffle`, paths and labels are
    shuffled by `np.random.RandomState(seed)` (as in Keras), so a seed names one order.
    """
    directory = os.fspath(directory)
    if labels == "inferred":
        subdirs = [d for d in sorted(os.listdir(directory))
                   if os.path.isdir(os.path.join(directory, d)) and not d.startswith(".")]
        if class_names is not None:
            if not set(class_names).issubset(subdirs):
                raise ValueError(
                    "The `class_names` passed did not match the names of the subdirectories of "
                    f"the target directory. Expected: {subdirs} (or a subset of it), but "
                    f"received: class_names={class_names}")
            subdirs = list(class_names)
    else:
        if class_names is not None:
            raise ValueError("`class_names` can only be passed with labels='inferred'. "
                             f"Received: labels={labels!r}, class_names={class_names}")
        subdirs = [""]
    class_indices = {name: i for i, name in enumerate(subdirs)}
    with ThreadPool() as pool:
        parts = pool.starmap(_index_subdirectory, [
            (os.path.join(directory, d), class_indices, follow_links, formats) for d in subdirs])
    filenames = [f for names, _ in parts for f in names]
    if labels == "inferred":
        labels = np.array([label for _, part in parts for label in part], dtype="int32")
        names = subdirs
    elif labels is None:
        names = None
    else:
        if len(labels) != len(filenames):
            raise ValueError(
                "Expected the lengths of `labels` to match the number of files in the target "
                f"directory. len(labels) is {len(labels)} while we found {len(filenames)} files "
                f"in directory {directory}.")
        names = [str(label) for label in sorted(set(labels))]
    if verbose:
        print(f"Found {len(filenames)} files." if labels is None else
              f"Found {len(filenames)} files belonging to {len(names)} classes.")
    file_paths = [os.path.join(directory, f) for f in filenames]
    if shuffle:
        if seed is None:
            seed = np.random.randint(1e6)
        np.random.RandomState(seed).shuffle(file_paths)
        if labels is not None:
            np.random.RandomState(seed).shuffle(labels)
    return file_paths, labels, names


def _index_subdirectory(directory, class_indices, follow_links, formats):
    dirname = os.path.basename(directory)
    walk = sorted(os.walk(directory, followlinks=follow_links), key=lambda entry: entry[0])
    filenames = [os.path.join(dirname, os.path.relpath(os.path.join(root, f), directory))
                 for root, _, files in walk for f in sorted(files) if f.lower().endswith(formats)]
    return filenames, [class_indices[dirname]] * len(filenames)


def check_validation_split_arg(validation_split, subset, shuffle, seed):
    if validation_split and not 0 < validation_split < 1:
        raise ValueError(f"`validation_split` must be between 0 and 1, received: {validation_split}")
    if (validation_split or subset) and not (validation_split and subset):
        raise ValueError("If `subset` is set, `validation_split` must be set, and inversely.")
    if subset not in ("training", "validation", "both", None):
        raise ValueError(f'`subset` must be either "training", "validation" or "both", received: {subset}')
    if validation_split and shuffle and seed is None:
        raise ValueError(
            "If using `validation_split` and shuffling the data, you must provide a `seed` "
            "argument, to make sure that there is no overlap between the training and "
            "validation subset.")


def get_training_or_validation_split(samples, labels, validation_split, subset):
    """The last `int(validation_split * n)` samples are validation, the rest training."""
    if not validation_split:
        return samples, labels
    num_val = int(validation_split * len(samples))
    if subset == "training":
        cut = slice(None, len(samples) - num_val)
    elif subset == "validation":
        cut = slice(len(samples) - num_val, None)
    else:
        raise ValueError(f'`subset` must be either "training" or "validation", received: {subset}')
    return samples[cut], None if labels is None else labels[cut]


def encode_labels(labels, label_mode, num_classes):
    """Integer labels as Keras's datasets yield them: int32, one-hot float32, or float32 `(n, 1)`."""
    labels = torch.as_tensor(np.asarray(labels, dtype="int64"))
    if label_mode == "int":
        return labels.to(torch.int32)
    if label_mode == "categorical":
        return torch.nn.functional.one_hot(labels, num_classes).to(torch.float32)
    return labels.to(torch.float32).unsqueeze(-1)
