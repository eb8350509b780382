"""Random initializers: normal, uniform, truncated normal, variance scaling (with the
Glorot, He and LeCun presets) and orthogonal.

`fan_in`/`fan_out` are computed on the Keras weight layout: Dense `(in, units)`,
Conv2D `(kh, kw, in, out)`, so a layer initializes like its Keras twin.
"""

import math

import torch

from .initializer import Initializer, _torch_dtype


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
        out = torch.empty(shape, dtype=_torch_dtype(dtype))
        return out.normal_(self.mean, self.stddev, generator=self._generator())

    def get_config(self):
        return {**super().get_config(), "mean": self.mean, "stddev": self.stddev}


class RandomUniform(_Random):
    def __init__(self, minval=-0.05, maxval=0.05, seed=None):
        super().__init__(seed)
        self.minval, self.maxval = minval, maxval

    def __call__(self, shape, dtype=torch.float32):
        out = torch.empty(shape, dtype=_torch_dtype(dtype))
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
    out = torch.empty(shape, dtype=_torch_dtype(dtype))
    return torch.nn.init.trunc_normal_(
        out, mean, stddev, a=mean - 2 * stddev, b=mean + 2 * stddev, generator=generator
    )


def compute_fans(shape, input_axes=None, output_axes=None) -> tuple[int, int]:
    """Keras's fans: `(in, out)` for matrices; receptive field times in/out for kernels; the
    products of the sizes on `input_axes`/`output_axes` when both are given."""
    shape = tuple(shape)
    if input_axes is not None and output_axes is not None:
        return math.prod(shape[a] for a in input_axes), math.prod(shape[a] for a in output_axes)
    if len(shape) == 0:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    receptive = math.prod(shape[:-2])
    return receptive * shape[-2], receptive * shape[-1]


class VarianceScaling(_Random):
    """Draws with variance `scale / fan`, `fan` being `fan_in`, `fan_out` or their mean.

    Args:
        scale: Positive scaling factor. Defaults to `1.0`.
        mode: `"fan_in"` (the default), `"fan_out"` or `"fan_avg"`.
        distribution: `"truncated_normal"` (the default; `"normal"` means the same),
            `"untruncated_normal"` or `"uniform"`.
        seed: An int for the same values on every call, or `None`.
        input_axes, output_axes: Axes whose sizes multiply to the fans (both needed),
            instead of the Dense/convolution layout rule.
    """

    _MODES = ("fan_in", "fan_out", "fan_avg")
    _DISTRIBUTIONS = ("truncated_normal", "untruncated_normal", "uniform")

    def __init__(self, scale=1.0, mode="fan_in", distribution="truncated_normal", seed=None,
                 input_axes=None, output_axes=None):
        super().__init__(seed)
        if scale <= 0.0:
            raise ValueError(f"Argument `scale` must be positive float. Received: scale={scale}")
        if mode not in self._MODES:
            raise ValueError(
                f"Invalid `mode` argument: expected one of {self._MODES}. Received: mode={mode}"
            )
        distribution = distribution.lower()
        if distribution == "normal":
            distribution = "truncated_normal"
        if distribution not in self._DISTRIBUTIONS:
            raise ValueError(
                f"Invalid `distribution` argument: expected one of {self._DISTRIBUTIONS}. "
                f"Received: distribution={distribution}"
            )
        self.scale, self.mode, self.distribution = scale, mode, distribution
        self.input_axes, self.output_axes = input_axes, output_axes

    def __call__(self, shape, dtype=torch.float32):
        dtype = _torch_dtype(dtype)
        fan_in, fan_out = compute_fans(tuple(shape), self.input_axes, self.output_axes)
        fan = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2.0}[self.mode]
        scale = self.scale / max(1.0, fan)
        generator = self._generator()
        if self.distribution == "truncated_normal":
            # 0.8796... is the stddev of a unit normal truncated at two standard deviations.
            stddev = math.sqrt(scale) / 0.87962566103423978
            return _truncated_normal(shape, 0.0, stddev, dtype, generator)
        if self.distribution == "untruncated_normal":
            out = torch.empty(shape, dtype=dtype)
            return out.normal_(0.0, math.sqrt(scale), generator=generator)
        limit = math.sqrt(3.0 * scale)
        return torch.empty(shape, dtype=dtype).uniform_(-limit, limit, generator=generator)

    def get_config(self):
        return {
            **super().get_config(),
            "scale": self.scale,
            "mode": self.mode,
            "distribution": self.distribution,
            "input_axes": self.input_axes,
            "output_axes": self.output_axes,
        }


def _preset(name, scale, mode, distribution):
    class Preset(VarianceScaling):
        def __init__(self, seed=None, input_axes=None, output_axes=None):
            super().__init__(scale=scale, mode=mode, distribution=distribution, seed=seed,
                             input_axes=input_axes, output_axes=output_axes)

        def get_config(self):
            return {"seed": self.seed, "input_axes": self.input_axes,
                    "output_axes": self.output_axes}

        @classmethod
        def from_config(cls, config):
            return cls(**config)

    Preset.__name__ = Preset.__qualname__ = name
    Preset.__doc__ = (f"`VarianceScaling(scale={scale}, mode={mode!r}, distribution="
                      f"{distribution!r})`; args `seed`, `input_axes`, `output_axes`.")
    return Preset


GlorotUniform = _preset("GlorotUniform", 1.0, "fan_avg", "uniform")
GlorotNormal = _preset("GlorotNormal", 1.0, "fan_avg", "truncated_normal")
HeUniform = _preset("HeUniform", 2.0, "fan_in", "uniform")
HeNormal = _preset("HeNormal", 2.0, "fan_in", "truncated_normal")
LecunUniform = _preset("LecunUniform", 1.0, "fan_in", "uniform")
LecunNormal = _preset("LecunNormal", 1.0, "fan_in", "truncated_normal")


class Orthogonal(_Random):
    """An orthogonal matrix (times `gain`) from the QR decomposition of a normal draw.

    Shapes of rank > 2 are flattened to `(prod(shape[:-1]), shape[-1])` as in Keras, so
    the columns (output units) of a convolution kernel are orthogonal.

    Args:
        gain: The multiplier. Defaults to `1.0`.
        seed: An int for the same values on every call, or `None`.
    """

    def __init__(self, gain=1.0, seed=None):
        super().__init__(seed)
        self.gain = gain

    def __call__(self, shape, dtype=torch.float32):
        if len(shape) < 2:
            raise ValueError(
                "The tensor to initialize must be at least two-dimensional. "
                f"Received: shape={tuple(shape)} of rank {len(shape)}."
            )
        dtype = _torch_dtype(dtype)
        rows, cols = math.prod(shape[:-1]), shape[-1]
        flat = (max(rows, cols), min(rows, cols))
        a = torch.empty(flat, dtype=torch.float32 if dtype.itemsize < 4 else dtype)
        q, r = torch.linalg.qr(a.normal_(generator=self._generator()))
        q = q * torch.sign(torch.diagonal(r))
        if rows < cols:
            q = q.T
        return (self.gain * q.reshape(shape)).to(dtype)

    def get_config(self):
        return {**super().get_config(), "gain": self.gain}
