"""ZeroPadding2D: rows and columns of zeros around each image."""

import torch.nn.functional as F

from ...config import standardize_data_format
from ..input_spec import InputSpec
from ..layer import Layer


def _normalize_padding(padding):
    value = padding
    if isinstance(padding, int) and not isinstance(padding, bool):
        padding = (padding, padding)
    try:
        rows, cols = padding
    except (TypeError, ValueError):
        rows = cols = None
    pairs = []
    for value in (rows, cols):
        if isinstance(value, int) and not isinstance(value, bool):
            pairs.append((value, value))
        elif isinstance(value, (list, tuple)) and len(value) == 2 and all(isinstance(v, int) for v in value):
            pairs.append(tuple(value))
        else:
            pairs = None
            break
    if pairs is None or any(v < 0 for pair in pairs for v in pair):
        raise ValueError(
            "`padding` should be an int, a tuple of 2 non-negative ints, or a tuple of 2 tuples of 2 "
            f"non-negative ints. Received: padding={value!r}"
        )
    return tuple(pairs)


class ZeroPadding2D(Layer):
    """Adds zeros around the spatial axes: `((top, bottom), (left, right))`.

    Args:
        padding: int (all sides), `(rows, cols)` (symmetric), or
            `((top, bottom), (left, right))`.
        data_format: `"channels_last"` (default) or `"channels_first"`.

    Example:

    >>> ZeroPadding2D(1)(torch.zeros(2, 5, 5, 3)).shape
    torch.Size([2, 7, 7, 3])
    """

    def __init__(self, padding=(1, 1), data_format: str | None = None, **kwargs):
        super().__init__(**kwargs)
        self.padding = _normalize_padding(padding)
        self.data_format = standardize_data_format(data_format)
        self.input_spec = InputSpec(ndim=4)

    def call(self, inputs):
        (top, bottom), (left, right) = self.padding
        if self.data_format == "channels_last":
            return F.pad(inputs, (0, 0, left, right, top, bottom))
        return F.pad(inputs, (left, right, top, bottom))

    def compute_output_shape(self, input_shape):
        (top, bottom), (left, right) = self.padding
        rows, cols = (1, 2) if self.data_format == "channels_last" else (2, 3)
        shape = list(input_shape)
        if shape[rows] is not None:
            shape[rows] += top + bottom
        if shape[cols] is not None:
            shape[cols] += left + right
        return tuple(shape)

    def get_config(self):
        return {**super().get_config(), "padding": self.padding, "data_format": self.data_format}
