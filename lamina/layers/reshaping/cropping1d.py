"""Cropping1D: steps removed from the start and end of each sequence."""

from .base_cropping import BaseCropping


class Cropping1D(BaseCropping):
    """Removes steps from both ends of the steps axis, `(batch, steps, features)`.

    Args:
        cropping: int (both ends) or `(start, end)`.

    Output shape:
        `(batch, steps - start - end, features)`; at least one step must remain.

    Example:

    >>> Cropping1D((1, 2))(torch.zeros(2, 6, 3)).shape
    torch.Size([2, 3, 3])
    """

    rank = 1

    def __init__(self, cropping=(1, 1), **kwargs):
        # Keras's Cropping1D has no data_format: the steps axis is always axis 1.
        super().__init__(cropping, "channels_last", **kwargs)

    def get_config(self):
        config = super().get_config()
        del config["data_format"]
        return {**config, "cropping": self.cropping[0]}
