"""Permute: reorders the non-batch axes."""

from ..input_spec import InputSpec
from ..layer import Layer


class Permute(Layer):
    """Permutes the axes of each sample; `dims` are 1-based and exclude the batch axis.

    Args:
        dims: a permutation of `1..rank-1`, e.g. `(2, 1)` swaps the two sample axes.

    Output shape:
        The input shape with its non-batch axes reordered by `dims`.

    Example:

    >>> Permute((2, 1))(torch.zeros(4, 10, 64)).shape
    torch.Size([4, 64, 10])
    """

    def __init__(self, dims, **kwargs):
        super().__init__(**kwargs)
        dims = tuple(dims)
        if sorted(dims) != list(range(1, len(dims) + 1)):
            raise ValueError(
                "Invalid permutation argument `dims` for Permute Layer. The set of indices in "
                f"`dims` must be consecutive and start from 1. Received dims={dims}"
            )
        self.dims = dims
        self.input_spec = InputSpec(ndim=len(dims) + 1)

    def build(self, input_shape):
        pass  # no weights; Keras builds Permute on first call

    def call(self, inputs):
        return inputs.permute(0, *self.dims)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], *(input_shape[d] for d in self.dims))

    def get_config(self):
        return {**super().get_config(), "dims": self.dims}
