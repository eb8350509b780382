"""Symbolic tensors: shapes that flow through layers before any data exists.

`Input((32, 32, 3))` returns a `SymbolicTensor` with shape `(None, 32, 32, 3)`. Calling a
layer on it builds the layer, computes the output shape with `compute_output_shape`,
and records a `Node`, the edge that functional models are made of.
"""

import torch


class SymbolicTensor:
    """A shape (`None` for unknown sizes), a dtype name, and the node that produced it."""

    def __init__(self, shape, dtype: str = "float32", node=None, index: int = 0, name=None):
        self.shape = tuple(shape)
        self.dtype = dtype
        self.node = node
        self.index = index
        self.name = name

    @property
    def ndim(self) -> int:
        return len(self.shape)

    def __repr__(self):
        name = f", name={self.name}" if self.name else ""
        return f"<SymbolicTensor shape={self.shape}, dtype={self.dtype}{name}>"

    def __bool__(self):
        raise TypeError("A symbolic tensor has no value; it can't be used as a bool.")

    # Arithmetic on symbolic tensors would need a layer per op; Keras offers that via
    # `keras.ops`. We keep the surface explicit: use `layers.Add()` and friends.


class Node:
    """One call of `layer` on symbolic `inputs` (a tensor or a list), giving `outputs`."""

    def __init__(self, layer, inputs, outputs: list[SymbolicTensor]):
        self.layer = layer
        self.inputs = inputs
        self.outputs = outputs

    @property
    def input_tensors(self) -> list[SymbolicTensor]:
        return list(self.inputs) if isinstance(self.inputs, (list, tuple)) else [self.inputs]


def is_symbolic(value) -> bool:
    if isinstance(value, SymbolicTensor):
        return True
    return isinstance(value, (list, tuple)) and len(value) > 0 and all(
        isinstance(v, SymbolicTensor) for v in value
    )


def shape_of(value):
    """Shape(s) of a tensor, a symbolic tensor, or a list of them, with a `None` batch."""
    if isinstance(value, (list, tuple)):
        return [shape_of(v) for v in value]
    if isinstance(value, SymbolicTensor):
        return value.shape
    return (None, *value.shape[1:]) if value.dim() > 0 else ()


def dtype_name(value) -> str:
    if isinstance(value, SymbolicTensor):
        return value.dtype
    if isinstance(value, torch.Tensor):
        return str(value.dtype).removeprefix("torch.")
    return "float32"
