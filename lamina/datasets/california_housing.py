"""California housing prices: 20,640 samples of 8 features (the `"small"` version: 600)."""

import numpy as np

from ..utils.file_utils import get_file
from ._split import check_test_split, shuffle_split

ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/california_housing.npz"
FILE_HASH = "1a2e3a52e0398de6463aebe6f4a8da34fb21fbb6b934cf88c3425e766f2a1a6f"


def load_data(version="large", path="california_housing.npz", test_split=0.2, seed=113):
    """Loads the California housing data, shuffled with `seed` and split `test_split` for test.

    Args:
        version: `"large"` (all 20,640 samples) or `"small"` (the first 600).

    Returns:
        `(x_train, y_train), (x_test, y_test)` as numpy arrays.
    """
    check_test_split(test_split)
    path = get_file(path, origin=ORIGIN, file_hash=FILE_HASH)
    with np.load(path, allow_pickle=False) as f:
        x, y = f["x"], f["y"]
    if version == "small":
        x, y = x[:600], y[:600]
    elif version != "large":
        raise ValueError(f"Argument `version` must be one of 'small', 'large'. Received: version={version}")
    return shuffle_split(x, y, test_split, seed)
