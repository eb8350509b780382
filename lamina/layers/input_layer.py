"""`Input(shape)`: the symbolic entry point of a model."""

from ..shapes import as_shape
from ..tensors import standardize_dtype
from .layer import Layer
from .symbolic import Node, SymbolicTensor


class InputLayer(Layer):
    """Holds a model input's shape; its output is the symbolic tensor `Input` returns.

    Args:
        shape: shape of one sample (no batch axis), `None` for unknown sizes.
        batch_size: optional fixed batch size.
        dtype: dtype name of the input (`"float32"` by default).
        batch_shape: the full shape including the batch axis (instead of `shape`).
    """

    def __init__(self, shape=None, batch_size=None, dtype=None, batch_shape=None, name=None, **kwargs):
        for key in ("sparse", "ragged", "optional"):
            if kwargs.pop(key, False):
                raise ValueError(f"InputLayer: `{key}=True` is not supported by Lamina.")
        super().__init__(name=name, **kwargs)
        if batch_shape is not None:
            if shape is not None:
                raise ValueError("InputLayer takes `shape` or `batch_shape`, not both.")
            batch_shape = as_shape(batch_shape, "batch_shape")
        else:
            if shape is None:
                raise ValueError("InputLayer needs a `shape` (without the batch axis), e.g. shape=(32, 32, 3).")
            batch_shape = (batch_size, *as_shape(shape, "shape"))
        self.batch_shape = batch_shape
        self.input_dtype = standardize_dtype(dtype)
        tensor = SymbolicTensor(batch_shape, self.input_dtype, name=self.name)
        tensor.node = Node(self, [], [tensor])
        self._inbound_nodes.append(tensor.node)

    def call(self, inputs):
        return inputs

    def get_config(self):
        return {
            "batch_shape": self.batch_shape,
            "dtype": self.input_dtype,
            "sparse": False,
            "ragged": False,
            "name": self.name,
            "optional": False,
        }


def Input(shape=None, batch_size=None, dtype=None, name=None, batch_shape=None) -> SymbolicTensor:
    """A symbolic model input: `Input((32, 32, 3)).shape == (None, 32, 32, 3)`.

    Args:
        shape: shape of one sample, without the batch axis (a tuple, not a bare int).
        batch_size: optional fixed batch size.
        dtype: dtype name, `"float32"` by default.
        name: optional name of the input.
        batch_shape: the full shape including the batch axis, instead of `shape`.
    """
    layer = InputLayer(shape=shape, batch_size=batch_size, dtype=dtype, name=name, batch_shape=batch_shape)
    return layer.output
