"""CIFAR-10: 60,000 32x32 color images in 10 classes."""

import os

import numpy as np

from ..config import image_data_format
from ..utils.file_utils import get_file
from .cifar import load_batch

ORIGIN = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"
FILE_HASH = "6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce"


def load_data():
    """Loads CIFAR-10 (five training batches and one test batch, read as safe pickles).

    Returns:
        `(x_train, y_train), (x_test, y_test)`: uint8 images `(n, 32, 32, 3)` (channels
        first when `image_data_format()` is `"channels_first"`) and uint8 labels `(n, 1)`.
    """
    path = get_file(fname="cifar-10-batches-py-target", origin=ORIGIN, extract=True,
                    file_hash=FILE_HASH)
    path = os.path.join(path, "cifar-10-batches-py")
    parts = [load_batch(os.path.join(path, f"data_batch_{i}")) for i in range(1, 6)]
    x_train = np.concatenate([x for x, _ in parts]).astype("uint8")
    y_train = np.concatenate([np.asarray(y) for _, y in parts]).astype("uint8").reshape(-1, 1)
    x_test, y_test = load_batch(os.path.join(path, "test_batch"))
    x_test = x_test.astype(x_train.dtype)
    y_test = np.reshape(y_test, (len(y_test), 1)).astype(y_train.dtype)
    if image_data_format() == "channels_last":
        x_train, x_test = x_train.transpose(0, 2, 3, 1), x_test.transpose(0, 2, 3, 1)
    return (x_train, y_train), (x_test, y_test)
