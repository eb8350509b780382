"""Encodings and rearrangements of `keras.ops.nn`: one/multi-hot, fold/unfold,
depth/space moves and `polar`."""

import torch
import torch.nn.functional as F

from ..convert import convert_to_tensor, tensors
from ..dtypes import to_torch_dtype

__all__ = [
    "depth_to_space", "fold", "multi_hot", "one_hot", "polar", "space_to_depth", "unfold",
]  # fmt: skip


def one_hot(x, num_classes, axis=-1, dtype=None, sparse=False) -> torch.Tensor:
    """A `num_classes` axis at `axis` with 1 at each value of `x`; negative values give zeros."""
    if sparse:
        raise ValueError("`one_hot`: `sparse=True` is not supported with PyTorch (as in Keras).")
    x = convert_to_tensor(x)
    if x.is_floating_point():
        x = x.long()
    out_rank = x.ndim + 1
    if not -out_rank <= axis < out_rank:
        raise ValueError(
            f"`one_hot`: axis {axis} is out of bounds for an output of rank {out_rank}."
        )
    x = x.long()
    out = F.one_hot(x.clamp(min=0), num_classes) * (x >= 0).unsqueeze(-1)
    return out.to(to_torch_dtype(dtype)).movedim(-1, axis)


def multi_hot(inputs, num_classes=None, axis=-1, dtype=None, sparse=False, **kwargs):
    """Like `one_hot`, then the max over the label axis (1 if it is 2D or more, else 0)."""
    if num_classes is None:
        num_classes = kwargs.pop("num_tokens", None)
    if num_classes is None:
        raise ValueError("`multi_hot`: argument `num_classes` must be specified.")
    if sparse:
        raise ValueError("`multi_hot`: `sparse=True` is not supported with PyTorch (as in Keras).")
    x = convert_to_tensor(inputs)
    encoded = one_hot(x.int(), num_classes, axis=axis, dtype=dtype)
    return torch.amax(encoded, dim=1 if x.ndim > 1 else 0)


def polar(abs_, angle) -> torch.Tensor:
    """The complex tensor `abs_ * (cos(angle) + 1j * sin(angle))`."""
    abs_, angle = tensors(abs_, angle)
    if not (abs_.is_floating_point() and angle.is_floating_point()):
        raise ValueError(
            "`polar`: `abs_` and `angle` must be float tensors. Received: "
            f"abs_.dtype={abs_.dtype}, angle.dtype={angle.dtype}"
        )
    return torch.complex(abs_ * torch.cos(angle), abs_ * torch.sin(angle))


def unfold(x, kernel_size, dilation=1, padding=0, stride=1) -> torch.Tensor:
    """Sliding `(batch, C, H, W)` blocks as `(batch, C * kh * kw, blocks)` (torch's `unfold`)."""
    x = convert_to_tensor(x)
    if x.ndim != 4:
        raise ValueError(
            f"`unfold` expects a 4D (batch, channels, height, width) input. Received: "
            f"x.shape={tuple(x.shape)}"
        )
    return F.unfold(x, kernel_size, dilation=dilation, padding=padding, stride=stride)


def fold(x, output_size, kernel_size, dilation=1, padding=0, stride=1) -> torch.Tensor:
    """Sums `(batch, C * kh * kw, blocks)` blocks back into `(batch, C, *output_size)`."""
    x = convert_to_tensor(x)
    if x.ndim != 3:
        raise ValueError(f"`fold`: input must be a 3D tensor. Received: x.shape={tuple(x.shape)}")
    return F.fold(x, output_size, kernel_size, dilation=dilation, padding=padding, stride=stride)


def _check_4d(x, block_size, op):
    if x.ndim != 4:
        raise ValueError(f"`{op}` expects a 4D input. Received: x.shape={tuple(x.shape)}")
    if not isinstance(block_size, int) or block_size < 2:
        raise ValueError(f"`{op}`: `block_size` must be an int >= 2. Received: {block_size!r}")


def depth_to_space(x, block_size, data_format="channels_last") -> torch.Tensor:
    """Moves channel blocks into `block_size x block_size` spatial blocks (TF's order)."""
    x = convert_to_tensor(x)
    _check_4d(x, block_size, "depth_to_space")
    b = block_size
    channels = x.shape[-1] if data_format == "channels_last" else x.shape[1]
    if channels % (b * b):
        raise ValueError(
            f"`depth_to_space`: the channels ({channels}) must be divisible by "
            f"block_size**2 ({b * b}). Received: x.shape={tuple(x.shape)}"
        )
    if data_format == "channels_last":
        n, h, w, c = x.shape
        x = x.reshape(n, h, w, b, b, c // (b * b)).permute(0, 1, 3, 2, 4, 5)
        return x.reshape(n, h * b, w * b, c // (b * b))
    n, c, h, w = x.shape
    x = x.reshape(n, c // (b * b), b, b, h, w).permute(0, 1, 4, 2, 5, 3)
    return x.reshape(n, c // (b * b), h * b, w * b)


def space_to_depth(x, block_size, data_format="channels_last") -> torch.Tensor:
    """Moves `block_size x block_size` spatial blocks into channels (TF's order)."""
    x = convert_to_tensor(x)
    _check_4d(x, block_size, "space_to_depth")
    b = block_size
    h, w = (x.shape[1], x.shape[2]) if data_format == "channels_last" else x.shape[2:]
    if h % b or w % b:
        raise ValueError(
            f"`space_to_depth`: height and width must be divisible by block_size ({b}). "
            f"Received: x.shape={tuple(x.shape)}"
        )
    if data_format == "channels_last":
        n, h, w, c = x.shape
        x = x.reshape(n, h // b, b, w // b, b, c).permute(0, 1, 3, 2, 4, 5)
        return x.reshape(n, h // b, w // b, c * b * b)
    n, c, h, w = x.shape
    x = x.reshape(n, c, h // b, b, w // b, b).permute(0, 1, 3, 5, 2, 4)
    return x.reshape(n, c * b * b, h // b, w // b)
