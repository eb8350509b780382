"""Moving between Keras's data formats and torch's NCHW kernels, without copies.

`x.permute(0, 3, 1, 2)` of a contiguous NHWC tensor is a view that torch already treats
as `channels_last` memory, so conv and pooling kernels read it in place; permuting the
result back gives a contiguous NHWC tensor that Flatten can view.
"""

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
