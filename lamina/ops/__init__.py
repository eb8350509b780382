"""`keras.ops` on torch: the op language custom Keras code is written in.

Every function takes tensors, numpy arrays, Python scalars or lists and returns torch
tensors with Keras 3's dtypes (see `dtypes.result_type`). The families live in submodules
as in Keras (`numpy`, `nn`, `image`, `linalg`, `math`, `core`); like `keras.ops`, this
package also exposes every function of `numpy`, `nn`, `linalg`, `math` and `core` at the
top level (`image` is only a submodule).
"""

from . import core, image, linalg, math, nn, numpy  # noqa: F401
from .core import *  # noqa: F403
from .einops import rearrange  # noqa: F401
from .linalg import *  # noqa: F403
from .math import *  # noqa: F403
from .nn import *  # noqa: F403
from .numpy import *  # noqa: F403
