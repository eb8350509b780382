"""Core ops of `keras.ops`: conversion, casting, structure updates and control flow.

Control flow runs eagerly in Python, as on Keras's torch backend
(keras/src/backend/torch/core.py): `cond` and `switch` call one branch, loops are Python
loops, `vectorized_map` is `torch.vmap`. Unlike Keras, tensors are never moved between
devices.
"""

import builtins

import torch

from . import dtypes
from .convert import convert_to_numpy, convert_to_tensor  # noqa: F401 - re-exported

__all__ = [
    "associative_scan",
    "cast",
    "cond",
    "convert_to_numpy",
    "convert_to_tensor",
    "custom_gradient",
    "dtype",
    "fori_loop",
    "is_tensor",
    "map",
    "saturate_cast",
    "scan",
    "scatter",
    "scatter_update",
    "shape",
    "slice",
    "slice_update",
    "stop_gradient",
    "switch",
    "unstack",
    "vectorized_map",
    "while_loop",
]


# --- nested structures (Keras's `tree`: lists, tuples and dicts with sorted keys) --------


def _flatten(x) -> list:
    if isinstance(x, dict):
        return [leaf for key in sorted(x) for leaf in _flatten(x[key])]
    if isinstance(x, (list, tuple)):
        return [leaf for item in x for leaf in _flatten(item)]
    return [x]


def _pack(structure, flat):
    leaves = iter(flat)

    def build(s):
        if isinstance(s, dict):
            return {key: build(s[key]) for key in sorted(s)}
        if isinstance(s, (list, tuple)):
            items = [build(item) for item in s]
            return type(s)(*items) if hasattr(s, "_fields") else type(s)(items)
        return next(leaves)

    return build(structure)


def _is_nested(x) -> bool:
    return isinstance(x, (list, tuple, dict))


# --- conversion and dtypes -----------------------------------------------------------


def is_tensor(x) -> bool:
    """Whether `x` is a torch tensor."""
    return isinstance(x, torch.Tensor)


def shape(x) -> tuple:
    """The shape of `x` as a tuple of ints."""
    if not hasattr(x, "shape"):
        x = convert_to_tensor(x)
    return tuple(x.shape)


def dtype(x) -> str:
    """The dtype of `x` as a Keras string (`"float32"`, ...)."""
    return dtypes.standardize_dtype(x.dtype)


def cast(x, dtype) -> torch.Tensor:
    """`x` as a tensor of `dtype` (floats cast to ints truncate toward zero)."""
    target = dtypes.to_torch_dtype(dtype)
    if isinstance(x, torch.Tensor):
        return x if x.dtype == target else x.to(target)
    return convert_to_tensor(x, target)


def _limits(name: str):
    if name == "bool":
        return 0, 1
    info = torch.finfo if dtypes.is_float_dtype(name) else torch.iinfo
    limits = info(dtypes.to_torch_dtype(name))
    return limits.min, limits.max


def saturate_cast(x, dtype) -> torch.Tensor:
    """Like `cast`, but values outside the range of `dtype` are clipped to it first."""
    x = convert_to_tensor(x)
    out_name = dtypes.standardize_dtype(dtype)
    in_name = dtypes.standardize_dtype(x.dtype)
    (in_min, in_max), (out_min, out_max) = _limits(in_name), _limits(out_name)
    # The limits must be representable in the input dtype (float32 cannot hold int32's
    # max exactly): step them toward zero until they are, as Keras does with nextafter.
    low = torch.tensor(builtins.max(in_min, out_min), dtype=torch.float64).to(x.dtype)
    high = torch.tensor(builtins.min(in_max, out_max), dtype=torch.float64).to(x.dtype)
    if x.dtype.is_floating_point:
        if low.double() < out_min:
            low = torch.nextafter(low, torch.zeros_like(low))
        if high.double() > out_max:
            high = torch.nextafter(high, torch.zeros_like(high))
    if x.dtype == torch.bool:
        x = x.to(torch.int32)
        low, high = low.to(torch.int32), high.to(torch.int32)
    return cast(torch.clamp(x, low.to(x.device), high.to(x.device)), out_name)


def stop_gradient(variable) -> torch.Tensor:
    """`variable` cut from the autograd graph (its gradient is zero)."""
    return convert_to_tensor(variable).detach()


# --- structure updates -----------------------------------------------------------------


def unstack(x, num=None, axis=0) -> list:
    """The slices of `x` along `axis`."""
    x = convert_to_tensor(x)
    if num is not None and x.shape[axis] != num:
        raise ValueError(
            f"unstack: `num={num}` does not match the size {x.shape[axis]} of axis {axis} "
            f"of the input of shape {tuple(x.shape)}."
        )
    return list(x.unbind(axis))


