"""Products, differences and correlations: matmul, dot, tensordot, einsum, cross, diff, ...

The result dtype is Keras's `result_type` of the (converted) inputs; the product is
computed in a float type where torch lacks an integer or bool kernel (bool matmul, integer
matmul on CUDA, float16 on the CPU) and cast back, as Keras's torch backend does
(keras/src/backend/torch/numpy.py).
"""

import torch

from ..convert import convert_to_tensor, tensors
from ..dtypes import floatx, result_type, standardize_dtype, to_torch_dtype
from .logic import pair
from .manipulation import named_axis

__all__ = [
    "corrcoef",
    "correlate",
    "cross",
    "diff",
    "dot",
    "einsum",
    "inner",
    "kron",
    "matmul",
    "outer",
    "slogdet",
    "tensordot",
    "trace",
    "vdot",
]


def _name(x):
    return standardize_dtype(x.dtype)


def _compute_dtype(result, device, float_only):
    """The dtype torch can multiply `result`-typed inputs in on `device`."""
    compute = result_type(result, float) if float_only else result
    if compute == "bool":
        compute = floatx()
    if device.type == "cpu" and compute == "float16":
        compute = "float32"
    if device.type != "cpu" and "int" in compute:
        compute = "float64"  # exact for int32 products; torch has no integer GEMM on CUDA
    return compute


def _product(op, fn, x1, x2, float_only=False, result=None):
    x1, x2 = tensors(x1, x2)
    result = result or result_type(_name(x1), _name(x2))
    compute = to_torch_dtype(_compute_dtype(result, x1.device, float_only))
    try:
        out = fn(x1.to(compute), x2.to(compute))
    except RuntimeError as error:
        raise ValueError(
            f"{op}: incompatible shapes x1 {tuple(x1.shape)} and x2 {tuple(x2.shape)}. "
            f"({str(error).splitlines()[0]})"
        ) from None
    return out.to(to_torch_dtype(result))


_NATIVE = frozenset((torch.float32, torch.bfloat16))  # Keras keeps these dtypes


def matmul(x1, x2) -> torch.Tensor:
    """The matrix product of `x1` and `x2` (batched over leading axes; int8 gives int32)."""
    if type(x1) is torch.Tensor and type(x2) is torch.Tensor:
        if x1.dtype is x2.dtype and x1.dtype in _NATIVE:
            try:
                return torch.matmul(x1, x2)
            except RuntimeError:
                pass  # worded below
    x1, x2 = pair(x1, x2)
    if x1.ndim == 0 or x2.ndim == 0:
        raise ValueError(
            f"matmul: inputs must be at least 1-D. Received shapes {tuple(x1.shape)} and "
            f"{tuple(x2.shape)}; use `multiply` for scalars."
        )
    int8 = _name(x1) == _name(x2) == "int8"
    return _product("matmul", torch.matmul, x1, x2, result="int32" if int8 else None)


def dot(x1, x2) -> torch.Tensor:
    """The dot product: `multiply` for scalars, else `matmul` (as Keras on torch)."""
    x1, x2 = tensors(x1, x2)
    fn = torch.mul if x1.ndim == 0 or x2.ndim == 0 else torch.matmul
    return _product("dot", fn, x1, x2, float_only=True)


def vdot(x1, x2) -> torch.Tensor:
    """The dot product of `x1` and `x2` flattened (conjugating `x1`)."""
    x1, x2 = tensors(x1, x2)
    return _product("vdot", torch.vdot, x1.reshape(-1), x2.reshape(-1), float_only=True)


def inner(x1, x2) -> torch.Tensor:
    """Sums of products over the last axes of `x1` and `x2`."""
    return _product("inner", torch.inner, x1, x2, float_only=True)


def outer(x1, x2) -> torch.Tensor:
    """The outer product of `x1` and `x2` flattened."""
    x1, x2 = tensors(x1, x2)
    return torch.outer(x1.reshape(-1), x2.reshape(-1))


def tensordot(x1, x2, axes=2) -> torch.Tensor:
    """Sums of products over `axes` (an int: the last/first `axes` axes; or two lists)."""
    if isinstance(axes, (list, tuple)):
        if len(axes) != 2:
            raise ValueError(f"tensordot: `axes` must be an int or two sequences. Got {axes}")
        axes = tuple(tuple(a) if isinstance(a, (list, tuple)) else (a,) for a in axes)

    def fn(a, b):
        return torch.tensordot(a, b, dims=axes)

    return _product("tensordot", fn, x1, x2, float_only=True)


def einsum(subscripts, *operands, **kwargs) -> torch.Tensor:
    """Einstein summation over `operands` (int8 operands give int32, as in Keras)."""
    operands = tensors(*operands)
    names = {_name(x) for x in operands}
    # One dtype is kept as is (int64 and float64 too, as torch.einsum does in Keras); int8
    # gives int32; mixed dtypes, which torch rejects, are promoted with `result_type`.
    if names == {"int8"}:
        result = "int32"
    else:
        result = names.pop() if len(names) == 1 else result_type(*names)
    compute = to_torch_dtype(_compute_dtype(result, operands[0].device, False))
    try:
        out = torch.einsum(subscripts, *(x.to(compute) for x in operands))
    except RuntimeError as error:
        shapes = [tuple(x.shape) for x in operands]
        raise ValueError(
            f"einsum: {subscripts!r} does not fit operands of shapes {shapes}. "
            f"({str(error).splitlines()[0]})"
        ) from None
    return out.to(to_torch_dtype(result))


