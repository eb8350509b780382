"""RepeatVector: a vector repeated n times along a new steps axis."""

from ..input_spec import InputSpec
from ..layer import Layer
from ._allocation import output_allocation


class RepeatVector(Layer):
    """Repeats each sample's vector `n` times: `(batch, features)` -> `(batch, n, features)`.

    Args:
        n: a positive int, the number of repetitions.

    Example:

    >>> RepeatVector(3)(torch.zeros(2, 5)).shape
    torch.Size([2, 3, 5])
    """

    def __init__(self, n: int, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(n, int) or isinstance(n, bool):
            raise TypeError(f"RepeatVector: expected an integer value for `n`, got {type(n)}.")
        if n <= 0:
            raise ValueError(f"RepeatVector: argument `n` should be a positive integer. Received: n={n}")
        self.n = n
        self.input_spec = InputSpec(ndim=2)

    def call(self, inputs):
        with output_allocation(self, (inputs.shape[0], self.n, inputs.shape[1])):
            return inputs.unsqueeze(1).repeat(1, self.n, 1)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.n, input_shape[1])

    def get_config(self):
        return {**super().get_config(), "n": self.n}
