"""Helpers with Keras's names: `to_categorical`, `set_random_seed`, `clear_session`, `plot_model`,
and data in: `get_file`, `pad_sequences`, the `*_dataset_from_*` builders, images, `PyDataset`."""

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
from .audio_dataset_utils import audio_dataset_from_directory as audio_dataset_from_directory
from .dataset_utils import split_dataset as split_dataset
from .file_utils import get_file as get_file
from .image_dataset_utils import image_dataset_from_directory as image_dataset_from_directory
from .image_utils import array_to_img as array_to_img
from .image_utils import img_to_array as img_to_array
from .image_utils import load_img as load_img
from .image_utils import save_img as save_img
from .layer_utils import convert_dense_weights_data_format as convert_dense_weights_data_format
from .numerical import normalize as normalize
from .numerical import to_categorical as to_categorical
from .plotting import plot_history as plot_history
from .plotting import plot_model as plot_model
from .progbar import Progbar as Progbar
from .py_dataset import PyDataset as PyDataset
from .py_dataset import Sequence as Sequence
from .random import set_random_seed as set_random_seed
from .sequence_utils import pad_sequences as pad_sequences
from .session import clear_session as clear_session
from .text_dataset_utils import text_dataset_from_directory as text_dataset_from_directory
from .timeseries_dataset_utils import timeseries_dataset_from_array as timeseries_dataset_from_array
