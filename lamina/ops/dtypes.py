"""Keras dtype names and Keras 3's type promotion, for torch tensors.

`result_type` follows Keras's lattice (keras/src/backend/common/dtypes.py), which is JAX's:
Python `int`/`float` are *weak* types that adopt the other operand's kind and width, bool
promotes to anything, and integers meeting floats give a float. On the torch backend Keras
maps 64-bit results to 32 bits (`int64 -> int32`, `float64 -> float32`) unless floatx says
otherwise; we do the same.
"""

import functools

import numpy as np
import torch

from .. import config

_TORCH = {
    "float16": torch.float16,
    "float32": torch.float32,
    "float64": torch.float64,
    "bfloat16": torch.bfloat16,
    "uint8": torch.uint8,
    "uint16": torch.int32,  # torch has no uint16/uint32 arithmetic; Keras maps them up too
    "uint32": torch.int64,
    "int8": torch.int8,
    "int16": torch.int16,
    "int32": torch.int32,
    "int64": torch.int64,
    "bool": torch.bool,
    "float8_e4m3fn": torch.float8_e4m3fn,
    "float8_e5m2": torch.float8_e5m2,
    "complex64": torch.complex64,
    "complex128": torch.complex128,
}
_NAMES = {
    torch.float16: "float16",
    torch.float32: "float32",
    torch.float64: "float64",
    torch.bfloat16: "bfloat16",
    torch.uint8: "uint8",
    torch.int8: "int8",
    torch.int16: "int16",
    torch.int32: "int32",
    torch.int64: "int64",
    torch.bool: "bool",
    torch.float8_e4m3fn: "float8_e4m3fn",
    torch.float8_e5m2: "float8_e5m2",
    torch.complex64: "complex64",
    torch.complex128: "complex128",
}
ALLOWED_DTYPES = (*_TORCH, "uint64", "string")
FLOAT_TYPES = ("bfloat16", "float16", "float32", "float64")
INT_TYPES = ("uint8", "uint16", "uint32", "uint64", "int8", "int16", "int32", "int64")
FLOAT8_TYPES = ("float8_e4m3fn", "float8_e5m2")
_PYTHON = {bool: "bool", int: "int32", float: "float32", str: "string", complex: "complex64"}


def floatx() -> str:
    """The default float dtype (`lamina.config.floatx()`)."""
    return config.floatx()


def standardize_dtype(dtype) -> str:
    """A dtype as Keras spells it (`"float32"`, `"int64"`, `"bool"`, ...).

    Accepts Keras strings, torch and numpy dtypes and the Python types `bool`, `int`
    (`"int32"`), `float` (`"float32"`); `None` means floatx.
    """
    if dtype is None:
        return config.floatx()
    if isinstance(dtype, torch.dtype):
        name = _NAMES.get(dtype)
        if name is None:
            raise ValueError(f"Invalid dtype: {dtype}. Lamina ops support {ALLOWED_DTYPES}.")
        return name
    if isinstance(dtype, str):
        name = dtype
    elif dtype in _PYTHON:
        return _PYTHON[dtype]
    else:
        name = getattr(dtype, "name", None) or getattr(dtype, "__name__", None)
        if name is None:
            try:
                name = np.dtype(dtype).name
            except TypeError:
                name = str(dtype).split(".")[-1]
    if name == "int":
        name = "int32"
    if name not in ALLOWED_DTYPES:
        raise ValueError(f"Invalid dtype: {dtype!r}. Expected one of {ALLOWED_DTYPES}.")
    return name


def to_torch_dtype(dtype) -> torch.dtype:
    """The torch dtype for a Keras dtype name (or anything `standardize_dtype` accepts)."""
    if isinstance(dtype, torch.dtype):
        return dtype
    if type(dtype) is str and dtype in _TORCH:
        return _TORCH[dtype]
    name = standardize_dtype(dtype)
    if name not in _TORCH:
        raise TypeError(f"Unsupported dtype for PyTorch: {dtype!r}.")
    return _TORCH[name]


def is_float_dtype(dtype) -> bool:
    name = standardize_dtype(dtype)
    return name in FLOAT_TYPES or name in FLOAT8_TYPES


