"""Weight penalties added to the training loss (`kernel_regularizer="l2"`)."""

import math

import torch

from . import config, registry


class Regularizer:
    """Base class: `regularizer(weight)` returns a scalar penalty (here: 0)."""

    def __call__(self, weight: torch.Tensor) -> torch.Tensor:
        return torch.zeros((), dtype=weight.dtype, device=weight.device)

    def get_config(self) -> dict:
        return {}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def _check_factor(name, value):
    if (not isinstance(value, (int, float)) or isinstance(value, bool) or math.isinf(value)
            or math.isnan(value) or value < 0):
        raise ValueError(
            f"Value for argument `{name}` must be a non-negative float. Received: {name}={value}"
        )
    return float(value)


def _float32(value: float) -> float:
    # Keras keeps these factors as float32 tensors, so configs hold the float32 value.
    return torch.tensor(value, dtype=torch.float32).item()


class L1L2(Regularizer):
    """`l1 * sum(|w|) + l2 * sum(w**2)`."""

    def __init__(self, l1=0.0, l2=0.0):
        self.l1 = _check_factor("l1", 0.0 if l1 is None else l1)
        self.l2 = _check_factor("l2", 0.0 if l2 is None else l2)

    def __call__(self, weight):
        penalty = weight.new_zeros(())
        if self.l1:
            penalty = penalty + self.l1 * weight.abs().sum()
        if self.l2:
            penalty = penalty + self.l2 * weight.square().sum()
        return penalty

    def get_config(self):
        return {"l1": self.l1, "l2": self.l2}


class L1(L1L2):
    """`l1 * sum(|w|)`."""

    def __init__(self, l1=0.01):
        super().__init__(l1=_float32(_check_factor("l1", 0.01 if l1 is None else l1)))

    def get_config(self):
        return {"l1": self.l1}


class L2(L1L2):
    """`l2 * sum(w**2)`."""

    def __init__(self, l2=0.01):
        super().__init__(l2=0.01 if l2 is None else l2)

    def get_config(self):
        return {"l2": self.l2}


class OrthogonalRegularizer(Regularizer):
    """Penalizes non-orthogonal rows (or columns) of a 2D weight: `factor` times the mean
    absolute cosine similarity over the pairs of distinct rows, halved.

    Args:
        factor: The multiplier. Defaults to `0.01`.
        mode: `"rows"` (the default) or `"columns"`: which vectors should be orthogonal.
    """

    def __init__(self, factor=0.01, mode="rows"):
        self.factor = _float32(_check_factor("factor", factor))
        if mode not in ("rows", "columns"):
            raise ValueError(
                "Invalid value for argument `mode` of OrthogonalRegularizer. Expected one of "
                f"'rows', 'columns'. Received: mode={mode!r}"
            )
        self.mode = mode

    def __call__(self, weight):
        if weight.ndim != 2:
            raise ValueError(
                "Inputs to OrthogonalRegularizer must have rank 2. Received: "
                f"inputs.shape={tuple(weight.shape)}. Use it on Dense kernels (in, units)."
            )
        vectors = weight if self.mode == "rows" else weight.T
        inv_norm = torch.rsqrt(torch.sum(torch.square(vectors), dim=1, keepdim=True))
        vectors = vectors * torch.clamp(inv_norm, max=1.0 / config.epsilon())
        size = vectors.shape[0]
        product = vectors @ vectors.T
        off_diagonal = product * (1.0 - torch.eye(size, dtype=weight.dtype, device=weight.device))
        pairs = size * (size - 1.0) / 2.0
        return self.factor * 0.5 * torch.sum(torch.abs(off_diagonal)) / pairs

    def get_config(self):
        return {"factor": self.factor, "mode": self.mode}


# Keras's lower-case names are the classes themselves (`keras.regularizers.l2(0.01)`).
l1, l2, l1_l2, orthogonal_regularizer = L1, L2, L1L2, OrthogonalRegularizer

registry.register_builtin("regularizers", Regularizer, "regularizer")
registry.register_builtin("regularizers", L1, "l1")
registry.register_builtin("regularizers", L2, "l2")
registry.register_builtin("regularizers", L1L2, "l1l2")
registry.register_builtin("regularizers", OrthogonalRegularizer, "orthogonal_regularizer")
# Keras's "l1_l2" name means both factors at 0.01, not L1L2's defaults of 0.
_NAMED_DEFAULTS = {"l1_l2": lambda: L1L2(l1=0.01, l2=0.01)}


def get(identifier):
    if identifier is None or isinstance(identifier, Regularizer):
        return identifier
    if isinstance(identifier, str):
        if identifier.lower() in _NAMED_DEFAULTS:
            return _NAMED_DEFAULTS[identifier.lower()]()
        cls = registry.lookup("regularizers", identifier) or registry.lookup("regularizers", identifier.lower())
        if cls is None:
            raise registry.unknown("regularizers", identifier)
        return cls()
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, type) and issubclass(identifier, Regularizer):
        return identifier()  # a class, as Keras accepts: `kernel_regularizer=L2`
    if callable(identifier):
        return identifier
    raise TypeError(f"Could not interpret regularizer identifier: {identifier!r}")


def serialize(regularizer):
    return registry.serialize_keras_object(regularizer)


def deserialize(config, custom_objects=None):
    return registry.deserialize_keras_object(config, custom_objects, kind="regularizers")
