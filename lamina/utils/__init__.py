"""Helpers with Keras's names: `to_categorical`, `set_random_seed`, `clear_session`, `plot_model`."""

from .layer_utils import convert_dense_weights_data_format as convert_dense_weights_data_format
from .numerical import normalize as normalize
from .numerical import to_categorical as to_categorical
from .plotting import plot_history as plot_history
from .plotting import plot_model as plot_model
from .random import set_random_seed as set_random_seed
from .session import clear_session as clear_session
