"""Weight penalties added to the training loss (`kernel_regularizer="l2"`)."""

import torch

from . import registry


class Regularizer:
    """Base class: `regularizer(weight)` returns a scalar penalty tensor."""

    def __call__(self, weight: torch.Tensor) -> torch.Tensor:
        raise NotImplementedError

    def get_config(self) -> dict:
        return {}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def _check_factor(name, value):
    if value is None or not isinstance(value, (int, float)) or value < 0:
        raise ValueError(f"Value for argument `{name}` must be a non-negative float. Received: {name}={value}")
    return float(value)


class L1L2(Regularizer):
    """`l1 * sum(|w|) + l2 * sum(w**2)`."""

    def __init__(self, l1=0.0, l2=0.0):
        self.l1 = _check_factor("l1", l1)
        self.l2 = _check_factor("l2", l2)

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
    def __init__(self, l1=0.01):
        super().__init__(l1=l1)

    def get_config(self):
        return {"l1": self.l1}


class L2(L1L2):
    def __init__(self, l2=0.01):
        super().__init__(l2=l2)

    def get_config(self):
        return {"l2": self.l2}


registry.register_builtin("regularizers", L1, "l1")
registry.register_builtin("regularizers", L2, "l2")
registry.register_builtin("regularizers", L1L2)
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
    if callable(identifier):
        return identifier
    raise TypeError(f"Could not interpret regularizer identifier: {identifier!r}")


def serialize(regularizer):
    return registry.serialize_keras_object(regularizer)


def deserialize(config, custom_objects=None):
    return registry.deserialize_keras_object(config, custom_objects, kind="regularizers")
