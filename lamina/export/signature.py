"""What an exported model takes: one named, shaped, typed tensor per model input.

Keras builds the signature from the model's `Input`s (the batch axis left unknown) or from
what `input_signature` gives: specs, symbolic `Input` tensors or example tensors (see
keras/src/export/export_utils.py). Lamina does the same and also records how to hand the
flat tensors back to the model: one tensor, a list, or a dict keyed by input name.
"""

from dataclasses import dataclass

import numpy as np
import torch

from ..layers.symbolic import SymbolicTensor
from ..tensors import torch_dtype


@dataclass(frozen=True)
class ExportInput:
    """One input of the exported graph; `None` in `shape` marks a dynamic size."""

    name: str
    shape: tuple
    dtype: torch.dtype


@dataclass(frozen=True)
class Signature:
    inputs: tuple
    packing: str  # "single", "list" or "dict"

    def pack(self, flat):
        """The model's argument for the flat tensors the exported graph receives."""
        if self.packing == "single":
            return flat[0]
        if self.packing == "dict":
            return {spec.name: x for spec, x in zip(self.inputs, flat)}
        return list(flat)


def signature_of(model, input_signature=None) -> Signature:
    """The inputs to export `model` with: from `input_signature`, else from the model."""
    if not model.built:
        raise ValueError(
            f"Model '{model.name}' has not been built yet, so the shapes of its inputs are "
            "unknown and it cannot be exported. Call it on a batch first (`model(x)` or "
            "`model.predict(x)`), or call `model.build(input_shape)`."
        )
    declared = _declared_inputs(model)
    if input_signature is None:
        signature = _from_model(model, declared)
    else:
        signature = _from_argument(model, input_signature)
        if declared is not None and len(declared) != len(signature.inputs):
            raise ValueError(
                f"Model '{model.name}' takes {len(declared)} input(s), but `input_signature` "
                f"describes {len(signature.inputs)}: {_show(signature)}. Give one spec per `Input`."
            )
    names = [spec.name for spec in signature.inputs]
    if len(set(names)) != len(names):
        raise ValueError(
            f"The exported inputs of model '{model.name}' need distinct names; received {names}. "
            "Give the specs (or the `Input`s) different names."
        )
    return signature


def sample_inputs(signature: Signature, device) -> tuple:
    """Tensors of the signature's shapes for tracing.

    A dynamic batch axis gets 2 rows: torch.export treats sizes 0 and 1 as constants
    (pytorch/pytorch#176349). Other dynamic axes get 8, enough for small kernels.
    """
    return tuple(
        torch.ones([(2 if axis == 0 else 8) if size is None else size for axis, size in enumerate(spec.shape)],
                   dtype=spec.dtype, device=device)
        for spec in signature.inputs
    )


def dynamic_shapes(signature: Signature) -> tuple:
    """torch.export's `dynamic_shapes` for a `forward(*inputs)`: every input's batch axis is
    the one named `batch` (as Keras names it); other unknown axes are left to torch."""
    batch = torch.export.Dim("batch")
    per_input = tuple(
        {axis: batch if axis == 0 else torch.export.Dim.DYNAMIC
         for axis, size in enumerate(spec.shape) if size is None} or None
        for spec in signature.inputs
    )
    return (per_input,)


def _declared_inputs(model):
    try:
        return model.inputs
    except AttributeError:  # a subclassed model: no `Input`s, only the shapes it was built for
        return None


def _from_model(model, declared) -> Signature:
    if declared is not None:
        keys = getattr(model, "_input_names", None)
        names = keys or [tensor.name for tensor in declared]
        specs = [
            ExportInput(name or f"input_{i}", (None, *tensor.shape[1:]), torch_dtype(tensor.dtype))
            for i, (name, tensor) in enumerate(zip(names, declared))
        ]
        packing = "dict" if keys else "single" if len(specs) == 1 else "list"
        return Signature(tuple(specs), packing)
    shape = model._build_input_shape
    if shape is None:
        raise ValueError(
            f"Model '{model.name}' is marked built but recorded no input shape, so it cannot "
            "be exported without one. Call it on a batch first, or pass `input_signature`."
        )
    shapes = shape if isinstance(shape, list) else [shape]
    dtype = torch_dtype(model.compute_dtype)
    specs = tuple(ExportInput(f"input_{i}", (None, *s[1:]), dtype) for i, s in enumerate(shapes))
    return Signature(specs, "list" if isinstance(shape, list) else "single")


def _from_argument(model, input_signature) -> Signature:
    value = input_signature
    # Keras's functional signature wraps the input structure in a one-element list.
    if isinstance(value, (list, tuple)) and len(value) == 1 and isinstance(value[0], (list, tuple, dict)):
        value = value[0]
    if isinstance(value, dict):
        specs = [_spec(model, spec, i, name=key) for i, (key, spec) in enumerate(value.items())]
        return Signature(tuple(specs), "dict")
    if isinstance(value, (list, tuple)):
        if not value:
            raise ValueError(f"`input_signature` for model '{model.name}' is empty; give one spec per input.")
        specs = [_spec(model, spec, i) for i, spec in enumerate(value)]
        return Signature(tuple(specs), "single" if len(specs) == 1 else "list")
    return Signature((_spec(model, value, 0),), "single")


def _spec(model, spec, index, name=None) -> ExportInput:
    """One input from an example tensor, a symbolic `Input`, or a spec with `shape`/`dtype`."""
    if isinstance(spec, (torch.Tensor, np.ndarray)):
        # An example batch: its batch size is not part of the signature (Keras's rule).
        return ExportInput(name or f"input_{index}", (None, *spec.shape[1:]), torch_dtype(spec.dtype))
    shape = getattr(spec, "shape", None)
    if shape is None or not hasattr(shape, "__iter__"):
        raise TypeError(
            f"`input_signature` entry {index} for model '{model.name}' has no shape: received "
            f"{spec!r}. Pass `lamina.Input(shape)`, an example tensor or array, or a spec with "
            "`shape` and `dtype` (None for unknown sizes)."
        )
    shape = tuple(None if size is None else int(size) for size in shape)
    if isinstance(spec, SymbolicTensor):
        shape = (None, *shape[1:])  # as Keras treats a KerasTensor: the batch stays dynamic
    dtype = getattr(spec, "dtype", None) or model.compute_dtype
    return ExportInput(name or getattr(spec, "name", None) or f"input_{index}", shape, torch_dtype(dtype))


def _show(signature) -> str:
    return ", ".join(f"{spec.name}{spec.shape}" for spec in signature.inputs)
