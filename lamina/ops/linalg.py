"""`keras.ops.linalg` on torch: decompositions, solvers and norms of (batched) matrices.

Matrices are the last two axes; leading axes are a batch. Failed factorizations raise a
`ValueError` naming the op instead of torch's `LinAlgError`.
"""

import warnings

import torch

from .convert import convert_to_tensor, tensors
from .dtypes import floatx, result_type, standardize_dtype, to_torch_dtype

__all__ = [
    "cholesky", "cholesky_inverse", "det", "eig", "eigh", "inv", "jvp", "lstsq", "lu_factor",
    "matrix_rank", "norm", "pinv", "qr", "solve", "solve_triangular", "svd",
]  # fmt: skip


def _matrix(x, op, square=True) -> torch.Tensor:
    x = convert_to_tensor(x)
    if x.ndim < 2:
        raise ValueError(
            f"`{op}` expects input of rank >= 2 (a matrix or a batch of them). Received input "
            f"with shape {tuple(x.shape)}."
        )
    if square and x.shape[-1] != x.shape[-2]:
        raise ValueError(
            f"`{op}` expects square matrices. Received non-square input with shape "
            f"{tuple(x.shape)}."
        )
    return x


def _run(op, fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except (torch.linalg.LinAlgError, RuntimeError) as error:
        raise ValueError(f"`{op}` failed: {error}") from None


def _system(a, b, op):
    a, b = tensors(a, b)
    a = _matrix(a, op)
    if b.ndim == 0:
        raise ValueError(f"`{op}`: `b` must have rank >= 1. Received a scalar b={b}.")
    if a.ndim == b.ndim and a.shape[-2] != b.shape[-2]:
        raise ValueError(
            f"`{op}`: incompatible shapes, expected a.shape[-2] == b.shape[-2]. Received: "
            f"a.shape={tuple(a.shape)}, b.shape={tuple(b.shape)}"
        )
    if a.ndim == b.ndim + 1 and a.shape[-1] != b.shape[-1]:
        raise ValueError(
            f"`{op}`: incompatible shapes, expected a.shape[-1] == b.shape[-1]. Received: "
            f"a.shape={tuple(a.shape)}, b.shape={tuple(b.shape)}"
        )
    return a, b


def cholesky(x, upper=False) -> torch.Tensor:
    """The Cholesky factor `L` (or `U` with `upper=True`) of a positive-definite matrix."""
    return _run("cholesky", torch.linalg.cholesky, _matrix(x, "cholesky"), upper=upper)


def cholesky_inverse(x, upper=False) -> torch.Tensor:
    """The inverse of `A` given its Cholesky factor `x` (lower, or upper with `upper=True`)."""
    x = _matrix(x, "cholesky_inverse")
    return _run("cholesky_inverse", torch.cholesky_inverse, x, upper=upper)


def det(x) -> torch.Tensor:
    """The determinant of each square matrix."""
    return torch.linalg.det(_matrix(x, "det"))


def eig(x):
    """`(eigenvalues, eigenvectors)` of a general square matrix (complex results)."""
    return _run("eig", torch.linalg.eig, _matrix(x, "eig"))


def eigh(x):
    """`(eigenvalues, eigenvectors)` of a symmetric (Hermitian) matrix, values ascending."""
    return _run("eigh", torch.linalg.eigh, _matrix(x, "eigh"))


def inv(x) -> torch.Tensor:
    """The inverse of each square matrix."""
    return _run("inv", torch.linalg.inv, _matrix(x, "inv"))


def lu_factor(x):
    """`(lu, pivots)` of a partial-pivoting LU factorization; pivots are 0-based (as Keras)."""
    lu, pivots = _run("lu_factor", torch.linalg.lu_factor, _matrix(x, "lu_factor", square=False))
    return lu, pivots - 1


def norm(x, ord=None, axis=None, keepdims=False) -> torch.Tensor:
    """A vector norm (int `axis`) or matrix norm (2-tuple `axis`).

    Computed in Keras's `result_type(x.dtype, float)` (so float64 gives float32 unless floatx
    is float64, and integers give floatx).
    """
    x = convert_to_tensor(x)
    if not x.is_complex():
        name = standardize_dtype(x.dtype)
        dtype = floatx() if name == "int64" else result_type(name, float)
        x = x.to(to_torch_dtype(dtype))
    try:
        return torch.linalg.norm(x, ord=ord, dim=axis, keepdim=keepdims)
    except (RuntimeError, IndexError) as error:
        raise ValueError(
            f"`norm`: invalid combination ord={ord!r}, axis={axis!r} for an input of shape "
            f"{tuple(x.shape)}. ({error})"
        ) from None


def qr(x, mode="reduced"):
    """`(q, r)` with `mode` "reduced" (economic) or "complete"."""
    if mode not in ("reduced", "complete"):
        raise ValueError(
            f"`qr`: `mode` must be 'reduced' or 'complete'. Received: mode={mode!r}"
        )
    return torch.linalg.qr(_matrix(x, "qr", square=False), mode=mode)


def solve(a, b) -> torch.Tensor:
    """`x` with `a @ x = b` for square `a`."""
    a, b = _system(a, b, "solve")
    return _run("solve", torch.linalg.solve, a, b)


def solve_triangular(a, b, lower=False) -> torch.Tensor:
    """`x` with `a @ x = b` for triangular `a` (upper unless `lower=True`)."""
    a, b = _system(a, b, "solve_triangular")
    vector = b.ndim == a.ndim - 1
    if vector:
        b = b.unsqueeze(-1)
    out = _run("solve_triangular", torch.linalg.solve_triangular, a, b, upper=not lower)
    return out.squeeze(-1) if vector else out


def svd(x, full_matrices=True, compute_uv=True):
    """`(u, s, vh)`, or only the singular values `s` with `compute_uv=False`."""
    x = _matrix(x, "svd", square=False)
    if not compute_uv:
        return torch.linalg.svdvals(x)
    return torch.linalg.svd(x, full_matrices=full_matrices)


def lstsq(a, b, rcond=None) -> torch.Tensor:
    """The least-squares solution `x` minimizing `||b - a @ x||` (only the solution, as Keras)."""
    a, b = tensors(a, b)
    if a.ndim != 2:
        raise ValueError(f"`lstsq`: `a` must have rank 2. Received: a.shape={tuple(a.shape)}")
    if b.ndim not in (1, 2) or b.shape[0] != a.shape[0]:
        raise ValueError(
            "`lstsq`: `b` must be (M,) or (M, K) with M == a.shape[0]. Received: "
            f"a.shape={tuple(a.shape)}, b.shape={tuple(b.shape)}"
        )
    vector = b.ndim == 1
    if vector:
        b = b.unsqueeze(-1)
    if rcond is None:
        x = torch.linalg.lstsq(a, b).solution
    elif a.device.type == "cuda":  # CUDA's only driver ignores rcond: use the pseudoinverse
        x = torch.linalg.pinv(a, rtol=rcond) @ b
    else:
        x = torch.linalg.lstsq(a, b, rcond=rcond, driver="gelsd").solution
    return x.squeeze(-1) if vector else x


def matrix_rank(x, tol=None) -> torch.Tensor:
    """The number of singular values above `tol` (torch's default threshold if `None`), int32."""
    x = _matrix(x, "matrix_rank", square=False)
    return torch.linalg.matrix_rank(x, atol=tol).to(torch.int32)


def pinv(x, rcond=None) -> torch.Tensor:
    """The Moore-Penrose pseudoinverse; singular values below `rcond * max` count as zero."""
    return torch.linalg.pinv(_matrix(x, "pinv", square=False), rtol=rcond)


def jvp(fun, primals, tangents, has_aux=False):
    """`(fun(*primals), J @ tangents)` (and `aux` with `has_aux=True`), forward mode."""
    with warnings.catch_warnings():
        # torch compiles its forward-mode decompositions with the deprecated
        # `torch.jit.script` on first use; that is torch's own noise, not the caller's.
        warnings.filterwarnings("ignore", "`torch.jit.script` is deprecated", DeprecationWarning)
        return torch.func.jvp(fun, tuple(primals), tuple(tangents), has_aux=has_aux)