def scatter(indices, values, shape) -> torch.Tensor:
    """Zeros of `shape` with `values` added at `indices` (an `(N, k)` index array)."""
    values = convert_to_tensor(values)
    indices = convert_to_tensor(indices, device=values.device).long()
    shape = tuple(int(s) for s in shape)
    k = indices.shape[-1]
    indices = indices.reshape(-1, k)
    values = values.reshape(-1, *shape[k:])
    out = torch.zeros(shape, dtype=values.dtype, device=values.device)
    return out.index_put_(tuple(indices.T), values, accumulate=True)


_REDUCE = {"max": "amax", "min": "amin", "mul": "prod"}


def scatter_update(inputs, indices, updates, reduction=None) -> torch.Tensor:
    """`inputs` with `updates` written at `indices` (`(N, k)`, k <= rank).

    `reduction` combines repeated indices and the old values: `None` (last write wins),
    `"add"`, `"max"`, `"min"` or `"mul"`.
    """
    if reduction is not None:
        reduction = reduction.lower()
        if reduction not in ("add", "max", "min", "mul"):
            raise ValueError(
                f"scatter_update: invalid reduction={reduction!r}. Supported values are "
                "None, 'add', 'max', 'min', 'mul'."
            )
    inputs = convert_to_tensor(inputs)
    indices = convert_to_tensor(indices, device=inputs.device).long()
    updates = convert_to_tensor(updates, dtype=inputs.dtype, device=inputs.device)
    out = inputs.clone()
    if reduction in (None, "add"):
        return out.index_put_(tuple(indices.T), updates, accumulate=reduction == "add")
    k = indices.shape[-1]
    strides = torch.tensor(
        [int(torch.tensor(inputs.shape[i + 1 : k]).prod()) for i in range(k)],
        device=inputs.device,
    )
    flat = out.reshape(-1, *inputs.shape[k:])
    updates = updates.reshape(-1, *inputs.shape[k:])
    rows = (indices @ strides).reshape(-1, *[1] * (flat.ndim - 1)).expand_as(updates)
    return flat.scatter_reduce_(0, rows, updates, _REDUCE[reduction]).reshape(inputs.shape)


def slice(inputs, start_indices, shape) -> torch.Tensor:
    """The block of `inputs` of size `shape` starting at `start_indices`."""
    inputs = convert_to_tensor(inputs)
    starts = [int(s) for s in start_indices]
    sizes = [int(s) for s in shape]
    if len(starts) != inputs.ndim or len(sizes) != inputs.ndim:
        raise ValueError(
            f"slice: `start_indices` ({len(starts)} values) and `shape` ({len(sizes)}) need "
            f"one entry per axis of the input of shape {tuple(inputs.shape)}."
        )
    return inputs[tuple(builtins.slice(s, s + n) for s, n in zip(starts, sizes))]


def slice_update(inputs, start_indices, updates) -> torch.Tensor:
    """A copy of `inputs` with the block at `start_indices` replaced by `updates`."""
    inputs = convert_to_tensor(inputs)
    updates = convert_to_tensor(updates, device=inputs.device)
    starts = [int(s) for s in start_indices]
    out = inputs.clone()
    out[tuple(builtins.slice(s, s + n) for s, n in zip(starts, updates.shape))] = updates
    return out


# --- control flow ---------------------------------------------------------------------


def cond(pred, true_fn, false_fn):
    """`true_fn()` if `pred` else `false_fn()` (eager: only one branch runs)."""
    return true_fn() if pred else false_fn()


def switch(index, branches, *operands):
    """`branches[index](*operands)`, with `index` clamped to the valid range."""
    index = builtins.min(builtins.max(int(index), 0), len(branches) - 1)
    return branches[index](*operands)


def while_loop(cond, body, loop_vars, maximum_iterations=None):
    """Repeats `loop_vars = body(*loop_vars)` while `cond(*loop_vars)` holds.

    A tuple or list of loop variables comes back as a tuple; a single one as itself.
    """
    is_tuple = isinstance(loop_vars, (tuple, list))
    loop_vars = tuple(loop_vars) if is_tuple else (loop_vars,)
    loop_vars = tuple(_pack(v, [convert_to_tensor(x) for x in _flatten(v)]) for v in loop_vars)
    step = 0
    while cond(*loop_vars) and (maximum_iterations is None or step < maximum_iterations):
        loop_vars = body(*loop_vars)
        loop_vars = tuple(loop_vars) if isinstance(loop_vars, (list, tuple)) else (loop_vars,)
        step += 1
    return loop_vars if is_tuple else loop_vars[0]


def fori_loop(lower, upper, body_fun, init_val):
    """`val = body_fun(i, val)` for `i` in `range(lower, upper)`."""
    val = init_val
    for i in range(int(lower), int(upper)):
        val = body_fun(i, val)
    return val


