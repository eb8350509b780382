"""Symbolic tensors: shapes that flow through layers before any data exists.

`Input((32, 32, 3))` returns a `SymbolicTensor` with shape `(None, 32, 32, 3)`. Calling a
layer on it builds the layer, computes the output shape with `compute_output_shape`,
and records a `Node`, the edge that functional models are made of.

A layer that does not define `compute_output_shape` (a user's subclass) is traced
instead, as Keras-on-torch does: its `call` runs twice on meta-device tensors (shapes
without memory), with every unknown size set to 83 and then to 89; sizes that differ
between the two runs are unknown (`None`) in the result.
"""

import contextlib

import torch

from ..tensors import torch_dtype
from .call_context import BUILD_LOCK
from .variable import meta_twin

_TRACE_SIZES = (83, 89)


class SymbolicTensor:
    """A shape (`None` for unknown sizes), a dtype name, and the node that produced it.

    `_keras_mask` is the symbolic mask (a bool `SymbolicTensor`) when a masking layer
    (Embedding with `mask_zero=True`, Masking) produced this tensor, else None.
    """

    def __init__(self, shape, dtype: str = "float32", node=None, index: int = 0, name=None):
        self.shape = tuple(shape)
        self.dtype = dtype
        self.node = node
        self.index = index
        self.name = name
        self._keras_mask = None

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
    """One call of `layer` on symbolic `inputs` (a tensor or a list), giving `outputs`.

    `args` and `kwargs` are the call's other arguments (they may hold symbolic tensors);
    `input_tensors` lists the first argument's tensors, `all_input_tensors` every one.
    """

    def __init__(self, layer, inputs, outputs: list[SymbolicTensor], args=(), kwargs=None):
        self.layer = layer
        self.inputs = inputs
        self.outputs = outputs
        self.args = tuple(args)
        self.kwargs = dict(kwargs or {})

    @property
    def input_tensors(self) -> list[SymbolicTensor]:
        return list(self.inputs) if isinstance(self.inputs, (list, tuple)) else [self.inputs]

    @property
    def all_input_tensors(self) -> list[SymbolicTensor]:
        extra = _flatten([self.args, self.kwargs])
        return self.input_tensors + [t for t in extra if isinstance(t, SymbolicTensor)]


def is_symbolic(value) -> bool:
    if isinstance(value, SymbolicTensor):
        return True
    return isinstance(value, (list, tuple)) and len(value) > 0 and all(
        isinstance(v, SymbolicTensor) for v in value
    )


def any_symbolic(*values) -> bool:
    return any(isinstance(v, SymbolicTensor) for v in _flatten(values))


def shape_of(value):
    """Shape(s) of a tensor, a symbolic tensor, or a list of them, with a `None` batch."""
    if isinstance(value, (list, tuple)):
        return [shape_of(v) for v in value]
    if isinstance(value, SymbolicTensor):
        return value.shape
    return (None, *value.shape[1:]) if value.ndim > 0 else ()  # a tensor, or a numpy str array


def dtype_name(value) -> str:
    if isinstance(value, SymbolicTensor):
        return value.dtype
    if isinstance(value, torch.Tensor):
        return str(value.dtype).removeprefix("torch.")
    return "float32"


# --------------------------------------------------------------------- meta tracing
@contextlib.contextmanager
def meta_weights(module: torch.nn.Module):
    """Swaps every parameter and buffer under `module` for a meta-device twin, then back.

    The layer's real weights are never touched, so a call on meta tensors cannot copy
    out of them or move them. Not safe against a concurrent real call of the same layer
    in another thread (it would see the twins); tracing happens while a model is built.
    """
    swapped = []
    with BUILD_LOCK:
        try:
            for sub in module.modules():
                for table in (sub._parameters, sub._buffers):
                    for key, tensor in table.items():
                        if tensor is not None and not tensor.is_meta:
                            swapped.append((table, key, tensor))
                            table[key] = meta_twin(tensor)
            yield
        finally:
            for table, key, tensor in swapped:
                table[key] = tensor


def to_meta(value, size: int):
    """SymbolicTensors (unknown sizes set to `size`) and real tensors -> meta tensors."""
    if isinstance(value, (list, tuple)):
        return type(value)(to_meta(v, size) for v in value)
    if isinstance(value, dict):
        return {k: to_meta(v, size) for k, v in value.items()}
    if isinstance(value, SymbolicTensor):
        shape = tuple(size if d is None else d for d in value.shape)
        tensor = torch.empty(shape, dtype=torch_dtype(value.dtype), device="meta")
        if value._keras_mask is not None:
            tensor._keras_mask = to_meta(value._keras_mask, size)
        return tensor
    if isinstance(value, torch.Tensor) and not value.is_meta:
        return torch.empty_like(value, device="meta")
    return value


def merge_traces(first, second):
    """Two meta results -> SymbolicTensors; sizes that differ between them are `None`."""
    if isinstance(first, (list, tuple)):
        return [merge_traces(a, b) for a, b in zip(first, second)]
    if isinstance(first, dict):
        return {k: merge_traces(first[k], second[k]) for k in first}
    if not isinstance(first, torch.Tensor):
        return first
    shape = tuple(a if a == b else None for a, b in zip(first.shape, second.shape))
    tensor = SymbolicTensor(shape, dtype_name(first))
    mask = getattr(first, "_keras_mask", None)
    if mask is not None:
        tensor._keras_mask = merge_traces(mask, second._keras_mask)
    return tensor


def trace(layer, fn, *values):
    """Runs `fn(*meta values)` at both trace sizes and merges the results."""
    results = []
    for size in _TRACE_SIZES:
        meta = [to_meta(v, size) for v in values]
        try:
            with torch.no_grad(), meta_weights(layer):
                results.append(fn(*meta))
        except (ValueError, TypeError):
            raise
        except Exception as error:  # noqa: BLE001 - any torch failure becomes one clear error
            raise ValueError(
                f"Layer '{layer.name}' ({type(layer).__name__}) could not infer its output by "
                f"running `call` on meta tensors (shapes without values): {type(error).__name__}: "
                f"{error}. Implement `compute_output_shape(input_shape)` on the layer, or build "
                "the model by calling it on real data."
            ) from error
    return merge_traces(*results)


def _flatten(value) -> list:
    if isinstance(value, (list, tuple)):
        return [leaf for v in value for leaf in _flatten(v)]
    if isinstance(value, dict):
        return [leaf for v in value.values() for leaf in _flatten(v)]
    return [value]
