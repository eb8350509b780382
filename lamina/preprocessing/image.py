"""`keras.preprocessing.image`: image loading and conversion (aliases of `lamina.utils`)."""

from ..utils.image_utils import array_to_img as array_to_img
from ..utils.image_utils import img_to_array as img_to_array
from ..utils.image_utils import load_img as load_img
from ..utils.image_utils import save_img as save_img
from ..utils.smart_resize import smart_resize as smart_resize
