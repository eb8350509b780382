"""MNIST handwritten digits: 60,000 train and 10,000 test 28x28 grayscale images."""

import numpy as np

from ..utils.file_utils import get_file

ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"
FILE_HASH = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"


def load_data(path="mnist.npz"):
    """Loads MNIST, downloading `mnist.npz` into the Keras cache the first time.

    Args:
        path: file name in the cache (`~/.keras/datasets`).

    Returns:
        `(x_train, y_train), (x_test, y_test)`: uint8 images `(n, 28, 28)` and uint8
        labels 0-9.
    """
    path = get_file(fname=path, origin=ORIGIN, file_hash=FILE_HASH)
    with np.load(path, allow_pickle=False) as f:
        return (f["x_train"], f["y_train"]), (f["x_test"], f["y_test"])
