"""Validation of the scalar arguments the activation layers take (slopes, caps, alphas)."""

import math


def check_scalar(layer, name: str, value, *, minimum: float | None = None, allow_none=False):
    """A real number (not a bool, not NaN) at or above `minimum`, else a ValueError/TypeError
    naming the layer, the argument and the value."""
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(
            f"{type(layer).__name__} '{layer.name}': `{name}` must be a number. "
            f"Received: {name}={value!r}"
        )
    if math.isnan(value) or (minimum is not None and value < minimum):
        rule = "a number" if minimum is None else f"a number >= {minimum}"
        raise ValueError(
            f"{name} of a {type(layer).__name__} layer ('{layer.name}') must be {rule}. "
            f"Received: {name}={value!r}"
        )
    return value
