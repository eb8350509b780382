"""`keras.ops.image` on torch: color, resizing, geometric transforms, patches, filters.

Images are 3D (one image) or 4D (a batch), channels_last by default.
"""

from . import color, filters, geometry, patches, resizing, sampling
from .color import *  # noqa: F403
from .filters import *  # noqa: F403
from .geometry import *  # noqa: F403
from .patches import *  # noqa: F403
from .resizing import *  # noqa: F403
from .sampling import *  # noqa: F403

_FAMILIES = (color, filters, geometry, patches, resizing, sampling)
__all__ = sorted({name for family in _FAMILIES for name in family.__all__})
