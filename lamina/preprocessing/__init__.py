"""`keras.preprocessing`: Keras's older home for the data utilities, kept as aliases of
`lamina.utils` (`image`, `sequence`, and the `*_dataset_from_*` builders)."""

from ..utils.image_dataset_utils import image_dataset_from_directory as image_dataset_from_directory
from ..utils.text_dataset_utils import text_dataset_from_directory as text_dataset_from_directory
from ..utils.timeseries_dataset_utils import (
    timeseries_dataset_from_array as timeseries_dataset_from_array,
)
from . import image as image
from . import sequence as sequence
