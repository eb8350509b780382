"""Turning op inputs (tensors, numpy arrays, Python scalars, lists) into torch tensors.

`convert_to_tensor` follows Keras's torch backend (keras/src/backend/torch/core.py): a
Python `float` becomes floatx, an `int` int32 (int64 when it does not fit), a `bool`
bool; numpy arrays keep their dtype (float64 included); lists take the Keras result type
of their items (so `[1.0, 2]` is float32). Unlike Keras, tensors are never moved: a CUDA
tensor stays on its GPU, and new tensors are made on the device of the op's first tensor
argument (or torch's default device when there is none).
"""

import numpy as np
import torch

from . import dtypes

_Tensor = torch.Tensor
_PY_SCALARS = (bool, int, float, complex)


def _default_device():
    return torch.get_default_device()


def _flatten(x):
    if isinstance(x, (list, tuple)):
        for item in x:
            yield from _flatten(item)
    else:
        yield x


def convert_to_tensor(x, dtype=None, sparse=None, ragged=None, device=None) -> torch.Tensor:
    """A torch tensor from `x`, optionally cast to `dtype` (see the module docstring)."""
    if type(x) is _Tensor or isinstance(x, _Tensor):
        if dtype is not None:
            target = dtypes.to_torch_dtype(dtype)
            if x.dtype != target:
                x = x.to(target)
        return x
    if sparse:
        raise ValueError("convert_to_tensor: `sparse=True` is not supported by Lamina (torch).")
    if ragged:
        raise ValueError("convert_to_tensor: `ragged=True` is not supported by Lamina (torch).")
    if device is None:
        device = _default_device()
    if hasattr(x, "value") and isinstance(getattr(x, "value", None), _Tensor):
        return convert_to_tensor(x.value, dtype)  # variables
    if isinstance(x, _PY_SCALARS):
        if dtype is not None:
            dt = dtypes.to_torch_dtype(dtype)
        elif isinstance(x, bool):
            dt = torch.bool
        elif isinstance(x, int):
            dt = torch.int64 if x < -(2**31) or x >= 2**31 else torch.int32
        elif isinstance(x, float):
            dt = dtypes.to_torch_dtype(dtypes.floatx())
        else:
            dt = torch.complex64
        return torch.tensor(x, dtype=dt, device=device)
    if isinstance(x, (list, tuple)):
        items = list(_flatten(x))
        if any(isinstance(item, _Tensor) for item in items):
            out = torch.stack([convert_to_tensor(item, device=device) for item in x])
            return out if dtype is None else out.to(dtypes.to_torch_dtype(dtype))
        if dtype is None:
            if not items:
                dtype = dtypes.floatx()
            else:
                dtype = dtypes.result_type(*[getattr(i, "dtype", type(i)) for i in items])
        if any(isinstance(item, np.ndarray) for item in items):
            x = np.asarray(x)  # torch reads a list of arrays slowly (and warns)
        try:
            return torch.as_tensor(x, dtype=dtypes.to_torch_dtype(dtype), device=device)
        except (ValueError, TypeError) as error:
            raise ValueError(
                f"convert_to_tensor: could not convert the nested list to a tensor; rows of "
                f"different lengths (ragged data) must be padded first. ({error})"
            ) from None
    x = np.asarray(x)
    if x.dtype.name == "bfloat16":  # ml_dtypes' bfloat16: torch cannot read it directly
        out = torch.as_tensor(x.astype(np.float32), device=device)
        return out.to(dtypes.to_torch_dtype(dtype or "bfloat16"))
    if x.dtype.kind not in "biufc":
        raise TypeError(
            f"convert_to_tensor: expected numeric data (bool, int, float, complex), got an "
            f"array of dtype {x.dtype}. Convert it with `np.asarray(x, dtype='float32')` first."
        )
    if x.dtype == np.uint32:
        x = x.astype(np.int64)
    if x.dtype == np.uint16:
        x = x.astype(np.int32)
    target = dtypes.to_torch_dtype(dtype) if dtype is not None else None
    if not x.flags.writeable or not x.flags.c_contiguous:
        x = np.ascontiguousarray(x).copy()
    return torch.as_tensor(x, device=device).to(target) if target else torch.as_tensor(
        x, device=device
    )


def convert_to_numpy(x) -> np.ndarray:
    """A numpy array from a tensor (detached, moved to the CPU) or anything array-like."""
    if isinstance(x, _Tensor):
        x = x.detach()
        if x.device.type != "cpu":
            x = x.cpu()
        if x.dtype == torch.bfloat16:
            try:
                import ml_dtypes

                return x.float().numpy().astype(ml_dtypes.bfloat16)
            except ImportError:
                return x.float().numpy()
        return x.numpy()
    if isinstance(x, (list, tuple)):
        return np.array([convert_to_numpy(e) for e in x])
    return np.asarray(x)


def device_of(*xs):
    """The device of the first tensor among `xs` (torch's default device if none)."""
    for x in xs:
        if isinstance(x, _Tensor):
            return x.device
    return _default_device()


def input_dtype(x) -> str:
    """`x`'s dtype for promotion: a Python `int`/`float` stays the weak type itself."""
    if isinstance(x, _Tensor):
        return dtypes._NAMES[x.dtype]
    if isinstance(x, bool):
        return "bool"
    if isinstance(x, int):
        return int
    if isinstance(x, float):
        return float
    dtype = getattr(x, "dtype", None)
    if dtype is not None:
        return dtypes.standardize_dtype(dtype)
    return dtypes.standardize_dtype(convert_to_tensor(x).dtype)


def tensors(*xs):
    """Every input as a tensor (no promotion), new ones on the first tensor's device."""
    if all(type(x) is _Tensor for x in xs):
        return xs
    device = device_of(*xs)
    return tuple(convert_to_tensor(x, device=device) for x in xs)


def promote(*xs, dtype=None):
    """Every input as a tensor of one dtype: `dtype` if given, else Keras's `result_type`.

    Python scalars are weakly typed (`int32_tensor + 1.5` is float32, `int8_tensor + 1` is
    int8). Inputs that already are tensors of the target dtype are returned unchanged.
    """
    if dtype is None:
        first = xs[0]
        if type(first) is _Tensor and all(
            type(x) is _Tensor and x.dtype == first.dtype for x in xs
        ):
            name = dtypes._NAMES[first.dtype]
            target = dtypes.to_torch_dtype(dtypes.result_type(name))
            if target == first.dtype:
                return xs
        target = dtypes.to_torch_dtype(dtypes.result_type(*[input_dtype(x) for x in xs]))
    else:
        target = dtypes.to_torch_dtype(dtype)
    device = device_of(*xs)
    return tuple(convert_to_tensor(x, dtype=target, device=device) for x in xs)
