"""`keras.ops.nn` on torch: activations, convolutions, pooling, losses, normalizations."""

from . import activations, attention, convolution, ctc, encoding, losses, normalization, pooling
from .activations import *  # noqa: F403
from .attention import *  # noqa: F403
from .convolution import *  # noqa: F403
from .ctc import *  # noqa: F403
from .encoding import *  # noqa: F403
from .losses import *  # noqa: F403
from .normalization import *  # noqa: F403
from .pooling import *  # noqa: F403

_FAMILIES = (activations, attention, convolution, ctc, encoding, losses, normalization, pooling)
__all__ = sorted({name for family in _FAMILIES for name in family.__all__})
