"""What the noise layers share: argument checks, seeded generators and the random draws.

A seeded layer owns a `torch.Generator`, so two layers built with the same seed draw the
same masks, call after call, as Keras's `SeedGenerator` does (the streams differ from
Keras's; tests compare statistics, not draws).
"""

import math

import torch


def check_fraction(layer, name: str, value) -> float:
    """A number in [0, 1] (Keras's check for `rate` and `stddev`)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value) or not 0 <= value <= 1:
        raise ValueError(
            f"Invalid value received for argument `{name}`. Expected a float value between 0 and 1. "
            f"Received: {name}={value} (layer '{layer.name}', {type(layer).__name__})."
        )
    return value


def check_seed(layer, seed):
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
        raise TypeError(
            f"{type(layer).__name__} '{layer.name}': `seed` must be an int or None. Received: seed={seed!r}"
        )
    if seed is not None and not -(2**63) <= seed < 2**64:  # what torch's manual_seed takes
        raise ValueError(
            f"{type(layer).__name__} '{layer.name}': `seed` must fit in 64 bits. Received: seed={seed!r}"
        )
    return seed


def generator(seed):
    return None if seed is None else torch.Generator().manual_seed(seed)


def check_noise_shape(layer, noise_shape):
    """Keras's rules: an iterable of positive ints or None entries (None: the input's size)."""
    if noise_shape is None:
        return None
    try:
        if isinstance(noise_shape, str):
            raise TypeError
        noise_shape = tuple(noise_shape)
    except TypeError:
        raise ValueError(
            "Invalid value received for argument `noise_shape`. Expected a tuple or list of integers. "
            f"Received: noise_shape={noise_shape!r} (layer '{layer.name}')."
        ) from None
    for i, dim in enumerate(noise_shape):
        if dim is not None and (isinstance(dim, bool) or not isinstance(dim, int) or dim <= 0):
            raise ValueError(
                "Invalid value received for argument `noise_shape`. Expected all dimensions to be "
                f"positive integers or None. Received: {dim!r} at index {i} (layer '{layer.name}')."
            )
    return noise_shape


def concrete_noise_shape(layer, noise_shape, input_shape) -> tuple:
    """`noise_shape` with None entries filled from the input; it must broadcast to it."""
    input_shape = tuple(input_shape)
    if noise_shape is None:
        return input_shape
    if len(noise_shape) != len(input_shape):
        raise ValueError(
            f"{type(layer).__name__} '{layer.name}': noise_shape {noise_shape} has {len(noise_shape)} "
            f"entries but the input has rank {len(input_shape)} (shape {input_shape}). Give one entry "
            "per input axis (None takes the input's size, 1 shares the mask along that axis)."
        )
    shape = tuple(s if n is None else n for n, s in zip(noise_shape, input_shape))
    if any(n not in (1, s) for n, s in zip(shape, input_shape)):
        raise ValueError(
            f"{type(layer).__name__} '{layer.name}': noise_shape {noise_shape} does not broadcast to the "
            f"input shape {input_shape}: each entry must be None, 1 or the input's size."
        )
    return shape


def uniform(shape, gen, like: torch.Tensor) -> torch.Tensor:
    dtype = like.dtype if like.is_floating_point() else torch.float32
    if gen is None:
        return torch.rand(shape, device=like.device, dtype=dtype)
    return torch.rand(shape, generator=gen, dtype=dtype).to(like.device)


def normal(shape, gen, like: torch.Tensor, mean: float, stddev: float) -> torch.Tensor:
    if gen is None:
        noise = torch.randn(shape, device=like.device, dtype=like.dtype)
    else:
        noise = torch.randn(shape, generator=gen, dtype=like.dtype).to(like.device)
    return noise * stddev + mean


def dropout(layer, inputs, rate: float, noise_shape, gen) -> torch.Tensor:
    """Keeps each entry (or each mask cell, broadcast along noise_shape's 1s) with
    probability `1 - rate` and scales the kept ones by `1 / (1 - rate)`."""
    if rate >= 1.0:
        return torch.zeros_like(inputs)
    shape = concrete_noise_shape(layer, noise_shape, inputs.shape)
    keep = uniform(shape, gen, inputs) >= rate
    dtype = inputs.dtype if inputs.is_floating_point() else torch.float32  # ints come out as floats
    return inputs * (keep.to(dtype) / (1.0 - rate))
