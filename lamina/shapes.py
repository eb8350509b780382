"""Shape arithmetic in one place: conv, pooling and flatten sizes on tuples with `None`.

Pure Python, no torch: `compute_output_shape`, `summary()` and the tests all use these,
so the numbers they show cannot drift apart.
"""

import math
from collections.abc import Sequence

Shape = tuple[int | None, ...]


def as_shape(value, what: str = "shape") -> Shape:
    """Turns a list/tuple/torch.Size into a tuple of ints or `None`; rejects anything else."""
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise ValueError(f"Cannot convert '{value}' to a shape. Expected a tuple of ints, got {what}={value!r}.")
    dims = []
    for dim in value:
        if dim is None:
            dims.append(None)
        elif isinstance(dim, bool) or not _is_int(dim):
            raise ValueError(f"Cannot convert '{value}' to a shape: {dim!r} is not an int or None.")
        elif int(dim) < 0:
            raise ValueError(f"Cannot convert '{value}' to a shape: dimensions cannot be negative.")
        else:
            dims.append(int(dim))
    return tuple(dims)


def _is_int(value) -> bool:
    try:
        return int(value) == value and not isinstance(value, float)
    except (TypeError, ValueError):
        return False


def normalize_tuple(value, n: int, name: str, allow_zero: bool = False) -> tuple[int, ...]:
    """`3` -> `(3, 3)`; checks length and positivity like Keras's argument validation."""
    if isinstance(value, int) and not isinstance(value, bool):
        values = (value,) * n
    else:
        try:
            values = tuple(value)
        except TypeError:
            values = None
        if values is None or len(values) != n or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in values
        ):
            raise ValueError(
                f"The `{name}` argument must be a tuple of {n} integers. Received {name}={value!r}"
            )
    bad = {v for v in values if (v < 0 if allow_zero else v <= 0)}
    if bad:
        rule = "value >= 0" if allow_zero else "value > 0"
        raise ValueError(
            f"The `{name}` argument must be a tuple of {n} integers. Received {name}={value!r}, "
            f"including values {bad} that do not satisfy `{rule}`"
        )
    return values


def normalize_padding(value, allow_causal: bool = False) -> str:
    """`"valid"`, `"same"`, or (1-D convolutions only) `"causal"`, case-insensitive."""
    padding = str(value).lower()
    allowed = ("valid", "same", "causal") if allow_causal else ("valid", "same")
    if padding not in allowed:
        shown = "{'same', 'valid', 'causal'}" if allow_causal else "{'same', 'valid'}"
        raise ValueError(f"The `padding` argument must be a list/tuple or one of {shown}. Received: {value}")
    return padding


def conv_output_length(length: int | None, kernel: int, stride: int, padding: str, dilation: int = 1) -> int | None:
    """One spatial axis of a convolution or pooling window.

    `valid`: `floor((length - dilated_kernel) / stride) + 1`; `same` and `causal` (which
    pads `dilated_kernel - 1` cells at the start only): `ceil(length / stride)`.
    """
    if length is None:
        return None
    if padding in ("same", "causal"):
        return (length + stride - 1) // stride
    effective = dilation * (kernel - 1) + 1
    return (length - effective) // stride + 1


def same_padding(length: int, kernel: int, stride: int, dilation: int = 1) -> tuple[int, int]:
    """TensorFlow's "same" padding for one axis: the extra cell, if any, goes at the end."""
    effective = dilation * (kernel - 1) + 1
    out = (length + stride - 1) // stride
    total = max((out - 1) * stride + effective - length, 0)
    return total // 2, total - total // 2


def conv_transpose_output_length(
    length: int | None, kernel: int, stride: int, padding: str, output_padding: int | None = None, dilation: int = 1
) -> int | None:
    """One spatial axis of a transposed convolution, as TensorFlow computes it.

    Without `output_padding`: `valid` gives `(length - 1) * stride + max(dilated_kernel, stride)`,
    `same` gives `length * stride`. With it: `(length - 1) * stride + dilated_kernel +
    output_padding` (`valid`) or `(length - 1) * stride + dilated_kernel % 2 + output_padding`
    (`same`).
    """
    if length is None:
        return None
    effective = dilation * (kernel - 1) + 1
    if padding == "valid":
        extra = max(effective, stride) - effective if output_padding is None else output_padding
        return (length - 1) * stride + effective + extra
    if output_padding is None:
        return length * stride
    return (length - 1) * stride + effective % 2 + output_padding


