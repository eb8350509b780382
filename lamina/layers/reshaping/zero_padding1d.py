"""ZeroPadding1D: zeros at the start and end of each sequence."""

from .base_zero_padding import BaseZeroPadding


class ZeroPadding1D(BaseZeroPadding):
    """Adds zeros along the steps axis of a sequence: `(before, after)`.

    Args:
        padding: int (both ends) or `(before, after)`.
        data_format: `"channels_last"` (default, `(batch, steps, features)`) or
            `"channels_first"` (`(batch, features, steps)`).

    Input shape:
        `(batch, steps, features)` (channels_last).

    Output shape:
        `(batch, before + steps + after, features)`.

    Example:

    >>> ZeroPadding1D(2)(torch.zeros(2, 5, 3)).shape
    torch.Size([2, 9, 3])
    """

    rank = 1

    def __init__(self, padding=1, data_format: str | None = None, **kwargs):
        super().__init__(padding, data_format, **kwargs)

    def get_config(self):
        return {**super().get_config(), "padding": self.padding[0]}  # Keras writes one pair
