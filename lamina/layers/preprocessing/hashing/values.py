"""Inputs of the hashing layers as numpy arrays, and the bytes that get hashed.

Strings are hashed as their UTF-8 bytes; integers as their decimal digits, as
TensorFlow's `tf.as_string` writes them (Keras's Hashing converts non-string inputs
that way before hashing). Each distinct value is hashed once per call.
"""

import numpy as np
import torch

from ..checks import where

TEXT_KINDS = "USO"  # numpy str, bytes, and object arrays of str/bytes
INT_DTYPES = ("int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64")


def to_values(layer, inputs) -> np.ndarray:
    """A list, scalar, numpy array or tensor -> a numpy array of strings, bytes or numbers."""
    if isinstance(inputs, torch.Tensor):
        if inputs.is_complex():
            raise TypeError(f"{where(layer)} takes strings or integers. Received a {inputs.dtype} tensor.")
        tensor = inputs.detach()
        if tensor.is_floating_point() and tensor.dtype != torch.float64:
            tensor = tensor.to(torch.float64)  # bfloat16/float16 have no numpy twin
        return tensor.cpu().numpy()
    try:
        array = np.asarray(inputs)
    except ValueError:
        raise ValueError(f"{where(layer)}: the input rows have different lengths (ragged data); pad them "
                         "to one length first.") from None
    if array.dtype.kind not in TEXT_KINDS + "biuf":
        raise TypeError(f"{where(layer)} takes strings or integers. Received an array of dtype {array.dtype}.")
    if array.dtype.kind == "O" and not all(isinstance(v, (str, bytes)) for v in array.reshape(-1)):
        kinds = sorted({type(v).__name__ for v in array.reshape(-1)} - {"str", "bytes"})
        raise TypeError(f"{where(layer)}: an object array must hold only str or bytes values. Received "
                        f"values of type {kinds}.")
    return array


def text_bytes(value) -> bytes:
    return value if isinstance(value, bytes) else str(value).encode("utf-8")


def number_bytes(value) -> bytes:
    """`tf.as_string` of an integer (floats are first truncated toward zero, as `tf.cast`)."""
    if isinstance(value, (bool, np.bool_)):
        return b"true" if value else b"false"
    return str(int(value)).encode("ascii")


def check_finite(layer, array: np.ndarray) -> None:
    if array.dtype.kind == "f" and not np.isfinite(array).all():
        raise ValueError(f"{where(layer)}: float inputs are truncated to integers before hashing, so they must "
                         "be finite. Received NaN or infinite values.")


def unique_values(array: np.ndarray) -> tuple[list, np.ndarray]:
    """The distinct elements of `array` (as Python values) and, for each element of the
    flattened array, the index of its value among them."""
    flat = array.reshape(-1)
    if array.dtype.kind == "O":  # str and bytes don't sort together: index them by hand
        index = {}
        inverse = np.fromiter((index.setdefault(v, len(index)) for v in flat), dtype=np.int64, count=flat.size)
        return list(index), inverse
    unique, inverse = np.unique(flat, return_inverse=True)
    return unique.tolist(), inverse.reshape(-1)


def digests(data: list[bytes], hash_rows) -> np.ndarray:
    """`hash_rows` (a `(count, length)` uint8 array -> uint64 per row) over byte strings of
    any lengths: each length is hashed as one vectorized batch."""
    out = np.empty(len(data), dtype=np.uint64)
    groups: dict[int, list[int]] = {}
    for i, item in enumerate(data):
        groups.setdefault(len(item), []).append(i)
    for length, members in groups.items():
        rows = np.frombuffer(b"".join(data[i] for i in members), dtype=np.uint8).reshape(len(members), length)
        out[members] = hash_rows(rows)
    return out
