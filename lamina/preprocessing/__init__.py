"""`keras.preprocessing`: Keras's older home for the data utilities, kept as aliases of
`lamina.utils` (`image`, `sequence`, and the `*_dataset_from_*` builders).

The public names load on first use (`_EXPORTS`, one line per name).
"""

from .. import registry as _registry

_EXPORTS = {
    "image_dataset_from_directory": "..utils.image_dataset_utils",
    "text_dataset_from_directory": "..utils.text_dataset_utils",
    "timeseries_dataset_from_array": "..utils.timeseries_dataset_utils",
    "image": ".image",
    "sequence": ".sequence",
}

__getattr__, __dir__, __all__ = _registry.lazy_exports(__name__, _EXPORTS)