def cross(x1, x2, axisa=-1, axisb=-1, axisc=-1, axis=None) -> torch.Tensor:
    """The cross product of 3-vectors along `axisa`/`axisb`, placed at `axisc`.

    `axis`, when given, sets all three.
    """
    if axis is not None:
        axisa = axisb = axisc = axis
    x1, x2 = tensors(x1, x2)
    a = torch.movedim(x1, named_axis("cross", axisa, x1.ndim, "axisa"), -1)
    b = torch.movedim(x2, named_axis("cross", axisb, x2.ndim, "axisb"), -1)
    if a.shape[-1] != 3 or b.shape[-1] != 3:
        raise ValueError(
            f"cross: the vector axes must have size 3. Received shapes {tuple(x1.shape)} and "
            f"{tuple(x2.shape)} (axisa={axisa}, axisb={axisb})."
        )
    out = _product("cross", lambda u, v: torch.linalg.cross(*torch.broadcast_tensors(u, v)), a, b)
    return torch.movedim(out, -1, named_axis("cross", axisc, out.ndim, "axisc"))


def diff(a, n=1, axis=-1) -> torch.Tensor:
    """The `n`-th discrete difference of `a` along `axis`."""
    a = convert_to_tensor(a)
    return torch.diff(a, n=n, dim=named_axis("diff", axis, a.ndim))


def kron(x1, x2) -> torch.Tensor:
    """The Kronecker product of `x1` and `x2`."""
    return torch.kron(*tensors(x1, x2))


def trace(x, offset=0, axis1=0, axis2=1) -> torch.Tensor:
    """Sums along the diagonal with `offset` of the matrices in axes `axis1`, `axis2`.

    bool and small integers sum in int32, as in Keras on torch.
    """
    x = convert_to_tensor(x)
    if x.ndim < 2:
        raise ValueError(f"trace: x must be at least 2-D. Received: x.shape={tuple(x.shape)}")
    a = named_axis("trace", axis1, x.ndim, "axis1")
    b = named_axis("trace", axis2, x.ndim, "axis2")
    if a == b:
        raise ValueError(f"trace: `axis1` and `axis2` must differ. Received: {axis1}, {axis2}")
    dtype = x.dtype if x.dtype in (torch.int32, torch.int64) or x.is_floating_point() else None
    return torch.sum(torch.diagonal(x, offset, a, b), dim=-1, dtype=dtype or torch.int32)


def correlate(x1, x2, mode="valid") -> torch.Tensor:
    """The cross-correlation of the 1-D sequences `x1` and `x2` (`"valid"`, `"same"`,
    `"full"`); integer inputs give float32 (float64 for int64), as in Keras."""
    if mode not in ("valid", "same", "full"):
        raise ValueError(f"correlate: `mode` must be 'valid', 'same' or 'full'. Got {mode!r}")
    x1, x2 = tensors(x1, x2)
    if x1.ndim != 1 or x2.ndim != 1 or not x1.numel() or not x2.numel():
        raise ValueError(
            "correlate: x1 and x2 must be non-empty 1-D sequences. Received shapes "
            f"{tuple(x1.shape)} and {tuple(x2.shape)}."
        )
    dtype = result_type(_name(x1), _name(x2))
    dtype = "float64" if dtype == "int64" else dtype
    dtype = to_torch_dtype(dtype if dtype in ("bfloat16", "float16", "float64") else "float32")
    n1, n2 = x1.numel(), x2.numel()
    full = torch.nn.functional.conv1d(
        x1.to(dtype).reshape(1, 1, n1), x2.to(dtype).reshape(1, 1, n2), padding=n2 - 1
    ).reshape(-1)
    if mode == "full":
        return full
    length = max(n1, n2) - min(n1, n2) + 1 if mode == "valid" else n1
    start = (full.numel() - length) // 2
    return full[start : start + length]


def corrcoef(x) -> torch.Tensor:
    """The Pearson correlation coefficients of the rows (variables) of `x`."""
    x = convert_to_tensor(x)
    if x.ndim > 2:
        raise ValueError(f"corrcoef: x must be 1-D or 2-D. Received: x.shape={tuple(x.shape)}")
    name = _name(x)
    if name == "bool":
        x = x.to(to_torch_dtype(floatx()))
    elif name == "int64":
        x = x.double()
    return torch.corrcoef(x)


def slogdet(x) -> tuple:
    """`(sign, log|det|)` of the square matrices in the last two axes of `x`."""
    x = convert_to_tensor(x)
    if x.ndim < 2 or x.shape[-1] != x.shape[-2]:
        raise ValueError(
            f"slogdet: x must hold square matrices in its last two axes. Received: "
            f"x.shape={tuple(x.shape)}"
        )
    return tuple(torch.linalg.slogdet(x))
