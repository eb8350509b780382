"""CSVLogger: one CSV row per epoch of `fit`."""

import collections.abc
import csv
import os

import numpy as np

from .callback import Callback


def _cell(value):
    # Lists and arrays become one quoted "[a, b]" cell, as Keras writes them.
    if isinstance(value, str):
        return value
    if isinstance(value, collections.abc.Iterable) and not (
        isinstance(value, np.ndarray) and value.ndim == 0
    ):
        return f'"[{", ".join(map(str, value))}]"'
    return value


class CSVLogger(Callback):
    """Streams the epoch logs to a CSV file, one row per epoch.

    The columns are `epoch` and then the log keys of the first epoch, sorted. If
    that epoch has no `val_*` key, a `val_` column is added for every key anyway
    (filled with `NA`), as Keras does, so the header is the same with or without
    validation. The file is flushed after each row and closed when training ends.

    Args:
        filename: Path of the CSV file.
        separator: Column separator.
        append: Append to an existing file (writing the header only if the file is
            empty) instead of overwriting it.

    Example:

    >>> CSVLogger("training.log", separator=";").sep
    ';'
    """

    main_process_only = True  # under torchrun, only rank 0 writes the file

    def __init__(self, filename: str | os.PathLike, separator: str = ",", append: bool = False):
        super().__init__()
        self.filename = os.fspath(filename)
        self.sep = separator
        self.append = append
        self.keys: list[str] | None = None
        self.writer = None
        self.csv_file = None
        self.append_header = True

    def on_train_begin(self, logs=None):
        if self.append and os.path.exists(self.filename):
            with open(self.filename) as f:
                self.append_header = not f.readline()
        if self.csv_file is not None and not self.csv_file.closed:
            self.csv_file.close()
        # newline="" hands line endings to the csv module, which writes "\r\n" everywhere.
        self.csv_file = open(self.filename, "a" if self.append else "w", newline="")
        self.writer = None
        self.keys = None

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        if self.keys is None:
            self.keys = sorted(logs)
            if self.keys and not any(key.startswith("val_") for key in self.keys):
                self.keys += [f"val_{key}" for key in self.keys]
        if self.writer is None:
            self.writer = csv.DictWriter(
                self.csv_file, fieldnames=["epoch", *self.keys], delimiter=self.sep
            )
            if self.append_header:
                self.writer.writeheader()
        row = {"epoch": epoch}
        row.update((key, _cell(logs.get(key, "NA"))) for key in self.keys)
        self.writer.writerow(row)
        self.csv_file.flush()

    def on_train_end(self, logs=None):
        if self.csv_file is not None and not self.csv_file.closed:
            self.csv_file.close()
        self.writer = None
