"""Moving between Keras's data formats and torch's NCHW kernels, without copies.

`x.permute(0, 3, 1, 2)` of a contiguous NHWC tensor is a view that torch already treats
as `channels_last` memory, so conv and pooling kernels read it in place; permuting the
result back gives a contiguous NHWC tensor that Flatten can view.
"""

import torch
import torch.nn.functional as F

from ..shapes import same_padding
from .call_context import traced


def to_channels_first(x: torch.Tensor, data_format: str) -> torch.Tensor:
    return x.movedim(-1, 1) if data_format == "channels_last" else x


def from_channels_first(x: torch.Tensor, data_format: str) -> torch.Tensor:
    return x.movedim(1, -1) if data_format == "channels_last" else x


def same_pads(spatial: tuple[int, ...], kernel, strides, dilation=None) -> list[tuple[int, int]]:
    """(start, end) padding per spatial axis for TensorFlow-style "same"."""
    dilation = dilation or (1,) * len(spatial)
    return [same_padding(n, k, s, d) for n, k, s, d in zip(spatial, kernel, strides, dilation)]


def padding_plan(pads) -> tuple[list[int] | None, tuple[int, ...]]:
    """`(F.pad argument or None, the kernel's own padding=)`: symmetric padding is left to
    the kernel (cheaper), asymmetric "same" padding is applied by F.pad first."""
    if all(start == end for start, end in pads):
        return None, tuple(start for start, _ in pads)
    return [p for start, end in reversed(pads) for p in (start, end)], (0,) * len(pads)  # last axis first


def split_padding(x: torch.Tensor, pads, value: float = 0.0):
    """Returns `(x, symmetric_pads)`, `x` padded by F.pad where the padding is asymmetric."""
    flat, symmetric = padding_plan(pads)
    return (x, symmetric) if flat is None else (F.pad(x, flat, value=value), symmetric)


def shape_plan(layer, shape, make):
    """`make(shape)`, remembered for the last input shape the layer saw: the per-shape
    arithmetic and checks of a window layer run once, not on every call in a loop. One
    memo per layer, so a layer keeps one plan (`make` is always the same method).
    (Not while torch.compile or torch.export traces: see `call_context.traced`.)"""
    if traced():
        return make(shape)
    memo = layer.__dict__.get("_shape_plan")
    if memo is not None and memo[0] == shape:
        return memo[1]
    plan = make(shape)
    layer.__dict__["_shape_plan"] = (shape, plan)
    return plan


# 1-D maps run through the 2-D kernels as (batch, channels, 1, length): torch's 1-D conv and
# max-pool kernels copy a channels_last view into contiguous memory and return a result whose
# move back to (batch, length, channels) is not contiguous, the 2-D kernels do neither.
def to_kernel_layout(x: torch.Tensor, data_format: str, rank: int) -> torch.Tensor:
    """The channels-first view torch kernels take; rank-1 maps get a leading unit axis."""
    if rank == 1:
        x = x.unsqueeze(1 if data_format == "channels_last" else 2)
    return to_channels_first(x, data_format)


def from_kernel_layout(y: torch.Tensor, data_format: str, rank: int) -> torch.Tensor:
    """Undoes `to_kernel_layout` on a kernel's output."""
    y = from_channels_first(y, data_format)
    if rank == 1:
        y = y.squeeze(1 if data_format == "channels_last" else 2)
    return y


def lift(values: tuple[int, ...], fill: int = 1) -> tuple[int, ...]:
    """Per-axis arguments for `to_kernel_layout`: a 1-tuple gains the unit axis in front."""
    return (fill, *values) if len(values) == 1 else tuple(values)


def lift_kernel(kernel: torch.Tensor, rank: int) -> torch.Tensor:
    """A Keras-layout kernel `(k..., a, b)` as torch's `(b, a, k...)` view (no copy),
    with the unit axis of `to_kernel_layout` for rank 1."""
    if rank == 1:
        kernel = kernel.unsqueeze(0)
    spatial = kernel.dim() - 2
    return kernel.permute(spatial + 1, spatial, *range(spatial))


class kernel_errors:  # noqa: N801 - used as a `with` statement like a contextmanager function
    """Turns a torch kernel's failure (a window or output too large to allocate, a size
    torch refuses) into a ValueError naming the layer and the input shape.

    A class, not `contextlib.contextmanager`: it runs on every call of every window layer,
    and a generator-based context costs several times more."""

    __slots__ = ("layer", "inputs")

    def __init__(self, layer, inputs: torch.Tensor):
        self.layer, self.inputs = layer, inputs

    def __enter__(self):
        return self

    def __exit__(self, kind, error, traceback):
        if kind is not None and issubclass(kind, (RuntimeError, MemoryError)):
            layer = self.layer
            raise ValueError(
                f"{type(layer).__name__} '{layer.name}' could not compute its output for input shape "
                f"{tuple(self.inputs.shape)}: {kind.__name__}: {str(error)[:200]}. Check the layer's "
                "size arguments (kernel, pool or output sizes, strides) against the input."
            ) from None
        return False
