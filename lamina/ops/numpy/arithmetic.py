"""Binary element-wise math of `keras.ops.numpy` (`add`, `divide`, `power`, `maximum`, ...).

Inputs broadcast. Dtypes follow Keras's torch backend (keras/src/backend/torch/numpy.py):
`add`, `multiply`, `power`, `mod`, ... convert Python scalars to 0-d tensors (int32,
floatx) and let torch promote, so `int8_array + 1` stays int8; `maximum`, `minimum`,
`floor_divide`, `divide_no_nan` use Keras's `result_type` with weak Python scalars;
`divide` of ints gives float32; `arctan2`, `logaddexp`, `hypot`, ... give floats.
"""

import torch

from .. import dtypes
from ..convert import convert_to_tensor, device_of, input_dtype, promote

__all__ = [
    "add",
    "arctan2",
    "bitwise_and",
    "bitwise_left_shift",
    "bitwise_or",
    "bitwise_right_shift",
    "bitwise_xor",
    "clip",
    "divide",
    "divide_no_nan",
    "floor_divide",
    "fmax",
    "fmin",
    "fmod",
    "gcd",
    "heaviside",
    "hypot",
    "lcm",
    "ldexp",
    "left_shift",
    "logaddexp",
    "logaddexp2",
    "maximum",
    "minimum",
    "mod",
    "multiply",
    "nextafter",
    "power",
    "right_shift",
    "subtract",
    "true_divide",
]

_Tensor = torch.Tensor
_FLOATS = frozenset((torch.float16, torch.bfloat16, torch.float32, torch.float64))
_INTS = frozenset((torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64))
_NARROWED = (torch.int64, torch.float64)  # Keras's result_type maps these to 32 bits
_SMALL_INTS = ("bool", "uint8", "uint16", "uint32", "int8", "int16", "int32")


def _pair(x1, x2):
    """Both inputs as tensors; Python scalars become 0-d tensors as `convert_to_tensor` makes
    them, on the other input's device."""
    if isinstance(x1, _Tensor) and isinstance(x2, _Tensor):
        return x1, x2
    device = device_of(x1, x2)
    return convert_to_tensor(x1, device=device), convert_to_tensor(x2, device=device)


def _weak_ok(x: torch.Tensor, scalar) -> bool:
    """Whether torch's promotion of `x` with the raw Python `scalar` already gives what a 0-d
    int32/floatx tensor would (so the scalar need not become a tensor): a float tensor with
    any int/float, or an int tensor with an int."""
    kind = type(scalar)
    if kind is float:
        return x.dtype in _FLOATS
    return kind is int and (x.dtype in _FLOATS or x.dtype in _INTS)


def _name(x: torch.Tensor) -> str:
    return dtypes.standardize_dtype(x.dtype)


def _op_error(op: str, error: RuntimeError, *xs) -> Exception:
    """torch's RuntimeError as the ValueError/TypeError Keras users expect, naming `op`."""
    shapes = [tuple(x.shape) if hasattr(x, "shape") else type(x).__name__ for x in xs]
    kinds = [str(getattr(x, "dtype", type(x).__name__)).replace("torch.", "") for x in xs]
    message = str(error).splitlines()[0]
    if "size of tensor" in message or "broadcast" in message:
        return ValueError(f"{op}: inputs of shapes {shapes} do not broadcast. ({message})")
    return TypeError(f"{op}: not supported for inputs of dtypes {kinds}. ({message})")


