"""Fashion-MNIST: 70,000 28x28 grayscale images of 10 kinds of clothing."""

import gzip
import os

import numpy as np

from ..utils.file_utils import get_file

BASE = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
FILES = ("train-labels-idx1-ubyte.gz", "train-images-idx3-ubyte.gz",
         "t10k-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz")


def _read(path, offset):
    with gzip.open(path, "rb") as f:
        return np.frombuffer(f.read(), np.uint8, offset=offset)


def load_data():
    """Loads Fashion-MNIST from its four gzip IDX files (cached in `datasets/fashion-mnist`).

    Returns:
        `(x_train, y_train), (x_test, y_test)`: uint8 images `(n, 28, 28)` and uint8
        labels 0-9.
    """
    subdir = os.path.join("datasets", "fashion-mnist")
    paths = [get_file(name, origin=BASE + name, cache_subdir=subdir) for name in FILES]
    # IDX headers: 8 bytes for label files, 16 for image files.
    y_train, y_test = _read(paths[0], 8), _read(paths[2], 8)
    x_train = _read(paths[1], 16).reshape(len(y_train), 28, 28)
    x_test = _read(paths[3], 16).reshape(len(y_test), 28, 28)
    return (x_train, y_train), (x_test, y_test)
