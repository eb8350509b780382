"""Weight initializers with Keras's names, defaults and fan arithmetic.

`fan_in`/`fan_out` are computed on the Keras weight layout: Dense `(in, units)`,
Conv2D `(kh, kw, in, out)`, so a layer initializes like its Keras twin.
"""

import math

import torch

from . import registry
from .naming import to_snake_case


class Initializer:
    """Base class: `initializer(shape, dtype)` returns a new torch tensor."""

    def __call__(self, shape, dtype=torch.float32) -> torch.Tensor:
        raise NotImplementedError

    def get_config(self) -> dict:
        return {}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class Zeros(Initializer):
    def __call__(self, shape, dtype=torch.float32):
        return torch.zeros(shape, dtype=dtype)


class Ones(Initializer):
    def __call__(self, shape, dtype=torch.float32):
        return torch.ones(shape, dtype=dtype)


class Constant(Initializer):
    def __init__(self, value=0.0):
        self.value = value

    def __call__(self, shape, dtype=torch.float32):
        return torch.full(shape, float(self.value), dtype=dtype)

    def get_config(self):
        return {"value": self.value}


class _Random(Initializer):
    def __init__(self, seed=None):
        if seed is not None and not isinstance(seed, int):
            raise ValueError(f"`seed` must be an int or None. Received: seed={seed!r}")
        self.seed = seed

    def _generator(self):
        # A fixed seed gives the same values on every call, as in Keras.
        return None if self.seed is None else torch.Generator().manual_seed(self.seed)

    def get_config(self):
        return {"seed": self.seed}


class RandomNormal(_Random):
    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        super().__init__(seed)
        self.mean, self.stddev = mean, stddev

    def __call__(self, shape, dtype=torch.float32):
        out = torch.empty(shape, dtype=dtype)
        return out.normal_(self.mean, self.stddev, generator=self._generator())

    def get_config(self):
        return {**super().get_config(), "mean": self.mean, "stddev": self.stddev}


class RandomUniform(_Random):
    def __init__(self, minval=-0.05, maxval=0.05, seed=None):
        super().__init__(seed)
        self.minval, self.maxval = minval, maxval

    def __call__(self, shape, dtype=torch.float32):
        out = torch.empty(shape, dtype=dtype)
        return out.uniform_(self.minval, self.maxval, generator=self._generator())

    def get_config(self):
        return {**super().get_config(), "minval": self.minval, "maxval": self.maxval}


class TruncatedNormal(_Random):
    """Normal values redrawn when more than two standard deviations from the mean."""

    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        super().__init__(seed)
        self.mean, self.stddev = mean, stddev

    def __call__(self, shape, dtype=torch.float32):
        return _truncated_normal(shape, self.mean, self.stddev, dtype, self._generator())

    def get_config(self):
        return {**super().get_config(), "mean": self.mean, "stddev": self.stddev}


def _truncated_normal(shape, mean, stddev, dtype, generator):
    out = torch.empty(shape, dtype=dtype)
    return torch.nn.init.trunc_normal_(
        out, mean, stddev, a=mean - 2 * stddev, b=mean + 2 * stddev, generator=generator
    )


def compute_fans(shape) -> tuple[int, int]:
    """Keras's fans: `(in, out)` for matrices; receptive field times in/out for kernels."""
    if len(shape) == 0:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    receptive = math.prod(shape[:-2])
    return receptive * shape[-2], receptive * shape[-1]