def conv_transpose_crops(
    kernel: int, stride: int, padding: str, output_padding: int | None = None, dilation: int = 1
) -> tuple[int, int]:
    """(start, end) cells to cut from the full transposed-convolution output, whose length
    is `(length - 1) * stride + dilated_kernel`; a negative `end` means zeros appended.

    This is TensorFlow's (and JAX's) placement: for "same" the odd cell of the total
    padding is cut at the start, at most `dilated_kernel - 1` cells.
    """
    effective = dilation * (kernel - 1) + 1
    if padding == "valid":
        extra = max(effective, stride) - effective if output_padding is None else output_padding
        return 0, -extra
    if output_padding is None:
        total = stride + effective - 2
    else:
        total = effective + effective % 2 - 2 + output_padding
    start = min(total // 2 + total % 2, effective - 1)
    return effective - 1 - start, effective - 1 - (total - start)


def flatten_size(dims: Sequence[int | None]) -> int | None:
    """Product of the non-batch dims; unknown if any of them is; `1` for none at all."""
    if any(d is None for d in dims):
        return None
    return math.prod(dims)


def spatial_axes(rank: int, data_format: str) -> tuple[int, ...]:
    """Positions of the spatial axes in a batched shape of `rank` dims."""
    return tuple(range(1, rank - 1)) if data_format == "channels_last" else tuple(range(2, rank))


def channel_axis(data_format: str) -> int:
    return -1 if data_format == "channels_last" else 1


# ----------------------------------------------------------------- reshaping, merging, EinsumDense


def pairs_along(value, rank: int, name: str) -> tuple[tuple[int, int], ...]:
    """Keras's padding/cropping argument -> one `(before, after)` pair per spatial axis.

    Accepts an int (every side), `rank` ints (symmetric per axis) or `rank` pairs; for
    `rank == 1` also a single pair. Values must be non-negative ints.
    """

    def is_int(v):
        return isinstance(v, int) and not isinstance(v, bool)

    def pair(v):
        if is_int(v):
            return (v, v)
        if isinstance(v, (list, tuple)) and len(v) == 2 and all(is_int(x) for x in v):
            return (v[0], v[1])
        return None

    if is_int(value):
        pairs = ((value, value),) * rank
    elif rank == 1:
        pairs = (pair(value),)
    elif isinstance(value, (list, tuple)) and len(value) == rank:
        pairs = tuple(pair(v) for v in value)
    else:
        pairs = (None,)
    if any(p is None for p in pairs) or any(v < 0 for p in pairs for v in p):
        shapes = "a pair of non-negative ints" if rank == 1 else (
            f"a tuple of {rank} non-negative ints, or a tuple of {rank} pairs of non-negative ints"
        )
        raise ValueError(f"`{name}` should be a non-negative int or {shapes}. Received: {name}={value!r}")
    return pairs


def resize_axes(shape, axes, change) -> tuple:
    """`shape` with `change(length, i)` applied to the i-th of `axes` (unknown stays unknown)."""
    out = list(shape)
    for i, axis in enumerate(axes):
        if out[axis] is not None:
            out[axis] = change(out[axis], i)
    return tuple(out)


def broadcast_sample_shapes(shape1, shape2):
    """Keras's merge broadcasting of two per-sample shapes (no batch axis), aligned at the
    end; an unknown dim broadcasts to unknown. `None` for an incompatible pair."""
    if len(shape1) < len(shape2):
        shape1, shape2 = shape2, shape1
    if not shape2:
        return tuple(shape1)
    out = list(shape1[: len(shape1) - len(shape2)])
    for a, b in zip(shape1[len(shape1) - len(shape2):], shape2):
        if a is None or b is None:
            out.append(None)
        elif a == 1 or b == 1 or a == b:
            out.append(b if a == 1 else a)
        else:
            return None
    return tuple(out)


def batch_dot_shape(shape1, shape2, axes) -> tuple:
    """Output of a batched dot over `axes = (a1, a2)` (non-negative, never the batch
    axis 0): the first shape without `a1`, then the second without its batch axis and
    `a2`; a result with only the batch axis left gets a trailing 1."""
    first = [d for i, d in enumerate(shape1) if i != axes[0]]
    second = [d for i, d in enumerate(shape2) if i not in (0, axes[1])]
    out = first + second
    return tuple(out + [1] if len(out) == 1 else out)


def einsum_specs(equation: str):
    """`(input_spec, kernel_spec, output_spec, ellipsis)` of an EinsumDense equation;
    `ellipsis` is None, "left" (`...ab`) or "right" (`ab...`). ValueError if malformed."""
    import re

    forms = (
        (None, r"([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)"),
        ("left", r"\.\.\.([a-zA-Z]+),([a-zA-Z]+)->\.\.\.([a-zA-Z]+)"),
        ("right", r"([a-zA-Z]{2,})\.\.\.,([a-zA-Z]+)->([a-zA-Z]+)\.\.\."),
    )
    for ellipsis, pattern in forms:
        match = re.fullmatch(pattern, equation) if isinstance(equation, str) else None
        if match:
            return (*match.groups(), ellipsis)
    raise ValueError(
        f"Invalid einsum equation '{equation}'. Equations must be in the form "
        "[X],[Y]->[Z], ...[X],[Y]->...[Z], or [X]...,[Y]->[Z]...."
    )


def einsum_dense_shapes(equation: str, bias_axes, input_shape, output_shape):
    """Keras's EinsumDense shape analysis.

    `equation` is `"<in>,<kernel>-><out>"`, optionally with `...` at the start of the
    input and output specs (leading axes carried over) or at their end (trailing axes).
    `output_shape` is the output without the batch axis and without the `...` axes.

    Returns `(kernel_shape, bias_shape, full_output_shape, input_axes, output_axes)`:
    `input_axes`/`output_axes` are the kernel axes that contract with the input and that
    reach the output (the initializer's fans). Raises ValueError with the reason.
    """
    in_spec, kernel_spec, out_spec, ellipsis = einsum_specs(equation)
    simple, left = ellipsis is None, ellipsis == "left"
    input_shape = tuple(input_shape)
    elided = len(input_shape) - len(in_spec)
    if elided < 0 or (simple and elided):
        raise ValueError(
            f"The equation '{equation}' expects inputs of rank {len(in_spec)}"
            f"{' or more' if not simple else ''}. Received: input_shape={input_shape}"
        )
    partial = [output_shape] if isinstance(output_shape, int) else list(output_shape)
    if left:
        # `...` stands for every input axis before the spec, the batch axis included.
        full = [*input_shape[:elided], *partial]
        in_axis = {c: elided + i for i, c in enumerate(in_spec)}
        out_axis = {c: elided + i for i, c in enumerate(out_spec)}
    else:
        full = [input_shape[0], *partial, *input_shape[len(input_shape) - elided:]]
        in_axis = {c: i for i, c in enumerate(in_spec)}
        out_axis = {c: i for i, c in enumerate(out_spec)}
    if len(full) != len(out_spec) + elided:
        raise ValueError(
            f"`output_shape` {tuple(partial)} does not fit the output spec '{out_spec}' of "
            f"equation '{equation}': it needs one entry per output letter after the batch axis."
        )
    for c in in_spec:
        if c not in out_axis:
            continue
        given, known = full[out_axis[c]], input_shape[in_axis[c]]
        if given is not None and known is not None and given != known:
            raise ValueError(
                f"Input shape and output shape do not match at shared dimension '{c}'. Input "
                f"shape is {known}, and output shape is {given}."
            )
        if given is None:
            # Keras leaves a `None` of `output_shape` unknown even when the input knows the
            # size; the output does have that size, so it is filled in here.
            full[out_axis[c]] = known
    for c in out_spec:
        if c not in in_spec and c not in kernel_spec:
            raise ValueError(
                f"Dimension '{c}' was specified in the output '{out_spec}' but has no "
                f"corresponding dim in the input spec '{in_spec}' or weight spec '{kernel_spec}'."
            )
    kernel_shape, input_axes, output_axes = [], [], []
    for i, c in enumerate(kernel_spec):
        if c in out_axis:
            kernel_shape.append(full[out_axis[c]])
            output_axes.append(i)
        elif c in in_axis:
            kernel_shape.append(input_shape[in_axis[c]])
            input_axes.append(i)
        else:
            raise ValueError(
                f"Weight dimension '{c}' did not have a match in either the input spec "
                f"'{in_spec}' or the output spec '{out_spec}'. For this layer, the weight must be "
                "fully specified."
            )
    bias_shape = None
    if bias_axes is not None:
        missing = [c for c in bias_axes if c not in out_spec]
        if missing or not bias_axes:
            raise ValueError(
                f"Bias dimension '{missing[0] if missing else bias_axes}' was requested, but is not "
                f"part of the output spec '{out_spec}'."
            )
        first = min(out_spec.index(c) for c in bias_axes)
        bias_shape = [full[out_axis[c]] if c in bias_axes else 1 for c in out_spec[first:]]
        if not left:
            bias_shape += [1] * elided
    return kernel_shape, bias_shape, tuple(full), input_axes, output_axes
