"""Random draws with Keras's signatures (`keras.random`) on torch generators.

With an int `seed` or a `SeedGenerator`, each op seeds a private `torch.Generator` the way
Keras's torch backend does, so a call replays exactly (and matches Keras on the same device).
Without a seed, ops draw from torch's global generator, which `lamina.utils.set_random_seed`
seeds. New tensors go on torch's default device.
"""

import contextlib

import torch
import torch.nn.functional as F

from ..ops.convert import convert_to_tensor
from ..ops.dtypes import floatx, standardize_dtype, to_torch_dtype
from .seed_generator import SeedGenerator, draw_seed

__all__ = [
    "beta", "binomial", "categorical", "dropout", "gamma", "normal", "randint", "shuffle",
    "truncated_normal", "uniform",
]  # fmt: skip


def _device():
    return torch.get_default_device()


def _generator(seed, device):
    value = draw_seed(seed)
    if value is None:
        return None
    generator = torch.Generator(device=device)
    generator.manual_seed(value)
    return generator


def _dtype(dtype, kind, op):
    name = standardize_dtype(dtype or floatx())
    if kind == "float" and not name.startswith(("float", "bfloat")):
        raise ValueError(f"`{op}` requires a floating point `dtype`. Received: dtype={dtype}")
    if kind == "int" and not name.startswith(("int", "uint")):
        raise ValueError(f"`{op}` requires an integer `dtype`. Received: dtype={dtype}")
    return to_torch_dtype(name)


def _shape(shape, op):
    try:
        return tuple(int(s) for s in shape)
    except TypeError:
        raise ValueError(f"`{op}`: `shape` must be a tuple of ints. Received: {shape!r}") from None


def normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None) -> torch.Tensor:
    """Samples from a normal distribution with `mean` and `stddev`."""
    dtype, device = _dtype(dtype, "float", "normal"), _device()
    return torch.normal(mean, stddev, size=_shape(shape, "normal"),
                        generator=_generator(seed, device), dtype=dtype, device=device)


def uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None) -> torch.Tensor:
    """Samples uniformly from `[minval, maxval)`."""
    dtype, device = _dtype(dtype, "float", "uniform"), _device()
    shape = _shape(shape, "uniform")
    draw = torch.rand(shape or (1,), generator=_generator(seed, device), dtype=dtype,
                      device=device)
    out = (maxval - minval) * draw + minval
    return out if shape else out[0]


def randint(shape, minval, maxval, dtype="int32", seed=None) -> torch.Tensor:
    """Samples integers uniformly from `[minval, maxval)`."""
    dtype, device = _dtype(dtype, "int", "randint"), _device()
    return torch.randint(minval, maxval, _shape(shape, "randint"),
                         generator=_generator(seed, device), dtype=dtype, device=device)


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None) -> torch.Tensor:
    """Normal samples redrawn until within two standard deviations of the mean.

    As Keras on torch: four standard-normal candidates per value, the first inside (-2, 2).
    """
    shape = _shape(shape, "truncated_normal")
    x = normal((*shape, 4), dtype=dtype, seed=seed)
    first_inside = ((x > -2) & (x < 2)).int().argmax(dim=-1, keepdim=True)
    return x.gather(-1, first_inside).squeeze(-1) * stddev + mean


def dropout(inputs, rate, noise_shape=None, seed=None) -> torch.Tensor:
    """Zeroes entries with probability `rate` and scales the rest by `1 / (1 - rate)`.

    `noise_shape` (with `None` for "as the input") shares one mask along broadcast axes.
    """
    inputs = convert_to_tensor(inputs)
    if not 0 <= rate <= 1:
        raise ValueError(f"`dropout`: `rate` must be in [0, 1]. Received: rate={rate}")
    if rate == 1.0:
        return torch.zeros_like(inputs)
    if rate == 0.0:
        return inputs
    unseeded = seed is None or isinstance(seed, SeedGenerator) and seed._initial_seed is None
    if unseeded and noise_shape is None:
        return F.dropout(inputs, p=rate, training=True)
    keep = 1.0 - rate
    if noise_shape is None:
        noise_shape = inputs.shape
    noise_shape = [d if n is None else n for n, d in zip(noise_shape, inputs.shape)]
    probs = torch.full(noise_shape, keep, device=inputs.device)
    mask = torch.bernoulli(probs, generator=_generator(seed, inputs.device)).bool()
    return torch.where(mask.broadcast_to(inputs.shape), inputs / keep, torch.zeros_like(inputs))


def shuffle(x, axis=0, seed=None) -> torch.Tensor:
    """`x` with its entries permuted along `axis` (independently for each leading index)."""
    x = convert_to_tensor(x)
    axis = axis % x.ndim
    keys = torch.rand(x.shape[: axis + 1], generator=_generator(seed, x.device), device=x.device)
    order = keys.argsort(axis).view(*keys.shape, *([1] * (x.ndim - axis - 1)))
    return x.gather(axis, order.expand(x.shape))


def categorical(logits, num_samples, dtype="int32", seed=None) -> torch.Tensor:
    """`num_samples` class indices per row of `logits` `(batch, classes)`, with replacement."""
    logits = convert_to_tensor(logits)
    probs = torch.softmax(logits, dim=-1)
    samples = torch.multinomial(probs, num_samples, replacement=True,
                                generator=_generator(seed, logits.device))
    return samples.to(_dtype(dtype, "int", "categorical"))


@contextlib.contextmanager
def _seeded_global(seed, device):
    """torch.distributions sample from the global generator: seed it in a forked RNG state."""
    value = draw_seed(seed)
    if value is None:
        yield
        return
    devices = [device] if device.type == "cuda" else []
    with torch.random.fork_rng(devices=devices, device_type=device.type):
        torch.manual_seed(value)
        yield


def _sample(distribution, dtype, seed, device, op, kind="float"):
    dtype = _dtype(dtype, kind, op)
    with _seeded_global(seed, device):
        return distribution.sample().to(dtype)


def gamma(shape, alpha, dtype=None, seed=None) -> torch.Tensor:
    """Samples from Gamma(`alpha`, 1)."""
    shape, device = _shape(shape, "gamma"), _device()
    alpha = convert_to_tensor(alpha, device=device).broadcast_to(shape)
    dist = torch.distributions.Gamma(alpha, torch.ones(shape, device=device))
    return _sample(dist, dtype, seed, device, "gamma")


def binomial(shape, counts, probabilities, dtype=None, seed=None) -> torch.Tensor:
    """Samples the number of successes in `counts` trials of success chance `probabilities`."""
    shape, device = _shape(shape, "binomial"), _device()
    counts = convert_to_tensor(counts, device=device).broadcast_to(shape)
    probabilities = convert_to_tensor(probabilities, device=device).broadcast_to(shape)
    dist = torch.distributions.Binomial(total_count=counts, probs=probabilities)
    return _sample(dist, dtype, seed, device, "binomial", kind="any")  # counts may be ints


def beta(shape, alpha, beta, dtype=None, seed=None) -> torch.Tensor:
    """Samples from Beta(`alpha`, `beta`)."""
    shape, device = _shape(shape, "beta"), _device()
    alpha = convert_to_tensor(alpha, device=device).broadcast_to(shape)
    beta = convert_to_tensor(beta, device=device).broadcast_to(shape)
    dist = torch.distributions.Beta(concentration1=alpha, concentration0=beta)
    return _sample(dist, dtype, seed, device, "beta")
