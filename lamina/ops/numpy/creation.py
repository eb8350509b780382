"""New tensors: from data, ranges, constants, matrices and window functions.

Dtypes follow Keras's torch backend (keras/src/backend/torch/numpy.py): `zeros`, `ones`,
`full`, `eye`, `identity`, `tri` default to floatx; `arange` takes the Keras result type
of its arguments (`arange(3)` is int32); `linspace`/`logspace`/`geomspace` promote their
endpoints with `float`. New tensors are made on torch's default device, or on the device
of a tensor argument.
"""

import math

import torch

from ..convert import convert_to_tensor, device_of, input_dtype
from ..dtypes import floatx, is_float_dtype, result_type, standardize_dtype, to_torch_dtype

__all__ = [
    "arange",
    "array",
    "bartlett",
    "blackman",
    "copy",
    "diag",
    "diagflat",
    "empty",
    "empty_like",
    "eye",
    "full",
    "full_like",
    "geomspace",
    "hamming",
    "hanning",
    "identity",
    "kaiser",
    "linspace",
    "logspace",
    "meshgrid",
    "ones",
    "ones_like",
    "tri",
    "tril",
    "triu",
    "vander",
    "zeros",
    "zeros_like",
]


def _shape(op, shape):
    if isinstance(shape, int):
        return (shape,)
    try:
        return tuple(int(d) for d in shape)
    except (TypeError, ValueError):
        raise TypeError(
            f"{op}: `shape` must be an int or a tuple of ints. Received: shape={shape!r}"
        ) from None


def _dtype(op, dtype, default):
    """The torch dtype for `dtype` (`default` when None); the error names the op."""
    if dtype is None:
        return default if isinstance(default, torch.dtype) else to_torch_dtype(default)
    try:
        return to_torch_dtype(dtype)
    except (TypeError, ValueError) as error:
        raise type(error)(f"{op}: unsupported `dtype`={dtype!r}. ({error})") from None


def _scalar(value):
    return value.item() if isinstance(value, torch.Tensor) and value.ndim == 0 else value


def array(x, dtype=None) -> torch.Tensor:
    """`x` (a tensor, numpy array, list or scalar) as a tensor, optionally of `dtype`."""
    return convert_to_tensor(x, dtype=dtype)


def copy(x) -> torch.Tensor:
    """A copy of `x` that shares no memory with it."""
    return torch.clone(convert_to_tensor(x))


def zeros(shape, dtype=None) -> torch.Tensor:
    """A tensor of zeros (floatx unless `dtype` is given)."""
    return torch.zeros(_shape("zeros", shape), dtype=_dtype("zeros", dtype, floatx()))


def ones(shape, dtype=None) -> torch.Tensor:
    """A tensor of ones (floatx unless `dtype` is given)."""
    return torch.ones(_shape("ones", shape), dtype=_dtype("ones", dtype, floatx()))


def empty(shape, dtype=None) -> torch.Tensor:
    """An uninitialized tensor (floatx unless `dtype` is given)."""
    return torch.empty(_shape("empty", shape), dtype=_dtype("empty", dtype, floatx()))


def full(shape, fill_value, dtype=None) -> torch.Tensor:
    """A tensor of `fill_value` (floatx unless `dtype` is given, as in Keras on torch).

    An array `fill_value` is broadcast to `shape`.
    """
    shape, dtype = _shape("full", shape), _dtype("full", dtype, floatx())
    value = convert_to_tensor(fill_value, dtype=dtype)
    if value.ndim == 0:
        return torch.full(shape, value.item(), dtype=dtype, device=value.device)
    try:
        return torch.broadcast_to(value, shape).clone()
    except RuntimeError:
        raise ValueError(
            f"full: `fill_value` of shape {tuple(value.shape)} cannot be broadcast to "
            f"shape={shape}."
        ) from None


def _like(op, fn, x, dtype):
    x = convert_to_tensor(x)
    return fn(x, dtype=_dtype(op, dtype, x.dtype))


def zeros_like(x, dtype=None) -> torch.Tensor:
    """Zeros with the shape, device and (unless `dtype` is given) dtype of `x`."""
    return _like("zeros_like", torch.zeros_like, x, dtype)


def ones_like(x, dtype=None) -> torch.Tensor:
    """Ones with the shape, device and (unless `dtype` is given) dtype of `x`."""
    return _like("ones_like", torch.ones_like, x, dtype)


def empty_like(x, dtype=None) -> torch.Tensor:
    """An uninitialized tensor with the shape, device and dtype of `x`."""
    return _like("empty_like", torch.empty_like, x, dtype)