def scan(f, init, xs=None, length=None, reverse=False, unroll=1):
    """`carry, y = f(carry, x)` over the leading axis of `xs`; returns `(carry, stacked ys)`.

    Follows `jax.lax.scan`: `xs` and `init` may be nested; without `xs`, `length` steps
    run with `x=None`.
    """
    if not callable(f):
        raise TypeError(f"scan: `f` must be a callable. Received: f={f!r}")
    if not isinstance(unroll, bool) and (not isinstance(unroll, int) or unroll < 1):
        raise ValueError(f"scan: `unroll` must be a positive int or a bool. Received: {unroll}")
    if xs is None and length is None:
        raise ValueError("scan: got no `xs` to scan over and no `length`.")
    xs_flat = [] if xs is None else [convert_to_tensor(x) for x in _flatten(xs)]
    n = int(length) if length is not None else xs_flat[0].shape[0]
    init_flat = [convert_to_tensor(x) for x in _flatten(init)]
    carry = _pack(init, init_flat) if _is_nested(init) else init_flat[0]
    steps = reversed(range(n)) if reverse else range(n)
    ys = []
    for i in steps:
        x_slice = [x[i] for x in xs_flat]
        packed = None if not x_slice else _pack(xs, x_slice) if _is_nested(xs) else x_slice[0]
        carry, y = f(carry, packed)
        ys.append(y if y is not None else [torch.zeros_like(t) for t in init_flat])
    if reverse:
        ys.reverse()
    if not ys:
        return carry, None
    stacked = [torch.stack(leaves) for leaves in zip(*[_flatten(y) for y in ys])]
    return carry, _pack(ys[0], stacked) if _is_nested(ys[0]) else stacked[0]


def map(f, xs):
    """`f` applied to each slice of `xs` along its leading axis, results stacked."""
    return scan(lambda _, x: ((), f(x)), (), xs)[1]


def associative_scan(f, elems, reverse=False, axis=0):
    """Inclusive prefix scan of `elems` along `axis` with the associative binary `f`.

    Computed in `log2(n)` vectorized rounds (Hillis-Steele): round `k` combines each
    element with the one `2**k` before it, so `f` sees whole slices, never scalars.
    """
    if not callable(f):
        raise TypeError(f"associative_scan: `f` must be a callable. Received: f={f!r}")
    flat = [convert_to_tensor(e) for e in _flatten(elems)]
    n = flat[0].shape[axis]
    if any(e.shape[axis] != n for e in flat[1:]):
        raise ValueError(
            "associative_scan: every input needs the same size along `axis`; got shapes "
            f"{[tuple(e.shape) for e in flat]} for axis={axis}."
        )
    if reverse:
        flat = [torch.flip(e, (axis,)) for e in flat]
    shift = 1
    while shift < n:
        earlier = _pack(elems, [e.narrow(axis, 0, n - shift) for e in flat])
        later = _pack(elems, [e.narrow(axis, shift, n - shift) for e in flat])
        combined = [convert_to_tensor(c) for c in _flatten(f(earlier, later))]
        flat = [torch.cat([e.narrow(axis, 0, shift), c], axis) for e, c in zip(flat, combined)]
        shift *= 2
    if reverse:
        flat = [torch.flip(e, (axis,)) for e in flat]
    return _pack(elems, flat) if _is_nested(elems) else flat[0]


def vectorized_map(function, elements):
    """`function` mapped over the leading axis of `elements` with `torch.vmap`."""
    return torch.vmap(function)(elements)


# --- gradients ------------------------------------------------------------------------


class _CustomGradient(torch.autograd.Function):
    @staticmethod
    def forward(ctx, forward_fn, *args):
        result = forward_fn(*args)
        if not (isinstance(result, (tuple, list)) and len(result) == 2 and callable(result[1])):
            raise TypeError(
                "custom_gradient: the decorated function must return `(output, grad_fn)`, "
                f"where grad_fn(*args, upstream) gives the input gradients. Got {type(result)}."
            )
        ctx.args, ctx.grad_fn = args, result[1]
        return result[0]

    @staticmethod
    def backward(ctx, upstream):
        grads = ctx.grad_fn(*ctx.args, upstream=upstream)
        grads = tuple(grads) if isinstance(grads, (tuple, list)) else (grads,)
        return (None, *grads)


class custom_gradient:  # noqa: N801 - Keras's name for a decorator
    """Decorator: `f(*args)` returns `(output, grad_fn)`; `grad_fn(*args, upstream)` returns
    the gradient of each arg (as on Keras's torch backend)."""

    def __init__(self, forward_fn):
        self.forward_fn = forward_fn

    def __call__(self, *args):
        return _CustomGradient.apply(self.forward_fn, *args)

