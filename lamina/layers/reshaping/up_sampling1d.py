"""UpSampling1D: each step of a sequence repeated."""

from .base_up_sampling import BaseUpSampling


class UpSampling1D(BaseUpSampling):
    """Repeats each step `size` times along the steps axis.

    Args:
        size: a positive int.

    Input shape:
        `(batch, steps, features)`.

    Output shape:
        `(batch, steps * size, features)`.

    Example:

    >>> UpSampling1D(3)(torch.zeros(2, 4, 5)).shape
    torch.Size([2, 12, 5])
    """

    rank = 1

    def __init__(self, size: int = 2, **kwargs):
        if not isinstance(size, int) or isinstance(size, bool):
            raise TypeError(f"UpSampling1D: expected an integer value for `size`, got {type(size)}.")
        if size <= 0:
            raise ValueError(f"UpSampling1D: argument `size` should be a positive integer. Received: size={size}")
        # Keras's UpSampling1D has no data_format: the steps axis is always axis 1.
        super().__init__(size, "channels_last", "nearest", **kwargs)

    def get_config(self):
        config = super().get_config()
        del config["data_format"]
        return {**config, "size": self.size[0]}
