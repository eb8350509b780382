"""Comparisons, logical operators and value tests; every result is a bool tensor.

Comparisons broadcast their inputs and compare them as torch does after Keras's
conversion (a Python `float` is a float32 scalar, an `int` an int32 scalar).
"""

import torch

from ..convert import convert_to_tensor, tensors
from ..dtypes import result_type, standardize_dtype, to_torch_dtype

__all__ = [
    "allclose",
    "equal",
    "greater",
    "greater_equal",
    "isclose",
    "isfinite",
    "isin",
    "isinf",
    "isnan",
    "isneginf",
    "isposinf",
    "isreal",
    "less",
    "less_equal",
    "logical_and",
    "logical_not",
    "logical_or",
    "logical_xor",
    "not_equal",
]


def pair(x1, x2):
    """Two op inputs as tensors (no promotion), with a fast path for two plain tensors."""
    if type(x1) is torch.Tensor and type(x2) is torch.Tensor:
        return x1, x2
    return tensors(x1, x2)


def _binary(op, fn, x1, x2):
    x1, x2 = pair(x1, x2)
    try:
        return fn(x1, x2)
    except RuntimeError as error:
        raise ValueError(
            f"{op}: shapes {tuple(x1.shape)} and {tuple(x2.shape)} do not broadcast. "
            f"({str(error).splitlines()[0]})"
        ) from None


def equal(x1, x2) -> torch.Tensor:
    """`x1 == x2` element-wise."""
    return _binary("equal", torch.eq, x1, x2)


def not_equal(x1, x2) -> torch.Tensor:
    """`x1 != x2` element-wise."""
    return _binary("not_equal", torch.ne, x1, x2)


def greater(x1, x2) -> torch.Tensor:
    """`x1 > x2` element-wise."""
    return _binary("greater", torch.gt, x1, x2)


def greater_equal(x1, x2) -> torch.Tensor:
    """`x1 >= x2` element-wise."""
    return _binary("greater_equal", torch.ge, x1, x2)


def less(x1, x2) -> torch.Tensor:
    """`x1 < x2` element-wise."""
    return _binary("less", torch.lt, x1, x2)


def less_equal(x1, x2) -> torch.Tensor:
    """`x1 <= x2` element-wise."""
    return _binary("less_equal", torch.le, x1, x2)


def logical_and(x1, x2) -> torch.Tensor:
    """Truth of `x1 and x2` element-wise (nonzero is true)."""
    return _binary("logical_and", torch.logical_and, x1, x2)


def logical_or(x1, x2) -> torch.Tensor:
    """Truth of `x1 or x2` element-wise (nonzero is true)."""
    return _binary("logical_or", torch.logical_or, x1, x2)


def logical_xor(x1, x2) -> torch.Tensor:
    """Truth of `x1 xor x2` element-wise (nonzero is true)."""
    return _binary("logical_xor", torch.logical_xor, x1, x2)


def logical_not(x) -> torch.Tensor:
    """Truth of `not x` element-wise (nonzero is true)."""
    return torch.logical_not(convert_to_tensor(x))


def _promoted(x1, x2):
    x1, x2 = tensors(x1, x2)
    name = result_type(standardize_dtype(x1.dtype), standardize_dtype(x2.dtype))
    dtype = to_torch_dtype(name)
    return x1.to(dtype), x2.to(dtype), name


def isclose(x1, x2, rtol=1e-5, atol=1e-8, equal_nan=False) -> torch.Tensor:
    """`|x1 - x2| <= atol + rtol * |x2|` element-wise (exact equality for non-floats)."""
    x1, x2, name = _promoted(x1, x2)
    if "float" in name:
        return _binary(
            "isclose",
            lambda a, b: torch.isclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan),
            x1,
            x2,
        )
    return _binary("isclose", torch.eq, x1, x2)


def allclose(x1, x2, rtol=1e-5, atol=1e-8, equal_nan=False) -> torch.Tensor:
    """Whether `isclose` holds everywhere, as a bool scalar tensor."""
    return torch.all(isclose(x1, x2, rtol=rtol, atol=atol, equal_nan=equal_nan))


def isfinite(x) -> torch.Tensor:
    """Whether each element is finite (not inf, not NaN)."""
    return torch.isfinite(convert_to_tensor(x))


def isinf(x) -> torch.Tensor:
    """Whether each element is positive or negative infinity."""
    return torch.isinf(convert_to_tensor(x))


def isnan(x) -> torch.Tensor:
    """Whether each element is NaN."""
    return torch.isnan(convert_to_tensor(x))


def isneginf(x) -> torch.Tensor:
    """Whether each element is negative infinity."""
    return torch.isneginf(convert_to_tensor(x))


def isposinf(x) -> torch.Tensor:
    """Whether each element is positive infinity."""
    return torch.isposinf(convert_to_tensor(x))


def isreal(x) -> torch.Tensor:
    """Whether each element has a zero imaginary part (always true for real dtypes)."""
    return torch.isreal(convert_to_tensor(x))


def isin(x1, x2, assume_unique=False, invert=False) -> torch.Tensor:
    """Whether each element of `x1` occurs in `x2` (its negation with `invert=True`)."""
    x1, x2 = tensors(x1, x2)
    name = result_type(standardize_dtype(x1.dtype), standardize_dtype(x2.dtype))
    dtype = to_torch_dtype("int32" if name == "bool" else name)
    return torch.isin(x1.to(dtype), x2.to(dtype), assume_unique=assume_unique, invert=invert)
