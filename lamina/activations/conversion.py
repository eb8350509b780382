"""Lets every activation take what Keras's take: tensors, numpy arrays, lists, numbers."""

import functools

import torch

from ..tensors import to_tensor


def takes_arrays(fn):
    """Converts a non-tensor first argument with `to_tensor` (float64 becomes float32, as
    Keras casts to floatx); tensors pass through untouched, so layers pay one isinstance."""

    @functools.wraps(fn)
    def wrapper(x, *args, **kwargs):
        return fn(x if isinstance(x, torch.Tensor) else to_tensor(x, "x"), *args, **kwargs)

    return wrapper
