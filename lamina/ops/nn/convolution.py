"""Convolutions of `keras.ops.nn` with Keras kernel layouts and TF-style "same" padding.

Kernels are Keras-shaped: `(*spatial, in_channels, out_channels)` for `conv`,
`(*spatial, in_channels, multiplier)` for `depthwise_conv` and
`(*spatial, out_channels, in_channels)` for `conv_transpose`. They are permuted (as views)
to torch's `(out, in, *spatial)` / `(in, out, *spatial)` at the call.
"""

import functools

import torch
import torch.nn.functional as F

from ..convert import tensors
from ._layout import (
    as_tuple,
    check_padding,
    check_spatial_rank,
    data_format_of,
    from_channels_first,
    same_padding,
    to_channels_first,
)

__all__ = ["conv", "conv_transpose", "depthwise_conv", "separable_conv"]

_CONV = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}
_CONV_T = {1: F.conv_transpose1d, 2: F.conv_transpose2d, 3: F.conv_transpose3d}


_KERNEL_ORDER = {3: (2, 1, 0), 4: (3, 2, 0, 1), 5: (4, 3, 0, 1, 2)}


def _torch_kernel(kernel: torch.Tensor) -> torch.Tensor:
    """`(*spatial, a, b)` -> `(b, a, *spatial)`, a view."""
    return kernel.permute(_KERNEL_ORDER[kernel.ndim])


def _hashable(value):
    return tuple(value) if isinstance(value, list) else value


@functools.lru_cache(maxsize=512)
def _plan(op, x_shape, k_shape, strides, padding, data_format, dilation_rate, depthwise):
    """The validated arguments of one call signature, computed once (shapes are the key).

    Returns `(strides, dilation, torch_padding, explicit_pads, groups)`; `explicit_pads` is a
    flat `F.pad` list when TF's "same" padding is asymmetric, else `None`.
    """
    if len(x_shape) not in (3, 4, 5):
        raise ValueError(
            f"`{op}` expects inputs of rank 3, 4 or 5 (1D, 2D or 3D data with batch and "
            f"channel axes). Received input shape: {tuple(x_shape)}."
        )
    rank = len(x_shape) - 2
    if len(k_shape) != len(x_shape):
        raise ValueError(
            f"`{op}` needs a kernel of rank {len(x_shape)} for inputs of rank {len(x_shape)}. "
            f"Received: inputs.shape={tuple(x_shape)}, kernel.shape={tuple(k_shape)}"
        )
    padding = check_padding(padding, op)
    strides = as_tuple(strides, rank, "strides", op)
    dilation = as_tuple(dilation_rate, rank, "dilation_rate", op)
    in_channels = x_shape[-1] if data_format == "channels_last" else x_shape[1]
    if depthwise:
        if k_shape[-2] != in_channels:
            raise ValueError(
                f"`{op}`: the input channels ({in_channels}) must match the kernel's "
                f"kernel.shape[-2]. Received: inputs.shape={tuple(x_shape)}, "
                f"kernel.shape={tuple(k_shape)}, data_format={data_format!r}"
            )
        groups = in_channels
    elif in_channels % k_shape[-2]:
        raise ValueError(
            f"`{op}`: the input channels ({in_channels}) must be a multiple of the kernel's "
            f"input channels ({k_shape[-2]}, kernel.shape[-2]). Received: "
            f"inputs.shape={tuple(x_shape)}, kernel.shape={tuple(k_shape)}, "
            f"data_format={data_format!r}"
        )
    else:
        groups = in_channels // k_shape[-2]
    pad, explicit = 0, None
    if padding == "same":
        spatial = x_shape[1:-1] if data_format == "channels_last" else x_shape[2:]
        pads = same_padding(spatial, k_shape[:rank], strides, dilation)
        if all(a == b for a, b in pads):
            pad = [a for a, _ in pads]
        else:
            explicit = [v for pair in reversed(pads) for v in pair]
    return strides, dilation, pad, explicit, groups


def _run(x, weight, data_format, plan, op):
    strides, dilation, pad, explicit, groups = plan
    x = to_channels_first(x, data_format)
    if explicit is not None:
        x = F.pad(x, explicit)
    if x.dtype != weight.dtype:
        raise TypeError(
            f"`{op}`: inputs and kernel must have the same dtype. Received: "
            f"inputs.dtype={x.dtype}, kernel.dtype={weight.dtype}"
        )
    out = _CONV[len(strides)](x, weight, None, strides, pad, dilation, groups)
    return from_channels_first(out, data_format)


def conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    """N-D convolution (N = 1, 2, 3) of `inputs` with a `(*spatial, in, out)` kernel.

    A kernel whose input channels divide the input's channels makes a grouped convolution.

    Example:

    >>> conv(torch.ones(2, 8, 8, 3), torch.ones(3, 3, 3, 4), padding="same").shape
    torch.Size([2, 8, 8, 4])
    """
    inputs, kernel = tensors(inputs, kernel)
    data_format = data_format_of(data_format, "conv")
    plan = _plan("conv", inputs.shape, kernel.shape, _hashable(strides), padding, data_format,
                 _hashable(dilation_rate), False)
    return _run(inputs, _torch_kernel(kernel), data_format, plan, "conv")


