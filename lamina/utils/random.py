"""One seed for every random number generator a training run touches."""

import random

import numpy as np
import torch


def set_random_seed(seed: int) -> None:
    """Seeds Python's `random`, numpy and torch (all devices), as `keras.utils.set_random_seed`."""
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise ValueError(f"Expected `seed` argument to be an integer. Received: seed={seed!r} (of type {type(seed)})")
    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)
