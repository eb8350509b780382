"""The math family of `keras.ops` (Keras exposes it at the top of `keras.ops` only)."""

from . import reductions, signal
from .reductions import *  # noqa: F403
from .signal import *  # noqa: F403

__all__ = sorted({*reductions.__all__, *signal.__all__})
