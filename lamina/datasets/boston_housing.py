"""Boston housing prices: 506 samples of 13 features, median home value targets."""

import numpy as np

from ..utils.file_utils import get_file
from ._split import check_test_split, shuffle_split

ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/boston_housing.npz"
FILE_HASH = "f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f8839538947dff5"


def load_data(path="boston_housing.npz", test_split=0.2, seed=113):
    """Loads the Boston housing data, shuffled with `seed` and split `test_split` for test.

    Returns:
        `(x_train, y_train), (x_test, y_test)` as numpy arrays.
    """
    check_test_split(test_split)
    path = get_file(path, origin=ORIGIN, file_hash=FILE_HASH)
    with np.load(path, allow_pickle=False) as f:
        x, y = f["x"], f["y"]
    return shuffle_split(x, y, test_split, seed)