def full_like(x, fill_value, dtype=None) -> torch.Tensor:
    """`fill_value` with the shape, device and (unless `dtype` is given) dtype of `x`."""
    x = convert_to_tensor(x)
    dtype = _dtype("full_like", dtype, x.dtype)
    if isinstance(fill_value, (bool, int, float)):
        return torch.full_like(x, convert_to_tensor(fill_value, dtype=dtype).item(), dtype=dtype)
    value = convert_to_tensor(fill_value, dtype=dtype, device=x.device).to(x.device)
    try:
        return torch.broadcast_to(value, x.shape).clone()
    except RuntimeError:
        raise ValueError(
            f"full_like: `fill_value` of shape {tuple(value.shape)} cannot be broadcast to "
            f"x.shape={tuple(x.shape)}."
        ) from None


def arange(start, stop=None, step=None, dtype=None) -> torch.Tensor:
    """Evenly spaced values in `[start, stop)`; the dtype is the arguments' result type."""
    given = [v for v in (start, stop, step) if v is not None]
    if dtype is None:
        dtype = result_type(*[input_dtype(v) for v in given])
    if stop is None:
        start, stop = 0, start
    step = 1 if step is None else step
    if _scalar(step) == 0:
        raise ValueError("arange: `step` must not be zero. Received: step=0")
    return torch.arange(
        _scalar(start), _scalar(stop), _scalar(step),
        dtype=_dtype("arange", dtype, None), device=device_of(*given),
    )


def _endpoints(op, start, stop, dtype):
    if dtype is None:
        dtype = result_type(input_dtype(start), input_dtype(stop), float)
    dtype = _dtype(op, dtype, None)
    # The ramp is computed in float64 for 64-bit requests, else in float32; cast at the end.
    compute = torch.float64 if dtype in (torch.float64, torch.int64) else torch.float32
    device = device_of(start, stop)
    start = convert_to_tensor(start, dtype=compute, device=device)
    stop = convert_to_tensor(stop, dtype=compute, device=device)
    return torch.broadcast_tensors(start, stop), dtype, compute


def _ramp(op, start, stop, num, endpoint, axis, compute):
    num = int(num)
    if num < 0:
        raise ValueError(f"{op}: `num` must be non-negative. Received: num={num}")
    div = (num - 1) if endpoint else num
    steps = torch.arange(num, dtype=compute, device=start.device)
    steps = steps.reshape((num,) + (1,) * start.ndim)
    delta = stop - start
    values = start + steps * (delta / div) if div > 0 else start + steps * delta
    if endpoint and num > 1:
        values[-1] = stop  # exact endpoint, as numpy guarantees
    ndim = values.ndim
    if not -ndim <= axis < ndim:
        raise ValueError(f"{op}: axis {axis} is out of bounds for an output of rank {ndim}.")
    return torch.movedim(values, 0, axis), (delta / div if div > 0 else math.nan)


def linspace(
    start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0
) -> torch.Tensor:
    """`num` evenly spaced values from `start` to `stop` (array endpoints give one ramp each)."""
    (start, stop), dtype, compute = _endpoints("linspace", start, stop, dtype)
    values, step = _ramp("linspace", start, stop, num, endpoint, axis, compute)
    if not is_float_dtype(dtype):
        values = torch.floor(values)  # numpy floors towards -inf before an integer cast
    values = values.to(dtype)
    if retstep:
        return values, (step.item() if isinstance(step, torch.Tensor) and step.ndim == 0 else step)
    return values


def logspace(start, stop, num=50, endpoint=True, base=10, dtype=None, axis=0) -> torch.Tensor:
    """`base ** linspace(start, stop, num)`: numbers evenly spaced on a log scale."""
    (start, stop), dtype, compute = _endpoints("logspace", start, stop, dtype)
    exponents, _ = _ramp("logspace", start, stop, num, endpoint, axis, compute)
    return torch.pow(convert_to_tensor(base, dtype=compute, device=start.device), exponents).to(
        dtype
    )


def geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0) -> torch.Tensor:
    """Numbers evenly spaced on a log scale from `start` to `stop` (a geometric series)."""
    (start, stop), dtype, compute = _endpoints("geomspace", start, stop, dtype)
    if bool(torch.any(start == 0)) or bool(torch.any(stop == 0)):
        raise ValueError("geomspace: `start` and `stop` must be non-zero.")
    logs, _ = _ramp(
        "geomspace", torch.log10(start.abs()), torch.log10(stop.abs()), num, endpoint, 0, compute
    )
    values = torch.pow(10.0, logs) * torch.sign(start)
    return torch.movedim(values, 0, axis).to(dtype)


def eye(N, M=None, k=0, dtype=None) -> torch.Tensor:
    """A 2-D tensor with ones on the `k`-th diagonal and zeros elsewhere (floatx)."""
    for name, value in (("N", N), ("M", M)):
        if isinstance(value, float) or (
            isinstance(value, torch.Tensor) and value.is_floating_point()
        ):
            raise TypeError(f"eye: argument `{name}` must be an integer. Received: {name}={value}")
    N = int(N)
    M = N if M is None else int(M)
    k = 0 if k is None else int(k)
    rows = torch.arange(N).unsqueeze(1)
    return (torch.arange(M).unsqueeze(0) - rows == k).to(_dtype("eye", dtype, floatx()))


