"""`keras.backend` on Lamina: there is one backend, torch, and these are its settings and
dtype utilities under Keras's names."""

from .config import epsilon as epsilon
from .config import floatx as floatx
from .config import image_data_format as image_data_format
from .config import set_epsilon as set_epsilon
from .config import set_floatx as set_floatx
from .config import set_image_data_format as set_image_data_format
from .layers.symbolic import SymbolicTensor
from .naming import get_uid as get_uid
from .naming import reset_names, reset_uids
from .ops.dtypes import is_float_dtype as is_float_dtype
from .ops.dtypes import is_int_dtype as is_int_dtype
from .ops.dtypes import result_type as result_type
from .ops.dtypes import standardize_dtype as standardize_dtype


def backend() -> str:
    """The name of the backend: always `"torch"`."""
    return "torch"


def is_keras_tensor(x) -> bool:
    """Whether `x` is a symbolic tensor from `Input(...)` or a layer called on one."""
    return isinstance(x, SymbolicTensor)


def clear_session() -> None:
    """Restarts automatic layer naming (`dense`, `dense_1`, ... begin again) and `get_uid`."""
    reset_names()
    reset_uids()
