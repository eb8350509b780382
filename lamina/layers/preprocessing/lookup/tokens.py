"""Inputs of the lookup layers as arrays: strings in numpy object arrays (torch has no
string tensors), integer tokens and indices in int64 torch tensors."""

import numpy as np
import torch

from ..checks import where


def as_strings(layer, data) -> np.ndarray:
    """A numpy object array of `str` (bytes decoded with the layer's `encoding`)."""
    if isinstance(data, torch.Tensor):
        raise TypeError(f"{where(layer)} takes strings (a list or a numpy str/object array); torch has no "
                        f"string tensors. Received a {data.dtype} tensor of shape {tuple(data.shape)}.")
    array = np.asarray(data, dtype=object) if not isinstance(data, np.ndarray) else data
    if array.dtype.kind == "U":
        return array.astype(object)
    encoding = getattr(layer, "encoding", "utf-8")
    if array.dtype.kind == "S":
        return np.vectorize(lambda b: b.decode(encoding), otypes=[object])(array) if array.size else \
            array.astype(object)
    if array.dtype.kind != "O":
        raise TypeError(f"{where(layer)} takes strings. Received an array of dtype {array.dtype} "
                        f"(shape {array.shape}).")
    out = np.empty(array.shape, dtype=object)
    flat_in, flat_out = array.reshape(-1), out.reshape(-1)
    for i, value in enumerate(flat_in):
        if isinstance(value, bytes):
            value = value.decode(encoding)
        elif not isinstance(value, str):
            raise TypeError(f"{where(layer)} takes strings. Received the element {value!r:.50} of type "
                            f"{type(value).__name__} (ragged nested lists are not supported: pad them).")
        flat_out[i] = value
    return out


def as_ints(layer, data, what: str = "integer tokens") -> torch.Tensor:
    """An int64 tensor (on the input's device when it is a tensor)."""
    if isinstance(data, torch.Tensor):
        tensor = data
    else:
        array = np.asarray(data)
        if array.dtype.kind not in "iub" or array.dtype == object:
            raise TypeError(f"{where(layer)} takes {what}. Received data of dtype {array.dtype} "
                            f"(shape {array.shape}).")
        tensor = torch.as_tensor(np.require(array, requirements="C"))  # keeps 0-d arrays 0-d
    if tensor.is_floating_point() or tensor.is_complex():
        raise TypeError(f"{where(layer)} takes {what}. Received a {tensor.dtype} tensor of shape "
                        f"{tuple(tensor.shape)}; cast it to an integer dtype.")
    return tensor.to(torch.int64)