def depthwise_conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    """Convolves each input channel with its own `multiplier` filters.

    `kernel` is `(*spatial, in_channels, multiplier)`; the output has
    `in_channels * multiplier` channels.
    """
    op = "depthwise_conv"
    inputs, kernel = tensors(inputs, kernel)
    data_format = data_format_of(data_format, op)
    plan = _plan(op, inputs.shape, kernel.shape, _hashable(strides), padding, data_format,
                 _hashable(dilation_rate), True)
    kernel = kernel.reshape(*kernel.shape[:-2], 1, kernel.shape[-2] * kernel.shape[-1])
    return _run(inputs, _torch_kernel(kernel), data_format, plan, op)


def separable_conv(
    inputs,
    depthwise_kernel,
    pointwise_kernel,
    strides=1,
    padding="valid",
    data_format=None,
    dilation_rate=1,
):
    """A `depthwise_conv` followed by a 1x1 `conv` with `pointwise_kernel`."""
    inputs, depthwise_kernel, pointwise_kernel = tensors(inputs, depthwise_kernel, pointwise_kernel)
    data_format = data_format_of(data_format, "separable_conv")
    depthwise = depthwise_conv(
        inputs, depthwise_kernel, strides, padding, data_format, dilation_rate
    )
    plan = _plan("separable_conv", depthwise.shape, pointwise_kernel.shape, 1, "valid",
                 data_format, _hashable(dilation_rate), False)
    return _run(depthwise, _torch_kernel(pointwise_kernel), data_format, plan, "separable_conv")


def _transpose_pads(kernel, stride, dilation, padding, output_padding):
    """`(left, right)` padding of the equivalent forward convolution, as Keras derives it."""
    effective = (kernel - 1) * dilation + 1
    if padding == "valid":
        if output_padding is None:
            output_padding = max(effective, stride) - effective
        return effective - 1, effective - 1 + output_padding
    if output_padding is None:
        total = stride + effective - 2
    else:
        total = effective + effective % 2 - 2 + output_padding
    left = min(total // 2 + total % 2, effective - 1)
    return left, total - left


def conv_transpose(
    inputs,
    kernel,
    strides=1,
    padding="valid",
    output_padding=None,
    data_format=None,
    dilation_rate=1,
):
    """Transposed convolution with a `(*spatial, out_channels, in_channels)` kernel.

    The output length per axis follows Keras: `(in - 1) * stride + kernel` for "valid",
    `in * stride` for "same", plus `output_padding` when given.
    """
    op = "conv_transpose"
    inputs, kernel = tensors(inputs, kernel)
    rank = check_spatial_rank(inputs, op)
    if kernel.ndim != inputs.ndim:
        raise ValueError(
            f"`{op}` needs a kernel of rank {inputs.ndim} for inputs of rank {inputs.ndim}. "
            f"Received: inputs.shape={tuple(inputs.shape)}, kernel.shape={tuple(kernel.shape)}"
        )
    data_format = data_format_of(data_format, op)
    padding = check_padding(padding, op)
    strides = as_tuple(strides, rank, "strides", op)
    dilation = as_tuple(dilation_rate, rank, "dilation_rate", op)
    if output_padding is None or isinstance(output_padding, int):
        output_padding = (output_padding,) * rank
    in_channels = inputs.shape[-1] if data_format == "channels_last" else inputs.shape[1]
    if kernel.shape[-1] != in_channels:
        raise ValueError(
            f"`{op}`: the input channels ({in_channels}) must match the kernel's last axis "
            f"(its layout is (*spatial, out_channels, in_channels)). Received: "
            f"inputs.shape={tuple(inputs.shape)}, kernel.shape={tuple(kernel.shape)}"
        )
    x = to_channels_first(inputs, data_format)
    weight = kernel.permute(rank + 1, rank, *range(rank))  # (in, out, *spatial)
    out = _CONV_T[rank](x, weight, None, strides, 0, 0, 1, dilation)
    # torch gives the full `(in - 1) * s + effective` output; crop (or zero-extend) each axis
    # to the window Keras's padding picks, which may be asymmetric.
    crops = []
    for i in range(rank):
        k, d = kernel.shape[i], dilation[i]
        left, right = _transpose_pads(k, strides[i], d, padding, output_padding[i])
        effective = (k - 1) * d + 1
        crops.append((effective - 1 - left, effective - 1 - right))
    out = out[(slice(None), slice(None), *(slice(max(a, 0), out.shape[2 + i] - max(b, 0))
                                           for i, (a, b) in enumerate(crops)))]
    if any(a < 0 or b < 0 for a, b in crops):
        out = F.pad(out, [max(-v, 0) for pair in reversed(crops) for v in pair])
    return from_channels_first(out, data_format)