def identity(n, dtype=None) -> torch.Tensor:
    """The `n`-by-`n` identity matrix (floatx unless `dtype` is given)."""
    return eye(n, dtype=dtype)


def tri(N, M=None, k=0, dtype=None) -> torch.Tensor:
    """Ones at and below the `k`-th diagonal of an `N`-by-`M` matrix (floatx)."""
    M = N if M is None else M
    ones = torch.ones((int(N), int(M)), dtype=_dtype("tri", dtype, floatx()))
    return torch.tril(ones, diagonal=k)


def _matrix(op, x):
    x = convert_to_tensor(x)
    if x.ndim < 2:
        raise ValueError(f"{op}: `x` must have rank 2 or more. Received: x.shape={tuple(x.shape)}")
    return x


def tril(x, k=0) -> torch.Tensor:
    """`x` with the entries above the `k`-th diagonal set to zero (last two axes)."""
    return torch.tril(_matrix("tril", x), diagonal=k)


def triu(x, k=0) -> torch.Tensor:
    """`x` with the entries below the `k`-th diagonal set to zero (last two axes)."""
    return torch.triu(_matrix("triu", x), diagonal=k)


def diag(x, k=0) -> torch.Tensor:
    """The `k`-th diagonal of a matrix, or a matrix with the vector `x` on that diagonal."""
    x = convert_to_tensor(x)
    if x.ndim not in (1, 2):
        raise ValueError(f"diag: `x` must have rank 1 or 2. Received: x.shape={tuple(x.shape)}")
    return torch.diag(x, diagonal=k)


def diagflat(x, k=0) -> torch.Tensor:
    """A matrix with the flattened `x` on its `k`-th diagonal."""
    return torch.diagflat(convert_to_tensor(x), offset=k)


def meshgrid(*x, indexing="xy"):
    """Coordinate matrices from coordinate vectors (`indexing="xy"` or `"ij"`)."""
    if indexing not in ("xy", "ij"):
        raise ValueError(f"meshgrid: `indexing` must be 'xy' or 'ij'. Received: {indexing!r}")
    device = device_of(*x)
    return torch.meshgrid([convert_to_tensor(v, device=device) for v in x], indexing=indexing)


def vander(x, N=None, increasing=False) -> torch.Tensor:
    """The Vandermonde matrix of the vector `x`: its columns are powers of `x`."""
    x = convert_to_tensor(x)
    if x.ndim != 1:
        raise ValueError(f"vander: `x` must be 1-D. Received: x.shape={tuple(x.shape)}")
    if N is not None and (not isinstance(N, int) or N < 0):
        raise ValueError(f"vander: `N` must be a non-negative int. Received: N={N!r}")
    if not isinstance(increasing, bool):
        raise TypeError(f"vander: `increasing` must be a bool. Received: {increasing!r}")
    dtype = to_torch_dtype(result_type(standardize_dtype(x.dtype)))
    n = x.shape[0] if N is None else N
    # Running products of [1, x, x, ...]: torch.vander's own backward fails (in-place op).
    repeated = x.unsqueeze(-1).expand(-1, max(n - 1, 0))
    columns = torch.cat([torch.ones_like(x).unsqueeze(-1), repeated], -1)
    powers = torch.cumprod(columns[:, :n], dim=-1)
    return (powers if increasing else powers.flip(-1)).to(dtype)


def _window(op, fn, x, **kwargs):
    length = int(_scalar(convert_to_tensor(x)))
    if length < 0:
        raise ValueError(f"{op}: the window length must be non-negative. Received: {length}")
    return fn(length, dtype=to_torch_dtype(floatx()), **kwargs)


def bartlett(x) -> torch.Tensor:
    """The Bartlett (triangular) window of length `x`."""
    return _window("bartlett", torch.signal.windows.bartlett, x)


def blackman(x) -> torch.Tensor:
    """The Blackman window of length `x`."""
    return _window("blackman", torch.signal.windows.blackman, x)


def hamming(x) -> torch.Tensor:
    """The Hamming window of length `x`."""
    return _window("hamming", torch.signal.windows.hamming, x)


def hanning(x) -> torch.Tensor:
    """The Hann window of length `x`."""
    return _window("hanning", torch.signal.windows.hann, x)


def kaiser(x, beta) -> torch.Tensor:
    """The Kaiser window of length `x` with shape parameter `beta`."""
    return _window("kaiser", torch.signal.windows.kaiser, x, beta=float(beta))
