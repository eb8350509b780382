"""Turning user data (numpy arrays, lists, torch tensors) into torch tensors, with clear errors."""

import numpy as np
import torch

_DTYPES = {
    "float16": torch.float16,
    "bfloat16": torch.bfloat16,
    "float32": torch.float32,
    "float64": torch.float64,
    "uint8": torch.uint8,
    "int8": torch.int8,
    "int16": torch.int16,
    "int32": torch.int32,
    "int64": torch.int64,
    "bool": torch.bool,
}
_NAMES = {v: k for k, v in _DTYPES.items()}


def standardize_dtype(dtype) -> str:
    """A dtype as Keras spells it: `"float32"`, `"int64"`, ... from a string or torch/numpy dtype."""
    if dtype is None:
        from .config import floatx

        return floatx()
    if isinstance(dtype, torch.dtype):
        if dtype not in _NAMES:
            raise ValueError(f"Unsupported dtype: {dtype}.")
        return _NAMES[dtype]
    name = np.dtype(dtype).name if not isinstance(dtype, str) else dtype
    if name == "float":
        name = "float32"
    if name not in _DTYPES:
        raise ValueError(f"Unsupported dtype: {dtype!r}. Expected one of {sorted(_DTYPES)}.")
    return name


def torch_dtype(dtype) -> torch.dtype:
    return _DTYPES[standardize_dtype(dtype)]


def is_text(inputs) -> bool:
    """Strings: a numpy str/bytes array, an object array or (nested) list holding str/bytes."""
    if isinstance(inputs, np.ndarray):
        if inputs.dtype.kind in "US":
            return True
        return inputs.dtype.kind == "O" and (inputs.size == 0 or isinstance(inputs.flat[0], (str, bytes)))
    while isinstance(inputs, (list, tuple)) and inputs:
        inputs = inputs[0]
    return isinstance(inputs, (str, bytes))


def to_tensor(data, name: str = "input") -> torch.Tensor:
    """Converts numbers, nested lists, numpy arrays or tensors to a torch tensor.

    float64 numpy data becomes float32, the way Keras casts inputs to `floatx()`;
    integer data keeps its integer type. Ragged or non-numeric data is an error.
    """
    if isinstance(data, torch.Tensor):
        return data
    if not isinstance(data, np.ndarray):
        try:
            data = np.asarray(data)
        except ValueError as error:  # numpy refuses ragged nested lists
            raise ValueError(
                f"Could not convert the {name} to a tensor: its rows have different lengths "
                f"(ragged data). Pad the sequences to one length first. ({error})"
            ) from None
    if data.dtype.kind not in "biuf":
        raise TypeError(
            f"The {name} must be numeric (bool, int or float), but it has dtype "
            f"{data.dtype} (kind {data.dtype.kind!r}). Convert it with `np.asarray(x, dtype='float32')`."
        )
    if data.dtype == np.float64:
        data = data.astype(np.float32)
    return torch.from_numpy(np.ascontiguousarray(data))


def to_numpy(tensor) -> np.ndarray:
    if isinstance(tensor, torch.Tensor):
        tensor = tensor.detach()
        if tensor.dtype == torch.bfloat16:
            tensor = tensor.float()
        return tensor.cpu().numpy()
    return np.asarray(tensor)
