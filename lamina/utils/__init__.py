"""Helpers with Keras's names: `to_categorical`, `set_random_seed`, `clear_session`, `plot_model`."""

from ..registry import CustomObjectScope as CustomObjectScope
from ..registry import custom_object_scope as custom_object_scope
from ..registry import deserialize_keras_object as deserialize_keras_object
from ..registry import get_custom_objects as get_custom_objects
from ..registry import get_registered_name as get_registered_name
from ..registry import get_registered_object as get_registered_object
from ..registry import register_keras_serializable as register_keras_serializable
from ..registry import serialize_keras_object as serialize_keras_object
from ..training.data import pack_x_y_sample_weight as pack_x_y_sample_weight
from ..training.data import unpack_x_y_sample_weight as unpack_x_y_sample_weight
from .layer_utils import convert_dense_weights_data_format as convert_dense_weights_data_format
from .numerical import normalize as normalize
from .numerical import to_categorical as to_categorical
from .plotting import plot_history as plot_history
from .plotting import plot_model as plot_model
from .random import set_random_seed as set_random_seed
from .session import clear_session as clear_session
