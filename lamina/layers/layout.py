"""Moving between Keras's data formats and torch's NCHW kernels, without copies.

`x.permute(0, 3, 1, 2)` of a contiguous NHWC tensor is a view that torch already treats
as `channels_last` memory, so conv and pooling kernels read it in place; permuting the
result back gives a contiguous NHWC tensor that Flatten can view.
"""

import contextlib

import torch
import torch.nn.functional as F

from ..shapes import same_padding


def to_channels_first(x: torch.Tensor, data_format: str) -> torch.Tensor:
    return x.movedim(-1, 1) if data_format == "channels_last" else x


def from_channels_first(x: torch.Tensor, data_format: str) -> torch.Tensor:
    return x.movedim(1, -1) if data_format == "channels_last" else x


def same_pads(spatial: tuple[int, ...], kernel, strides, dilation=None) -> list[tuple[int, int]]:
    """(start, end) padding per spatial axis for TensorFlow-style "same"."""
    dilation = dilation or (1,) * len(spatial)
    return [same_padding(n, k, s, d) for n, k, s, d in zip(spatial, kernel, strides, dilation)]


def split_padding(x: torch.Tensor, pads, value: float = 0.0):
    """Returns `(x, symmetric_pads)`: asymmetric "same" padding is applied to `x` here,
    symmetric padding is left for the kernel's own `padding=` argument (cheaper)."""
    if all(start == end for start, end in pads):
        return x, tuple(start for start, _ in pads)
    flat = [p for start, end in reversed(pads) for p in (start, end)]  # F.pad wants last axis first
    return F.pad(x, flat, value=value), (0,) * len(pads)


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


@contextlib.contextmanager
def kernel_errors(layer, inputs: torch.Tensor):
    """Turns a torch kernel's failure (a window or output too large to allocate, a size
    torch refuses) into a ValueError naming the layer and the input shape."""
    try:
        yield
    except (RuntimeError, MemoryError) as error:
        raise ValueError(
            f"{type(layer).__name__} '{layer.name}' could not compute its output for input shape "
            f"{tuple(inputs.shape)}: {type(error).__name__}: {str(error)[:200]}. Check the layer's "
            "size arguments (kernel, pool or output sizes, strides) against the input."
        ) from None
