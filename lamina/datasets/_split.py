"""The seeded shuffle-then-split that Keras's regression and text datasets share."""

import numpy as np


def check_test_split(test_split):
    if not 0 <= test_split < 1:
        raise ValueError(
            f"Invalid `test_split` argument: {test_split}. It must be between 0 and 1 (exclusive of 1)."
        )


def shuffle_split(x, y, test_split, seed):
    """Shuffles `x` and `y` together with `np.random.RandomState(seed)`, then splits off the
    last `test_split` of them, as Keras does."""
    indices = np.arange(len(x))
    np.random.RandomState(seed).shuffle(indices)
    x, y = x[indices], y[indices]
    cut = int(len(x) * (1 - test_split))
    return (np.array(x[:cut]), np.array(y[:cut])), (np.array(x[cut:]), np.array(y[cut:]))
