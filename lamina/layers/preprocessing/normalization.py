"""Normalization: `(x - mean) / sqrt(variance)`, with statistics given or learned by `adapt`."""

import itertools
import math

import numpy as np
import torch

from ... import config
from ..layer import Layer
from .checks import real_tensor, where


class Normalization(Layer):
    """Shifts and scales inputs to zero mean and unit variance along `axis`.

    The statistics are either passed (`mean`, `variance`) or computed from data with
    `adapt(data)`, which takes an array, a tensor, or an iterable of batches (lists,
    generators, `DataLoader`s; `(x, y)` batches use `x`). They are kept per position of
    the `axis` axes and shared across the others. `invert=True` maps normalized values
    back: `mean + x * sqrt(variance)`.

    Args:
        axis: the axis or axes that keep their own statistics (default `-1`, the
            features); `None` for one mean and variance over everything.
        mean, variance: the statistics, broadcastable to the kept axes; both or neither.
        invert: apply the inverse transformation.

    Input shape:
        Any, with known sizes on the `axis` axes.

    Output shape:
        Same as the input.

    Example:

    >>> layer = Normalization()
    >>> layer.adapt(np.array([[1.0, 10.0], [3.0, 30.0]]))
    >>> layer(np.array([[1.0, 10.0]])).tolist()
    [[-1.0, -1.0]]
    """

    def __init__(self, axis=-1, mean=None, variance=None, invert=False, **kwargs):
        super().__init__(**kwargs)
        if axis is None:
            axis = ()
        elif isinstance(axis, int) and not isinstance(axis, bool):
            axis = (axis,)
        elif isinstance(axis, (tuple, list)) and all(isinstance(a, int) and not isinstance(a, bool) for a in axis):
            axis = tuple(axis)
        else:
            raise ValueError(f"{where(self)}: `axis` must be an int, a list of ints or None. Received: axis={axis!r}")
        self.axis = axis
        self.input_mean = mean
        self.input_variance = variance
        self.invert = bool(invert)
        self.supports_masking = True
        if (mean is None) != (variance is None):
            raise ValueError(f"{where(self)}: when setting values directly, both `mean` and `variance` must be "
                             f"set. Received: mean={mean} and variance={variance}")
        if mean is not None:
            if np.shape(mean) != np.shape(variance):
                raise ValueError(f"{where(self)}: `mean` and `variance` must have the same shape. Received: "
                                 f"mean shape {np.shape(mean)} and variance shape {np.shape(variance)}")
            if len(np.shape(mean)) > len(self.axis):
                raise ValueError(f"{where(self)}: the rank of `mean` must be at most the number of axes "
                                 f"({len(self.axis)}). Received: mean shape {np.shape(mean)} for axis {self.axis}")

    def build(self, input_shape):
        ndim = len(input_shape)
        if any(a < -ndim or a >= ndim for a in self.axis):
            raise ValueError(f"{where(self)}: all `axis` values must be in the range [-ndim, ndim). Received "
                             f"inputs with ndim={ndim}, while axis={self.axis}")
        self._keep_axis = tuple(sorted(a % ndim for a in self.axis))
        for a in self._keep_axis:
            if input_shape[a] is None:
                raise ValueError(f"{where(self)}: all `axis` values to be kept must have a known size. Received "
                                 f"axis={self.axis}, inputs.shape={tuple(input_shape)}, unknown at index {a}")
        self._reduce_axis = tuple(a for a in range(ndim) if a not in self._keep_axis)
        self._broadcast_shape = [input_shape[a] if a in self._keep_axis else 1 for a in range(ndim)]
        self._statistics_shape = tuple(input_shape[a] for a in self._keep_axis)
        if self.input_mean is None:
            self.add_weight(name="mean", shape=self._statistics_shape, initializer="zeros", trainable=False)
            self.add_weight(name="variance", shape=self._statistics_shape, initializer="ones", trainable=False)
            self.add_weight(name="count", shape=(), dtype="int32", initializer="zeros", trainable=False)
            return
        mean, variance = (self._given(v, ndim) for v in (self.input_mean, self.input_variance))
        # Not weights (Keras keeps them as plain tensors); buffers follow `.to(device)`.
        self.register_buffer("_given_mean", mean, persistent=False)
        self.register_buffer("_given_variance", variance, persistent=False)

    def _given(self, value, ndim):
        array = torch.as_tensor(np.asarray(value, dtype="float64"), dtype=self._torch_dtype)
        expanded = [1] * ndim
        for i in range(1, array.ndim + 1):
            expanded[self._keep_axis[-i]] = array.shape[-i]
        try:
            return array.reshape(expanded).broadcast_to(self._broadcast_shape).clone()
        except RuntimeError:
            raise ValueError(f"{where(self)}: `mean` of shape {tuple(array.shape)} does not broadcast to the kept "
                             f"axes of size {self._statistics_shape}.") from None

    def adapt(self, data) -> None:
        """Computes the mean and variance of `data` (an array, a tensor or an iterable of batches)."""
        if self.input_mean is not None:
            raise ValueError(f"{where(self)} was given `mean` and `variance`; it cannot be adapted.")
        if isinstance(data, (np.ndarray, torch.Tensor)):
            batches = [data]
        elif hasattr(data, "__iter__") and not isinstance(data, (str, bytes, dict)):
            iterator = iter(data)
            first = next(iterator, None)
            if first is None:
                raise ValueError(f"{where(self)}: adapt() received an empty iterable (no batches). Pass arrays, "
                                 "tensors, or a non-empty iterable of batches.")
            batches = itertools.chain([first], iterator)
        else:
            raise TypeError(f"{where(self)}: adapt() takes an array, a tensor or an iterable of batches. "
                            f"Received: {type(data).__name__}")
        mean = variance = None
        total = 0
        for batch in batches:
            batch = _first_of(batch)
            x = real_tensor(self, torch.as_tensor(np.asarray(batch)) if not isinstance(batch, torch.Tensor) else batch)
            x = x.to(self._torch_dtype)
            if not self.built:
                self.build_from_shape(tuple(x.shape))
            self._check_kept(x.shape)
            count = math.prod(x.shape[a] for a in self._reduce_axis) if self._reduce_axis else 1
            m = x.mean(dim=self._reduce_axis) if self._reduce_axis else x
            v = x.var(dim=self._reduce_axis, unbiased=False) if self._reduce_axis else torch.zeros_like(x)
            m, v = m.reshape(self._statistics_shape), v.reshape(self._statistics_shape)
            total += count
            if mean is None:
                mean, variance = m, v
                continue
            # Chan et al.'s parallel update, in Keras's weighted form.
            w = count / total
            new_mean = mean * (1 - w) + m * w
            variance = (variance + (mean - new_mean) ** 2) * (1 - w) + (v + (m - new_mean) ** 2) * w
            mean = new_mean
        with torch.no_grad():
            self.mean.copy_(mean.to(self.mean.device))
            self.variance.copy_(variance.to(self.variance.device))

    def _check_kept(self, shape, action="adapt() got"):
        built = self._build_input_shape
        if len(shape) != len(built) or any(shape[a] != built[a] for a in self._keep_axis):
            raise ValueError(f"{where(self)} was built for input_shape={tuple(built)}, but {action} data of an "
                             f"incompatible shape {tuple(shape)} (rank and kept axes {self._keep_axis} must match).")

    def call(self, inputs):
        x = real_tensor(self, inputs)
        self._check_kept(x.shape, "was called on")
        if self.input_mean is None:
            mean, variance = self.mean.reshape(self._broadcast_shape), self.variance.reshape(self._broadcast_shape)
        else:
            mean, variance = self._given_mean, self._given_variance
        std = torch.clamp(torch.sqrt(variance), min=config.epsilon())
        return mean + x * std if self.invert else (x - mean) / std

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {
            **super().get_config(),
            "axis": self.axis,
            "invert": self.invert,
            "mean": np.array(self.input_mean).tolist(),
            "variance": np.array(self.input_variance).tolist(),
        }


def _first_of(batch):
    """`x` of an `(x, y)` or `(x, y, sample_weight)` batch; the batch itself otherwise."""
    return batch[0] if isinstance(batch, (tuple, list)) and batch and not np.isscalar(batch[0]) else batch
