"""Unary element-wise math of `keras.ops.numpy` (`sin`, `exp`, `sqrt`, `round`, ...).

Output dtypes follow Keras's torch backend (keras/src/backend/torch/numpy.py): most ops are
the torch function itself (so `sin` of int32 is float32); `exp`, `exp2`, `expm1`, `fabs`
turn int and bool inputs into floatx; `floor`/`ceil` always return floats; `round` of ints
keeps the int dtype; `square` of bool is int32; `abs`/`trunc` of bool is the input.
"""

import torch

from .. import dtypes
from ..convert import convert_to_tensor

__all__ = [
    "abs",
    "absolute",
    "angle",
    "arccos",
    "arccosh",
    "arcsin",
    "arcsinh",
    "arctan",
    "arctanh",
    "bitwise_invert",
    "bitwise_not",
    "cbrt",
    "ceil",
    "conj",
    "conjugate",
    "cos",
    "cosh",
    "deg2rad",
    "exp",
    "exp2",
    "expm1",
    "fabs",
    "floor",
    "i0",
    "imag",
    "log",
    "log10",
    "log1p",
    "log2",
    "nan_to_num",
    "negative",
    "rad2deg",
    "real",
    "reciprocal",
    "round",
    "sign",
    "signbit",
    "sin",
    "sinc",
    "sinh",
    "sqrt",
    "square",
    "tan",
    "tanh",
    "trunc",
]

_Tensor = torch.Tensor
_INTEGRAL = (torch.bool, torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64)


def _tensor(x) -> torch.Tensor:
    return x if isinstance(x, _Tensor) else convert_to_tensor(x)


def _floatx() -> torch.dtype:
    return dtypes.to_torch_dtype(dtypes.floatx())


def _unary(torch_fn, name: str, doc: str, int_to_floatx: bool = False):
    """An op `name(x)` that is `torch_fn` on `x` as a tensor (ints/bools to floatx first)."""

    def op(x):
        x = x if isinstance(x, _Tensor) else convert_to_tensor(x)
        if int_to_floatx and x.dtype in _INTEGRAL:
            x = x.to(_floatx())
        try:
            return torch_fn(x)
        except RuntimeError as error:
            message = str(error).splitlines()[0]
            raise TypeError(f"{name}: not supported for dtype {x.dtype}. ({message})") from None

    op.__name__ = op.__qualname__ = name
    op.__doc__ = doc
    op.__module__ = __name__
    return op


arccos = _unary(torch.arccos, "arccos", "Inverse cosine, element-wise.")
arccosh = _unary(torch.arccosh, "arccosh", "Inverse hyperbolic cosine, element-wise.")
arcsin = _unary(torch.arcsin, "arcsin", "Inverse sine, element-wise.")
arcsinh = _unary(torch.arcsinh, "arcsinh", "Inverse hyperbolic sine, element-wise.")
arctan = _unary(torch.arctan, "arctan", "Inverse tangent, element-wise.")
arctanh = _unary(torch.arctanh, "arctanh", "Inverse hyperbolic tangent, element-wise.")
cos = _unary(torch.cos, "cos", "Cosine, element-wise.")
cosh = _unary(torch.cosh, "cosh", "Hyperbolic cosine, element-wise.")
sin = _unary(torch.sin, "sin", "Sine, element-wise.")
sinh = _unary(torch.sinh, "sinh", "Hyperbolic sine, element-wise.")
tan = _unary(torch.tan, "tan", "Tangent, element-wise.")
tanh = _unary(torch.tanh, "tanh", "Hyperbolic tangent, element-wise.")
sinc = _unary(torch.sinc, "sinc", "Normalized sinc `sin(pi x) / (pi x)`, element-wise.")
log = _unary(torch.log, "log", "Natural logarithm, element-wise (ints give floats).")
log10 = _unary(torch.log10, "log10", "Base-10 logarithm, element-wise.")
log1p = _unary(torch.log1p, "log1p", "`log(1 + x)`, element-wise.")
log2 = _unary(torch.log2, "log2", "Base-2 logarithm, element-wise.")
reciprocal = _unary(torch.reciprocal, "reciprocal", "`1 / x`, element-wise (ints give floats).")
sign = _unary(torch.sign, "sign", "-1, 0 or 1 by the sign of each element (same dtype).")
signbit = _unary(torch.signbit, "signbit", "Whether the sign bit of each element is set (-0.0 too).")
negative = _unary(torch.negative, "negative", "`-x`, element-wise.")
angle = _unary(torch.angle, "angle", "The argument of each (complex) element, in radians.")
bitwise_invert = _unary(torch.bitwise_not, "bitwise_invert", "Bitwise NOT of ints or bools.")
bitwise_not = _unary(torch.bitwise_not, "bitwise_not", "Bitwise NOT of ints or bools.")
exp = _unary(torch.exp, "exp", "`e ** x`, element-wise; ints and bools give floatx.", True)
exp2 = _unary(torch.exp2, "exp2", "`2 ** x`, element-wise; ints and bools give floatx.", True)
expm1 = _unary(torch.expm1, "expm1", "`exp(x) - 1`, element-wise; ints give floatx.", True)


