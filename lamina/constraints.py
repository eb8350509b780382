"""Weight constraints with Keras's names: projections applied to a variable after each
optimizer update (`kernel_constraint=MaxNorm(2)`).

Each constraint is a callable `constraint(w) -> w'` on torch tensors. The lower-case names
(`max_norm`, `non_neg`, ...) are the classes themselves, as in Keras.
"""

import torch

from . import config, registry


def _norms(w, axis):
    return torch.sqrt(torch.sum(torch.square(w), dim=axis, keepdim=True))


def _as_float(w):
    w = torch.as_tensor(w)
    return w if w.is_floating_point() else w.to(getattr(torch, config.floatx()))


class Constraint:
    """Base class: `constraint(w)` returns the projected weights (here: `w` unchanged)."""

    def __call__(self, w):
        return w

    def get_config(self) -> dict:
        return {}

    @classmethod
    def from_config(cls, config: dict):
        return cls(**config)


class MaxNorm(Constraint):
    """Rescales each slice whose L2 norm along `axis` is above `max_value` down to it.

    Args:
        max_value: The largest allowed norm. Defaults to `2`.
        axis: The axis (or axes) the norm is taken along; `0` (the default) constrains each
            output unit of a Dense kernel `(in, units)`, `[0, 1, 2]` each filter of a
            Conv2D kernel `(h, w, in, out)`.
    """

    def __init__(self, max_value=2, axis=0):
        self.max_value, self.axis = max_value, axis

    def __call__(self, w):
        w = _as_float(w)
        norms = _norms(w, self.axis)
        desired = torch.clamp(norms, 0, self.max_value)
        return w * (desired / (config.epsilon() + norms))

    def get_config(self):
        return {"max_value": self.max_value, "axis": self.axis}


class NonNeg(Constraint):
    """Sets negative weights to 0."""

    def __call__(self, w):
        w = torch.as_tensor(w)
        return torch.clamp(w, min=0)


class UnitNorm(Constraint):
    """Scales each slice along `axis` to unit L2 norm.

    Args:
        axis: The axis (or axes) the norm is taken along. Defaults to `0`.
    """

    def __init__(self, axis=0):
        self.axis = axis

    def __call__(self, w):
        w = _as_float(w)
        return w / (config.epsilon() + _norms(w, self.axis))

    def get_config(self):
        return {"axis": self.axis}


class MinMaxNorm(Constraint):
    """Moves each slice's L2 norm along `axis` into `[min_value, max_value]`.

    Args:
        min_value: The smallest allowed norm. Defaults to `0.0`.
        max_value: The largest allowed norm. Defaults to `1.0`.
        rate: How far to move: `norm' = rate * clip(norm) + (1 - rate) * norm`; `1.0`
            (the default) clips outright.
        axis: The axis (or axes) the norm is taken along. Defaults to `0`.
    """

    def __init__(self, min_value=0.0, max_value=1.0, rate=1.0, axis=0):
        self.min_value, self.max_value, self.rate, self.axis = min_value, max_value, rate, axis

    def __call__(self, w):
        w = _as_float(w)
        norms = _norms(w, self.axis)
        desired = self.rate * torch.clamp(norms, self.min_value, self.max_value) + (
            1 - self.rate
        ) * norms
        return w * (desired / (config.epsilon() + norms))

    def get_config(self):
        return {"min_value": self.min_value, "max_value": self.max_value, "rate": self.rate,
                "axis": self.axis}


# Keras exports each class under a lower-case name too (`keras.constraints.max_norm`).
max_norm = MaxNorm
min_max_norm = MinMaxNorm
non_neg = NonNeg
unit_norm = UnitNorm

registry.register_builtin("constraints", Constraint)
registry.register_builtin("constraints", MaxNorm, "max_norm")
registry.register_builtin("constraints", MinMaxNorm, "min_max_norm")
registry.register_builtin("constraints", NonNeg, "non_neg")
registry.register_builtin("constraints", UnitNorm, "unit_norm")


def serialize(constraint):
    """A constraint as the dict Keras writes (`{"module", "class_name", "config", ...}`)."""
    return registry.serialize_keras_object(constraint)


def deserialize(config, custom_objects=None):
    """Rebuilds a constraint from `serialize()` output or a name."""
    return registry.deserialize_keras_object(config, custom_objects, kind="constraints")


def get(identifier):
    """Resolves `None`, a name (`"max_norm"`, `"NonNeg"`), a config dict, a constraint or a
    callable to a constraint (`None` stays `None`)."""
    if identifier is None or isinstance(identifier, Constraint):
        return identifier
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str):
        found = registry.lookup("constraints", identifier)
        if found is None:
            raise registry.unknown("constraints", identifier, "constraint")
        return found() if isinstance(found, type) else found
    if isinstance(identifier, type) and issubclass(identifier, Constraint):
        return identifier()
    if callable(identifier):
        return identifier
    raise ValueError(
        f"Could not interpret constraint identifier: {identifier!r}. Expected a name, a config "
        "dict, a `Constraint` or a callable `w -> w`."
    )
