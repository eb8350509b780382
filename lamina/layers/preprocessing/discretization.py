"""Discretization: buckets continuous values by bin boundaries (given or learned by `adapt`)."""

import numpy as np
import torch

from ..layer import Layer
from .checks import choice, real_tensor, where
from .encoding import encode, encoded_shape


class Discretization(Layer):
    """Maps each value to the index of its bin: `bin_boundaries=[0., 1., 2.]` gives bins
    `(-inf, 0)`, `[0, 1)`, `[1, 2)`, `[2, inf)`, i.e. ids 0 to 3.

    With `num_bins` instead, `adapt(data)` learns boundaries at approximate quantiles
    (Keras's summary algorithm, accurate to about `epsilon`).

    Args:
        bin_boundaries: sorted boundaries; or None with `num_bins`.
        num_bins: the number of bins to learn with `adapt`.
        epsilon: the quantile tolerance of `adapt`.
        output_mode: `"int"` (default; int32 ids), `"one_hot"`, `"multi_hot"` or `"count"`.
        sparse: must stay False (no sparse outputs with PyTorch).

    Input shape:
        Any (`"multi_hot"`/`"count"`: rank 1 or 2).

    Output shape:
        Same as the input for `"int"`; see CategoryEncoding for the others.

    Example:

    >>> Discretization(bin_boundaries=[0.0, 1.0])(torch.tensor([-0.5, 0.5, 1.5])).tolist()
    [0, 1, 2]
    """

    def __init__(self, bin_boundaries=None, num_bins=None, epsilon=0.01, output_mode="int", sparse=False,
                 dtype=None, name=None):
        super().__init__(dtype=dtype, name=name)
        self.output_mode = choice(self, "output_mode", output_mode, ("int", "one_hot", "multi_hot", "count"))
        if sparse:
            raise ValueError(f"{where(self)}: sparse=True is not supported with PyTorch. Received: sparse={sparse}")
        self.sparse = False
        if num_bins is not None and (isinstance(num_bins, bool) or not isinstance(num_bins, int) or num_bins < 0):
            raise ValueError(f"{where(self)}: `num_bins` must be an integer >= 0. Received: num_bins={num_bins!r}")
        if num_bins is not None and bin_boundaries is not None:
            raise ValueError(f"{where(self)}: set `num_bins` or `bin_boundaries`, not both. Received: "
                             f"num_bins={num_bins} and bin_boundaries={bin_boundaries}")
        if num_bins is None and bin_boundaries is None:
            raise ValueError(f"{where(self)}: set either `num_bins` or `bin_boundaries`.")
        if isinstance(epsilon, bool) or not isinstance(epsilon, (int, float)) or not 0 < epsilon <= 1:
            raise ValueError(f"{where(self)}: `epsilon` must be a number in (0, 1]. Received: epsilon={epsilon!r}")
        if bin_boundaries is not None:
            bin_boundaries = _boundaries(self, bin_boundaries)
        self.bin_boundaries = bin_boundaries
        self.num_bins = num_bins
        self.epsilon = epsilon
        self.summary = None if bin_boundaries else np.array([[], []], dtype="float32")

    # ----------------------------------------------------------------- adapt
    def adapt(self, data, steps=None) -> None:
        """Learns `num_bins` quantile boundaries from an array, tensor or iterable of batches."""
        if self.num_bins is None:
            raise ValueError(f"{where(self)} was given `bin_boundaries`; use `num_bins` to adapt it.")
        self.summary = np.array([[], []], dtype="float32")
        if isinstance(data, (np.ndarray, torch.Tensor)):
            data = [data]
        for i, batch in enumerate(data):
            if steps is not None and i >= steps:
                break
            values = np.asarray(batch.cpu() if isinstance(batch, torch.Tensor) else batch).astype("float32")
            self.summary = _merge(_summarize(values, self.epsilon), self.summary, self.epsilon)
        self.bin_boundaries = _compress(self.summary, 1.0 / self.num_bins)[0, :-1].tolist()

    # ----------------------------------------------------------------- calling
    def call(self, inputs):
        if self.bin_boundaries is None:
            raise ValueError(f"{where(self)}: pass `bin_boundaries` or call `adapt(data)` before using the layer.")
        x = real_tensor(self, inputs)
        bins = torch.tensor(self.bin_boundaries, dtype=x.dtype, device=x.device)
        ids = torch.bucketize(x, bins, right=True)
        if self.output_mode == "int":
            return ids.to(torch.int32)
        return encode(self, ids, self.output_mode, len(self.bin_boundaries) + 1, self._torch_dtype)

    def compute_output_shape(self, input_shape):
        if self.output_mode == "int":
            return input_shape
        depth = len(self.bin_boundaries) + 1 if self.bin_boundaries is not None else self.num_bins
        return encoded_shape(input_shape, self.output_mode, depth)

    def get_config(self):
        return {
            "bin_boundaries": self.bin_boundaries,
            "num_bins": self.num_bins,
            "epsilon": self.epsilon,
            "output_mode": self.output_mode,
            "sparse": self.sparse,
            "name": self.name,
            "dtype": self.dtype,
        }

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        if isinstance(config.get("dtype"), dict):  # a Lamina/Keras DTypePolicy config
            config["dtype"] = config["dtype"].get("config", {}).get("name")
        boundaries = config.pop("bin_boundaries", None) if config.get("num_bins") is not None else None
        layer = cls(**config)
        if boundaries is not None:  # an adapted layer: learned boundaries beside num_bins
            layer.bin_boundaries = _boundaries(layer, boundaries)
        return layer


def _boundaries(layer, values) -> list:
    try:
        array = np.asarray(values, dtype="float64")
    except (TypeError, ValueError):
        array = None
    if array is None or array.ndim != 1 or not np.all(np.diff(array) >= 0) or np.isnan(array).any():
        raise ValueError(f"{where(layer)}: `bin_boundaries` must be a sorted list of numbers. Received: "
                         f"bin_boundaries={values!r}")
    return list(values)


# Keras's approximate-quantile summary (keras/src/layers/preprocessing/discretization.py):
# a summary is a 2 x n array of (value, weight) pairs, kept to about 1 / epsilon pairs.
def _summarize(values, epsilon):
    values = np.sort(values.reshape(-1))
    step = max(values.size / (1.0 / epsilon), 1)
    boundaries = values[int(step - 1)::int(step)]
    return np.stack([boundaries, np.ones_like(boundaries) * step])


def _merge(previous, new, epsilon):
    merged = np.concatenate((previous, new), axis=1)
    return _compress(np.take(merged, np.argsort(merged[0]), axis=1), epsilon)


def _compress(summary, epsilon):
    if summary.shape[1] * epsilon < 1:
        return summary
    percents = epsilon + np.arange(0.0, 1.0, epsilon)
    cum_weights = summary[1].cumsum()
    cum_percents = cum_weights / cum_weights[-1]
    new_bins = np.interp(percents, cum_percents, summary[0])
    cum_weights = np.interp(percents, cum_percents, cum_weights)
    new_weights = cum_weights - np.concatenate((np.array([0]), cum_weights[:-1]))
    return np.stack((new_bins, new_weights)).astype("float32")
