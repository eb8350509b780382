"""`format="torch"`: the model's inference graph as a `torch.export` program (`.pt2`).

Both export formats start here: `trace` captures the model once, in inference mode, with a
dynamic batch axis; ONNX is then translated from the same program (see `onnx.py`).
"""

import contextlib
import inspect
import os
import warnings

import torch

from ..saving.atomic import atomic_write
from .signature import Signature, dynamic_shapes, sample_inputs, signature_of


class _Positional(torch.nn.Module):
    """The model called as `forward(*inputs)` with `training=False`: one graph input per
    model input, whatever structure (list, dict) the model takes them in."""

    def __init__(self, model, signature: Signature):
        super().__init__()
        self.model = model
        self.signature = signature

    def forward(self, *inputs):
        return self.model(self.signature.pack(inputs), training=False)


def export_torch(model, filepath, verbose=None, input_signature=None, **kwargs) -> str:
    """Writes `model`'s inference graph to `filepath` (`.pt2`); `torch.export.load(path).module()`
    runs it without Lamina. `kwargs` go to `torch.export.export` (Keras's rule)."""
    filepath = os.fspath(filepath)
    if not filepath.endswith(".pt2"):
        raise ValueError(f"The PyTorch export requires the filepath to end with '.pt2'. Got: {filepath}")
    program = trace(model, signature_of(model, input_signature), **_export_kwargs(kwargs))
    with atomic_write(filepath) as handle, warnings.catch_warnings():
        # Each weight is saved whole from its own storage (see `_plain_weights`); the warning
        # is about slices of a shared storage, which an exported Lamina model has none of.
        warnings.filterwarnings("ignore", message="No complete tensor found in the group")
        torch.export.save(program, handle)
    if verbose is None or verbose:
        print(f"Saved PyTorch ExportedProgram at '{filepath}'.")
    return filepath


def trace(model, signature: Signature, strict: bool = False, dynamic_shapes=None,
          **export_kwargs) -> torch.export.ExportedProgram:
    """`model` in inference mode as an `ExportedProgram` whose weights are plain tensors."""
    wrapper = _Positional(model, signature)
    shapes = _user_dynamic_shapes(dynamic_shapes, signature)
    args = sample_inputs(signature, _device_of(model))
    with _eval_mode(model), warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=FutureWarning, module=r"torch\..*")
        try:
            program = torch.export.export(wrapper, args, dynamic_shapes=shapes, strict=strict, **export_kwargs)
        except Exception as error:  # torch raises many kinds; the user needs the cause in one place
            raise ValueError(
                f"Model '{model.name}' could not be exported: torch.export failed to trace its "
                f"call on inputs {_describe(signature)} ({_first_line(error)}). Common causes: "
                "data-dependent Python control flow, or a dynamic axis the model fixes; pass an "
                "`input_signature` with fixed sizes for such axes."
            ) from error
    _plain_weights(program)
    return program


def _export_kwargs(kwargs) -> dict:
    allowed = {name for name in inspect.signature(torch.export.export).parameters
               if name not in ("mod", "args", "kwargs")}
    unknown = sorted(set(kwargs) - allowed)
    if unknown:
        raise ValueError(
            f'Unsupported arguments for `format="torch"`: {", ".join(unknown)}. Supported '
            f"arguments are: {', '.join(sorted(allowed))}."
        )
    return kwargs


def _user_dynamic_shapes(value, signature: Signature):
    """Keras's `dynamic_shapes` (a dict for one input, or one entry per input) in the form a
    `forward(*inputs)` needs; the default makes every batch axis dynamic."""
    if value is None:
        return dynamic_shapes(signature)
    count = len(signature.inputs)
    if isinstance(value, dict) and count == 1:
        return ((value,),)
    if isinstance(value, (list, tuple)) and len(value) == count:
        return (tuple(value),)
    if isinstance(value, (list, tuple)) and len(value) == 1 and isinstance(value[0], (list, tuple)):
        return (tuple(value[0]),)  # already wrapped for the `*inputs` argument
    raise ValueError(
        f"`dynamic_shapes` must give one entry per model input ({count}: "
        f"{[spec.name for spec in signature.inputs]}), e.g. `{{0: torch.export.Dim('batch')}}`; "
        f"received {value!r}."
    )


def _plain_weights(program) -> None:
    """Weights as plain torch tensors, copied: the file then loads without Lamina (whose
    `Variable` would be pickled by class) and does not change when the model trains on."""
    parameters = set(program.graph_signature.parameters)
    for table in (program.state_dict, program.constants):
        for key, value in list(table.items()):
            if isinstance(value, torch.Tensor) and type(value) not in (torch.Tensor, torch.nn.Parameter):
                plain = value.detach().as_subclass(torch.Tensor).clone()
                table[key] = torch.nn.Parameter(plain, value.requires_grad) if key in parameters else plain


@contextlib.contextmanager
def _eval_mode(model):
    """Inference mode (as Keras calls `model.eval()`), then each module's mode as it was."""
    modes = [(module, module.training) for module in model.modules()]
    model.eval()
    try:
        yield
    finally:
        for module, training in modes:
            module.training = training


def _device_of(model):
    for tensor in model.parameters():
        return tensor.device
    for tensor in model.buffers():
        return tensor.device
    return torch.device("cpu")


def _describe(signature) -> str:
    return ", ".join(f"{spec.name}{spec.shape}" for spec in signature.inputs)


def _first_line(error) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
