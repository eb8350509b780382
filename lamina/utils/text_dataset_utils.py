"""`text_dataset_from_directory`: class folders of `.txt` files -> batches of strings."""

import numpy as np
import torch
from torch.utils.data import Dataset

from . import dataset_utils


class _TextFiles(Dataset):
    def __init__(self, paths, labels, max_length):
        self.paths, self.labels, self.max_length = paths, labels, max_length

    def __len__(self):
        return len(self.paths)

    def __getitem__(self, index):
        with open(self.paths[index], "rb") as f:
            raw = f.read()
        if self.max_length is not None:
            # Keras cuts the raw bytes (tf.strings.substr); a character split at the cut is dropped.
            raw = raw[: self.max_length]
        text = raw.decode("utf-8", errors="ignore")
        return text if self.labels is None else (text, self.labels[index])


def _collate(samples):
    if isinstance(samples[0], str):
        return list(samples)
    return [s for s, _ in samples], torch.stack([label for _, label in samples])


def text_dataset_from_directory(directory, labels="inferred", label_mode="int", class_names=None,
                                batch_size=32, max_length=None, shuffle=True, seed=None,
                                validation_split=None, subset=None, follow_links=False,
                                format="tf", verbose=True):
    """Batches of `(texts, labels)` from a folder with one subfolder of `.txt` files per class.

    Each batch's texts are a list of Python strings (torch has no string tensors; Keras
    yields a `tf.string` tensor); labels follow `label_mode` as in
    `image_dataset_from_directory`. File order is Keras's: sorted, then shuffled by `seed`.

    Returns:
        A `BatchDataset` with `class_names` and `file_paths`; with `subset="both"`, a
        `[train, validation]` pair.
    """
    if labels not in ("inferred", None):
        if not isinstance(labels, (list, tuple)):
            raise ValueError("`labels` should be 'inferred', None, or a list/tuple of integer labels, "
                             f"one per text file. Received: labels={labels}")
        if class_names:
            raise ValueError('You can only pass `class_names` if `labels="inferred"`. '
                             f"Received: labels={labels}, and class_names={class_names}")
    if label_mode not in ("int", "categorical", "binary", None):
        raise ValueError('`label_mode` argument must be one of "int", "categorical", "binary", or '
                         f"None. Received: label_mode={label_mode}")
    if format not in ("tf", "grain", "torch"):
        raise ValueError(f'`format` should be "tf", "grain" or "torch". Received: format={format}')
    if labels is None or label_mode is None:
        labels = label_mode = None
    dataset_utils.check_validation_split_arg(validation_split, subset, shuffle, seed)
    if seed is None:
        seed = np.random.randint(1e6)
    paths, labels, class_names = dataset_utils.index_directory(
        directory, labels, formats=(".txt",), class_names=class_names, shuffle=shuffle, seed=seed,
        follow_links=follow_links, verbose=verbose)
    if label_mode == "binary" and len(class_names) != 2:
        raise ValueError('When passing `label_mode="binary"`, there must be exactly 2 '
                         f"class_names. Received: class_names={class_names}")

    def build(subset_name, shuffled):
        chosen, chosen_labels = dataset_utils.get_training_or_validation_split(
            paths, labels, validation_split, subset_name)
        if not chosen:
            raise ValueError(f"No text files found in directory {directory} for subset={subset_name!r}. "
                             "Allowed format: .txt")
        encoded = None if chosen_labels is None else dataset_utils.encode_labels(
            chosen_labels, label_mode, len(class_names))
        return dataset_utils.BatchDataset(_TextFiles(chosen, encoded, max_length), batch_size,
                                          shuffle=shuffled, seed=seed, class_names=class_names,
                                          file_paths=list(chosen), collate_fn=_collate)

    if subset == "both":
        return [build("training", shuffle), build("validation", False)]
    return build(subset, shuffle)
