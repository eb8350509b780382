"""`keras.ops.numpy` on torch: the NumPy-like ops, one module per family."""

from . import (
    arithmetic,
    creation,
    elementwise,
    indexing,
    logic,
    manipulation,
    products,
    reductions,
    sorting,
    statistics,
)
from .arithmetic import *  # noqa: F403
from .creation import *  # noqa: F403
from .elementwise import *  # noqa: F403
from .indexing import *  # noqa: F403
from .logic import *  # noqa: F403
from .manipulation import *  # noqa: F403
from .products import *  # noqa: F403
from .reductions import *  # noqa: F403
from .sorting import *  # noqa: F403
from .statistics import *  # noqa: F403

_FAMILIES = (
    arithmetic,
    creation,
    elementwise,
    indexing,
    logic,
    manipulation,
    products,
    reductions,
    sorting,
    statistics,
)
__all__ = sorted({name for family in _FAMILIES for name in family.__all__})
