"""Reading one CIFAR batch file (a pickled dict) without running pickle code."""

from ._safe_load import load_pickle


def load_batch(fpath, label_key="labels"):
    """`(data, labels)` of a CIFAR batch: uint8 `(n, 3, 32, 32)` images and a label list."""
    batch = {key.decode("utf8"): value for key, value in load_pickle(fpath).items()}
    data = batch["data"]
    return data.reshape(data.shape[0], 3, 32, 32), batch[label_key]
