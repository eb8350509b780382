"""SpatialDropout1D/2D/3D: Dropout of whole feature maps (channels), not single entries."""

from ...config import standardize_data_format
from ..input_spec import InputSpec
from .dropout import Dropout
from .noise import dropout


class BaseSpatialDropout(Dropout):
    """Dropout with one keep/drop decision per (sample, channel), shared by every position.

    Keras gives these layers a narrow signature (`rate`, `data_format`, `seed`, `name`,
    `dtype`) and a config of exactly those keys; Lamina keeps both.
    """

    rank = 0

    def __init__(self, rate, data_format=None, seed=None, name=None, dtype=None):
        super().__init__(rate, seed=seed, name=name, dtype=dtype)
        self.data_format = standardize_data_format(data_format)
        self.input_spec = InputSpec(ndim=self.rank + 2)

    def call(self, inputs, training=False):
        if not training or self.rate == 0:
            return inputs
        shape = [1] * inputs.dim()
        shape[0] = inputs.shape[0]
        channel_axis = 1 if self.data_format == "channels_first" else -1
        shape[channel_axis] = inputs.shape[channel_axis]
        return dropout(self, inputs, self.rate, tuple(shape), self._generator)

    def get_config(self):
        return {"rate": self.rate, "seed": self.seed, "name": self.name, "dtype": self.dtype,
                "data_format": self.data_format}


class SpatialDropout1D(BaseSpatialDropout):
    """Drops whole channels of `(batch, steps, channels)` sequences in training.

    Args:
        rate: fraction of the channels to drop, between 0 and 1.
        seed: optional int seed.

    Input shape:
        `(batch, steps, channels)`. Output shape: the same.

    Example:

    >>> SpatialDropout1D(0.5)(torch.ones(2, 5, 3)).shape
    torch.Size([2, 5, 3])
    """

    rank = 1

    def __init__(self, rate, seed=None, name=None, dtype=None):
        super().__init__(rate, data_format="channels_last", seed=seed, name=name, dtype=dtype)

    def get_config(self):
        config = super().get_config()
        del config["data_format"]  # Keras's SpatialDropout1D has no data_format
        return config


class SpatialDropout2D(BaseSpatialDropout):
    """Drops whole feature maps of images in training.

    Args:
        rate: fraction of the channels to drop, between 0 and 1.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        seed: optional int seed.

    Input shape:
        `(batch, rows, cols, channels)` (channels_last). Output shape: the same.

    Example:

    >>> SpatialDropout2D(0.5)(torch.ones(2, 4, 4, 3)).shape
    torch.Size([2, 4, 4, 3])
    """

    rank = 2


class SpatialDropout3D(BaseSpatialDropout):
    """Drops whole feature maps of volumes in training.

    Args:
        rate: fraction of the channels to drop, between 0 and 1.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        seed: optional int seed.

    Input shape:
        `(batch, d1, d2, d3, channels)` (channels_last). Output shape: the same.

    Example:

    >>> SpatialDropout3D(0.5)(torch.ones(2, 3, 3, 3, 4)).shape
    torch.Size([2, 3, 3, 3, 4])
    """

    rank = 3