class VarianceScaling(_Random):
    _MODES = ("fan_in", "fan_out", "fan_avg")
    _DISTRIBUTIONS = ("truncated_normal", "untruncated_normal", "uniform")

    def __init__(self, scale=1.0, mode="fan_in", distribution="truncated_normal", seed=None):
        super().__init__(seed)
        if scale <= 0.0:
            raise ValueError(f"Argument `scale` must be positive float. Received: scale={scale}")
        if mode not in self._MODES:
            raise ValueError(f"Invalid `mode` argument: expected one of {self._MODES}. Received: mode={mode}")
        distribution = distribution.lower()
        if distribution == "normal":
            distribution = "truncated_normal"
        if distribution not in self._DISTRIBUTIONS:
            raise ValueError(
                f"Invalid `distribution` argument: expected one of {self._DISTRIBUTIONS}. "
                f"Received: distribution={distribution}"
            )
        self.scale, self.mode, self.distribution = scale, mode, distribution

    def __call__(self, shape, dtype=torch.float32):
        fan_in, fan_out = compute_fans(tuple(shape))
        fan = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2.0}[self.mode]
        scale = self.scale / max(1.0, fan)
        generator = self._generator()
        if self.distribution == "truncated_normal":
            # 0.8796... is the stddev of a unit normal truncated at two standard deviations.
            return _truncated_normal(shape, 0.0, math.sqrt(scale) / 0.87962566103423978, dtype, generator)
        if self.distribution == "untruncated_normal":
            return torch.empty(shape, dtype=dtype).normal_(0.0, math.sqrt(scale), generator=generator)
        limit = math.sqrt(3.0 * scale)
        return torch.empty(shape, dtype=dtype).uniform_(-limit, limit, generator=generator)

    def get_config(self):
        return {
            **super().get_config(),
            "scale": self.scale,
            "mode": self.mode,
            "distribution": self.distribution,
            "input_axes": None,
            "output_axes": None,
        }


def _preset(name, scale, mode, distribution):
    class Preset(VarianceScaling):
        def __init__(self, seed=None):
            super().__init__(scale=scale, mode=mode, distribution=distribution, seed=seed)

        def get_config(self):
            return {"seed": self.seed, "input_axes": None, "output_axes": None}

        @classmethod
        def from_config(cls, config):
            return cls(seed=config.get("seed"))

    Preset.__name__ = Preset.__qualname__ = name
    return Preset


GlorotUniform = _preset("GlorotUniform", 1.0, "fan_avg", "uniform")
GlorotNormal = _preset("GlorotNormal", 1.0, "fan_avg", "truncated_normal")
HeUniform = _preset("HeUniform", 2.0, "fan_in", "uniform")
HeNormal = _preset("HeNormal", 2.0, "fan_in", "truncated_normal")
LecunUniform = _preset("LecunUniform", 1.0, "fan_in", "uniform")
LecunNormal = _preset("LecunNormal", 1.0, "fan_in", "truncated_normal")


class Orthogonal(_Random):
    def __init__(self, gain=1.0, seed=None):
        super().__init__(seed)
        self.gain = gain

    def __call__(self, shape, dtype=torch.float32):
        out = torch.empty(shape, dtype=dtype)
        return torch.nn.init.orthogonal_(out, gain=self.gain, generator=self._generator())

    def get_config(self):
        return {**super().get_config(), "gain": self.gain}


for _cls in (
    Zeros, Ones, Constant, RandomNormal, RandomUniform, TruncatedNormal, VarianceScaling,
    GlorotUniform, GlorotNormal, HeUniform, HeNormal, LecunUniform, LecunNormal, Orthogonal,
):
    # Keras accepts each class under its snake_case name too ("glorot_uniform").
    registry.register_builtin("initializers", _cls, to_snake_case(_cls.__name__))


def get(identifier) -> Initializer:
    """A name (`"glorot_uniform"`), a config dict, an Initializer or a callable -> an initializer."""
    if isinstance(identifier, Initializer) or (callable(identifier) and not isinstance(identifier, type)):
        return identifier
    if isinstance(identifier, str):
        cls = registry.lookup("initializers", identifier)
        if cls is None:
            raise registry.unknown("initializers", identifier)
        return cls()
    if isinstance(identifier, dict):
        return deserialize(identifier)
    raise TypeError(f"Could not interpret initializer identifier: {identifier!r}")


def serialize(initializer):
    return registry.serialize_keras_object(initializer)


def deserialize(config, custom_objects=None):
    return registry.deserialize_keras_object(config, custom_objects, kind="initializers")