def _named_errors(fn):
    """Re-raises torch's RuntimeErrors from `fn` through `_op_error`."""

    def op(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except RuntimeError as error:
            raise _op_error(fn.__name__, error, *args, *kwargs.values()) from None

    op.__name__ = op.__qualname__ = fn.__name__
    op.__doc__, op.__module__, op.__wrapped__ = fn.__doc__, fn.__module__, fn
    return op


def _binary(torch_fn, name: str, doc: str):
    def op(x1, x2):
        try:
            if isinstance(x1, _Tensor) and (isinstance(x2, _Tensor) or _weak_ok(x1, x2)):
                return torch_fn(x1, x2)
            return torch_fn(*_pair(x1, x2))
        except RuntimeError as error:
            raise _op_error(name, error, x1, x2) from None

    op.__name__ = op.__qualname__ = name
    op.__doc__ = doc
    op.__module__ = __name__
    return op


add = _binary(torch.add, "add", "`x1 + x2`, element-wise with broadcasting.")
multiply = _binary(torch.multiply, "multiply", "`x1 * x2`, element-wise with broadcasting.")
power = _binary(torch.pow, "power", "`x1 ** x2`, element-wise with broadcasting.")
gcd = _binary(torch.gcd, "gcd", "Greatest common divisor of integers, element-wise.")
lcm = _binary(torch.lcm, "lcm", "Least common multiple of integers, element-wise.")
bitwise_and = _binary(torch.bitwise_and, "bitwise_and", "Bitwise AND of ints or bools.")
bitwise_or = _binary(torch.bitwise_or, "bitwise_or", "Bitwise OR of ints or bools.")
bitwise_xor = _binary(torch.bitwise_xor, "bitwise_xor", "Bitwise XOR of ints or bools.")


def subtract(x1, x2) -> torch.Tensor:
    """`x1 - x2`, element-wise; a bool operand takes the other's dtype."""
    try:
        if isinstance(x1, _Tensor) and isinstance(x2, _Tensor) and x1.dtype is x2.dtype:
            if x1.dtype is not torch.bool:
                return torch.subtract(x1, x2)
        return _subtract(x1, x2)
    except RuntimeError as error:
        raise _op_error("subtract", error, x1, x2) from None


def _subtract(x1, x2):
    x1, x2 = _pair(x1, x2)
    if x1.dtype == torch.bool:
        x1 = x1.to(x2.dtype)
    if x2.dtype == torch.bool:
        x2 = x2.to(x1.dtype)
    return torch.subtract(x1, x2)


def _scalar_or_tensor(x, device):
    return x if isinstance(x, (int, float)) else convert_to_tensor(x, device=device)


@_named_errors
def divide(x1, x2) -> torch.Tensor:
    """`x1 / x2`, true division: integer inputs give float32."""
    if not (isinstance(x1, _Tensor) and isinstance(x2, _Tensor)):
        if isinstance(x1, (int, float)) and isinstance(x2, (int, float)):
            x1, x2 = _pair(x1, x2)
        else:
            device = device_of(x1, x2)
            x1, x2 = _scalar_or_tensor(x1, device), _scalar_or_tensor(x2, device)
    return torch.divide(x1, x2)


true_divide = divide


@_named_errors
def divide_no_nan(x1, x2) -> torch.Tensor:
    """`x1 / x2`, but 0 wherever `x2 == 0` (the result is always a float dtype)."""
    dtype = dtypes.result_type(input_dtype(x1), input_dtype(x2), float)
    x1, x2 = promote(x1, x2, dtype=dtype)
    zero = x2 == 0
    return torch.where(zero, 0, torch.divide(x1, torch.where(zero, 1, x2)))


@_named_errors
def floor_divide(x1, x2) -> torch.Tensor:
    """`floor(x1 / x2)` with Keras's result type of the inputs."""
    dtype = dtypes.to_torch_dtype(dtypes.result_type(input_dtype(x1), input_dtype(x2)))
    if isinstance(x1, (int, float)) and isinstance(x2, (int, float)):
        x1, x2 = _pair(x1, x2)
    else:
        device = device_of(x1, x2)
        x1, x2 = _scalar_or_tensor(x1, device), _scalar_or_tensor(x2, device)
    return torch.floor_divide(x1, x2).to(dtype)


def _remainder(torch_fn, x1, x2):
    x1, x2 = _pair(x1, x2)
    if x1.dtype == torch.bool and x2.dtype == torch.bool:
        x1, x2 = x1.to(torch.int32), x2.to(torch.int32)
    return torch_fn(x1, x2)


@_named_errors
def mod(x1, x2) -> torch.Tensor:
    """The remainder of `x1 / x2` with the sign of `x2` (Python's `%`)."""
    return _remainder(torch.remainder, x1, x2)


@_named_errors
def fmod(x1, x2) -> torch.Tensor:
    """The remainder of `x1 / x2` with the sign of `x1` (C's `fmod`)."""
    return _remainder(torch.fmod, x1, x2)


def _promoted(torch_fn, x1, x2):
    if isinstance(x1, _Tensor) and isinstance(x2, _Tensor) and x1.dtype is x2.dtype and (
        x1.dtype not in _NARROWED
    ):
        return torch_fn(x1, x2)
    return torch_fn(*promote(x1, x2))


def maximum(x1, x2) -> torch.Tensor:
    """The larger of `x1` and `x2`, element-wise (NaN wins)."""
    try:
        if type(x1) is _Tensor and type(x2) is _Tensor and x1.dtype is x2.dtype:
            if x1.dtype not in _NARROWED:
                return torch.maximum(x1, x2)
        return _promoted(torch.maximum, x1, x2)
    except RuntimeError as error:
        raise _op_error("maximum", error, x1, x2) from None


def minimum(x1, x2) -> torch.Tensor:
    """The smaller of `x1` and `x2`, element-wise (NaN wins)."""
    try:
        if type(x1) is _Tensor and type(x2) is _Tensor and x1.dtype is x2.dtype:
            if x1.dtype not in _NARROWED:
                return torch.minimum(x1, x2)
        return _promoted(torch.minimum, x1, x2)
    except RuntimeError as error:
        raise _op_error("minimum", error, x1, x2) from None


@_named_errors
def fmax(x1, x2) -> torch.Tensor:
    """The larger of `x1` and `x2`, element-wise, ignoring NaN."""
    return _promoted(torch.fmax, x1, x2)


@_named_errors
def fmin(x1, x2) -> torch.Tensor:
    """The smaller of `x1` and `x2`, element-wise, ignoring NaN."""
    return _promoted(torch.fmin, x1, x2)


def _float_pair(x1, x2, ints_to_floatx: bool = False):
    """Both inputs cast to one float dtype: Keras's `result_type(x1, x2, float)`, or for
    `hypot`/`heaviside` the inputs' result type with small ints mapped to floatx."""
    x1, x2 = _pair(x1, x2)
    if ints_to_floatx:
        dtype = dtypes.result_type(_name(x1), _name(x2))
        if dtype in _SMALL_INTS:
            dtype = dtypes.floatx()
        elif dtype == "int64":
            dtype = "float64"
    else:
        dtype = dtypes.result_type(_name(x1), _name(x2), float)
    target = dtypes.to_torch_dtype(dtype)
    return x1.to(target), x2.to(target)


@_named_errors
def arctan2(x1, x2) -> torch.Tensor:
    """The angle of the point `(x2, x1)`, in radians, element-wise."""
    return torch.arctan2(*_float_pair(x1, x2))


@_named_errors
def logaddexp(x1, x2) -> torch.Tensor:
    """`log(exp(x1) + exp(x2))`, computed without overflow."""
    return torch.logaddexp(*_float_pair(x1, x2))


@_named_errors
def logaddexp2(x1, x2) -> torch.Tensor:
    """`log2(2**x1 + 2**x2)`, computed without overflow."""
    return torch.logaddexp2(*_float_pair(x1, x2))


@_named_errors
def hypot(x1, x2) -> torch.Tensor:
    """`sqrt(x1**2 + x2**2)`, element-wise."""
    return torch.hypot(*_float_pair(x1, x2, ints_to_floatx=True))


@_named_errors
def heaviside(x1, x2) -> torch.Tensor:
    """The Heaviside step of `x1`: 0 below zero, 1 above, `x2` at zero."""
    return torch.heaviside(*_float_pair(x1, x2, ints_to_floatx=True))


@_named_errors
def nextafter(x1, x2) -> torch.Tensor:
    """The next representable float after `x1` toward `x2` (computed in float64)."""
    x1, x2 = _pair(x1, x2)
    dtype = dtypes.to_torch_dtype(dtypes.result_type(_name(x1), _name(x2), float))
    return torch.nextafter(x1.to(torch.float64), x2.to(torch.float64)).to(dtype)


@_named_errors
def ldexp(x1, x2) -> torch.Tensor:
    """`x1 * 2 ** x2`; the exponent `x2` must be an integer."""
    x1, x2 = _pair(x1, x2)
    if _name(x2) not in dtypes.INT_TYPES:
        raise TypeError(f"ldexp exponent must be an integer type. Received: x2 dtype={x2.dtype}")
    dtype = dtypes.to_torch_dtype(dtypes.result_type(_name(x1), _name(x2), float))
    return torch.ldexp(x1, x2).to(dtype)


def _shift(torch_fn, x, y):
    x = convert_to_tensor(x) if not isinstance(x, _Tensor) else x
    if not isinstance(y, int):
        y = convert_to_tensor(y, device=x.device)
    return torch_fn(x, y)


@_named_errors
def bitwise_left_shift(x, y) -> torch.Tensor:
    """`x << y` for integers, element-wise."""
    return _shift(torch.bitwise_left_shift, x, y)


@_named_errors
def bitwise_right_shift(x, y) -> torch.Tensor:
    """`x >> y` for integers, element-wise."""
    return _shift(torch.bitwise_right_shift, x, y)


left_shift = bitwise_left_shift
right_shift = bitwise_right_shift


@_named_errors
def clip(x, x_min, x_max) -> torch.Tensor:
    """`x` limited to `[x_min, x_max]`, element-wise (bools are clipped as int32)."""
    x = x if isinstance(x, _Tensor) else convert_to_tensor(x)
    if x.dtype == torch.bool:
        x = x.to(torch.int32)
    if _weak_ok(x, x_min) and _weak_ok(x, x_max):
        return torch.clip(x, min=x_min, max=x_max)
    x_min = convert_to_tensor(x_min, device=x.device)
    x_max = convert_to_tensor(x_max, device=x.device)
    return torch.clip(x, min=x_min, max=x_max)