def is_int_dtype(dtype) -> bool:
    return standardize_dtype(dtype) in INT_TYPES


# The lattice: each type maps to the types directly above it ("int"/"float" are weak).
_LATTICE = {
    "bool": ["int"],
    "uint8": ["int16", "uint16"],
    "uint16": ["int32", "uint32"],
    "uint32": ["int64", "uint64"],
    "uint64": ["float"],
    "int": ["uint8", "int8", "complex64"],
    "int8": ["int16"],
    "int16": ["int32"],
    "int32": ["int64"],
    "int64": ["float"],
    "float": ["bfloat16", "float16"],
    "bfloat16": ["float32"],
    "float16": ["float32"],
    "float32": ["float64", "complex64"],
    "float64": ["complex128"],
    "complex64": ["complex128"],
    "complex128": [],
}


def _upper_bounds():
    bounds = {}
    for node in _LATTICE:
        seen, todo = {node}, [node]
        while todo:
            for parent in _LATTICE[todo.pop()]:
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        bounds[node] = seen
    return bounds


_BOUNDS = _upper_bounds()
_TO_32 = {"int64": "int32", "uint64": "uint32", "float64": "float32", "complex128": "complex64"}


@functools.lru_cache(512)
def _least_upper_bound(*nodes):
    nodes = set(nodes)
    for node in nodes:
        if node not in _BOUNDS:
            raise ValueError(f"dtype={node!r} is not a valid dtype for Keras type promotion.")
    common = set.intersection(*(_BOUNDS[n] for n in nodes))
    least = (common & nodes) or {c for c in common if common <= _BOUNDS[c]}
    if len(least) != 1:
        raise ValueError(
            f"Input dtypes {tuple(sorted(nodes))} have no available implicit dtype promotion "
            "path. Cast the inputs explicitly to the dtype you want."
        )
    return least.pop()


def _weak(name):
    if name == "bool":
        return name
    for kind in ("float", "int", "complex"):
        if kind in name:
            return kind
    raise ValueError(f"Invalid dtype: {name!r}.")


def _resolve_weak(name, precision):
    if name == "bool":
        return name
    kind = "f" if name == "bfloat16" else name[0]
    return {"i": "int", "u": "uint", "c": "complex"}.get(kind, "float") + precision


@functools.lru_cache(1024)
def _lattice_result(entries, precision):
    names = tuple(n for n, _ in entries)
    weak = tuple(w for _, w in entries)
    if len(names) == 1:
        out, out_weak = names[0], weak[0]
    elif len(set(names)) == 1 and not all(weak):
        out, out_weak = names[0], False
    elif all(weak):
        out, out_weak = _least_upper_bound(*set(names)), True
    else:
        out = _least_upper_bound(*{_weak(n) if w else n for n, w in entries})
        out_weak = out in ("int", "float")
    if out_weak and out != "bool":
        out = _resolve_weak(out, precision)
    if out == "complex":
        out = "complex64"
    return _TO_32.get(out, out)


def _entry(value):
    if value is int or value is float:
        return standardize_dtype(value), True
    return standardize_dtype(value), False


def result_type(*dtypes) -> str:
    """The dtype Keras 3 gives an op on inputs of these dtypes.

    Each argument is a dtype (string, torch/numpy dtype) or the Python type `int`/`float`
    for a weakly typed scalar; `None` means floatx. With no argument, floatx.

    >>> result_type("int32", "float32"), result_type("int8", int), result_type("int32", float)
    ('float32', 'int8', 'float32')
    """
    fx = config.floatx()
    try:
        return _result_type_cached(dtypes, fx)
    except TypeError:  # an unhashable dtype-like argument
        return _result_type(dtypes, fx)


@functools.lru_cache(2048)
def _result_type_cached(dtypes, fx):
    return _result_type(dtypes, fx)


def _result_type(dtypes, fx):
    if not dtypes:
        return fx
    entries = tuple(_entry(fx if d is None else d) for d in dtypes)
    for name, _ in entries:
        if name in FLOAT8_TYPES:
            raise ValueError(
                "There is no implicit conversion from float8 dtypes to others; cast "
                f"explicitly. Received: {dtypes}"
            )
    return _lattice_result(entries, fx[-2:])
