"""Helpers with Keras's names: `to_categorical`, `set_random_seed`, `clear_session`, `plot_model`,
and data in: `get_file`, `pad_sequences`, the `*_dataset_from_*` builders, images, `PyDataset`.

The public surface is `_EXPORTS`, one line per name; each loads its module on first use, so
`lamina.utils` alone does not import Pillow, matplotlib or the training engine.
"""

from ..registry import CustomObjectScope as CustomObjectScope
from ..registry import custom_object_scope as custom_object_scope
from ..registry import deserialize_keras_object as deserialize_keras_object
from ..registry import get_custom_objects as get_custom_objects
from ..registry import get_registered_name as get_registered_name
from ..registry import get_registered_object as get_registered_object
from ..registry import lazy_exports as _lazy_exports
from ..registry import register_keras_serializable as register_keras_serializable
from ..registry import serialize_keras_object as serialize_keras_object

_EXPORTS = {
    "is_keras_tensor": "..backend",
    "standardize_dtype": "..ops.dtypes",
    "pack_x_y_sample_weight": "..training.data",
    "unpack_x_y_sample_weight": "..training.data",
    "bounding_boxes": ".bounding_boxes",
    "audio_dataset_from_directory": ".audio_dataset_utils",
    "Config": ".config_dict",
    "split_dataset": ".dataset_utils",
    "get_file": ".file_utils",
    "image_dataset_from_directory": ".image_dataset_utils",
    "array_to_img": ".image_utils",
    "img_to_array": ".image_utils",
    "load_img": ".image_utils",
    "save_img": ".image_utils",
    "disable_interactive_logging": ".io_utils",
    "enable_interactive_logging": ".io_utils",
    "is_interactive_logging_enabled": ".io_utils",
    "convert_dense_weights_data_format": ".layer_utils",
    "normalize": ".numerical",
    "to_categorical": ".numerical",
    "plot_histories": ".plotting",
    "plot_history": ".plotting",
    "plot_model": ".plotting",
    "Progbar": ".progbar",
    "PyDataset": ".py_dataset",
    "Sequence": ".py_dataset",
    "set_random_seed": ".random",
    "pad_sequences": ".sequence_utils",
    "clear_session": ".session",
    "get_source_inputs": ".source_inputs",
    "text_dataset_from_directory": ".text_dataset_utils",
    "timeseries_dataset_from_array": ".timeseries_dataset_utils",
}

__getattr__, __dir__, _LAZY = _lazy_exports(__name__, _EXPORTS)
__all__ = sorted({*_LAZY, *(name for name in globals() if not name.startswith("_"))})