def absolute(x) -> torch.Tensor:
    """`|x|`, element-wise (bools are returned as they are)."""
    x = _tensor(x)
    return x if x.dtype == torch.bool else torch.abs(x)


abs = absolute  # noqa: A001 - Keras's name


def fabs(x) -> torch.Tensor:
    """`|x|` as floats: int and bool inputs become floatx; complex inputs are refused."""
    x = _tensor(x)
    if x.is_complex():
        raise TypeError(f"fabs does not support complex inputs. Received: x.dtype={x.dtype}")
    if x.dtype in _INTEGRAL:
        x = x.to(_floatx())
    return torch.abs(x)


def _rounding_dtype(x: torch.Tensor) -> torch.dtype:
    # Keras: floor/ceil give result_type(x, float) (floatx for ints), but floatx for int64.
    if x.dtype == torch.int64:
        return _floatx()
    return dtypes.to_torch_dtype(dtypes.result_type(dtypes.standardize_dtype(x.dtype), float))


def floor(x) -> torch.Tensor:
    """The largest integer `<= x`, element-wise, as floats."""
    x = _tensor(x)
    return torch.floor(x.to(_rounding_dtype(x)))


def ceil(x) -> torch.Tensor:
    """The smallest integer `>= x`, element-wise, as floats."""
    x = _tensor(x)
    return torch.ceil(x.to(_rounding_dtype(x)))


def trunc(x) -> torch.Tensor:
    """`x` rounded toward zero (same dtype)."""
    x = _tensor(x)
    return x if x.dtype == torch.bool else torch.trunc(x)


def round(x, decimals=0) -> torch.Tensor:  # noqa: A001 - Keras's name
    """`x` rounded half to even to `decimals` decimals; int inputs keep their dtype."""
    x = _tensor(x)
    if x.dtype in _INTEGRAL[1:]:
        return torch.round(x.to(_floatx()), decimals=decimals).to(x.dtype)
    return torch.round(x, decimals=decimals)


def cbrt(x) -> torch.Tensor:
    """The real cube root, element-wise (int64 gives float64, other ints floatx)."""
    x = _tensor(x)
    if x.dtype == torch.bool:
        x = x.to(torch.int32)
    elif x.dtype == torch.int64:
        x = x.to(torch.float64)
    return torch.sign(x) * torch.abs(x) ** (1.0 / 3.0)


def deg2rad(x) -> torch.Tensor:
    """Degrees to radians (int64 gives float64)."""
    x = _tensor(x)
    out = torch.deg2rad(x)
    return out.to(torch.float64) if x.dtype == torch.int64 else out


def rad2deg(x) -> torch.Tensor:
    """Radians to degrees (int64 gives float64)."""
    x = _tensor(x)
    out = torch.rad2deg(x)
    return out.to(torch.float64) if x.dtype == torch.int64 else out


def i0(x) -> torch.Tensor:
    """The modified Bessel function of the first kind, order 0."""
    x = _tensor(x)
    if x.dtype in (torch.int64, torch.float64):
        x = x.to(torch.float64)
    elif x.dtype not in (torch.bfloat16, torch.float16):
        x = x.to(_floatx())
    return torch.i0(x)


def square(x) -> torch.Tensor:
    """`x * x`, element-wise (bools give int32)."""
    x = _tensor(x)
    if x.dtype == torch.bool:
        x = x.to(torch.int32)
    return torch.square(x)


def sqrt(x) -> torch.Tensor:
    """The non-negative square root, element-wise (ints give floats)."""
    x = _tensor(x)
    if x.dtype == torch.int64:
        x = x.to(_floatx())
    return torch.sqrt(x)


def nan_to_num(x, nan=0.0, posinf=None, neginf=None) -> torch.Tensor:
    """`x` with NaN, +inf and -inf replaced (by 0 and the dtype's largest finite values)."""
    return torch.nan_to_num(_tensor(x), nan=nan, posinf=posinf, neginf=neginf)


def conjugate(x) -> torch.Tensor:
    """The complex conjugate (real inputs are returned unchanged)."""
    return torch.conj(_tensor(x)).resolve_conj()


conj = conjugate


def real(x) -> torch.Tensor:
    """The real part of each element."""
    return torch.real(_tensor(x))


def imag(x) -> torch.Tensor:
    """The imaginary part of each element (torch refuses real inputs, as Keras's backend)."""
    x = _tensor(x)
    if not x.is_complex():
        raise TypeError(f"imag expects a complex input. Received: x.dtype={x.dtype}")
    return torch.imag(x)
