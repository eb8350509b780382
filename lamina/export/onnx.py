"""`format="onnx"`: the traced program translated by `torch.onnx` (needs onnx and onnxscript).

Inputs are named as Keras names them (the `Input` names, or `input_<i>`), and the batch
axis stays dynamic under the name `batch`, as in Keras. Keras's torch backend takes the
TorchScript exporter for dynamic axes; Lamina translates the `torch.export` program (the
exporter torch keeps), so `format="onnx"` and `format="torch"` trace the model the same way.
"""

import contextlib
import logging
import os
import re
import warnings

import torch

from ..saving.atomic import atomic_write
from .signature import signature_of
from .torch_program import trace


def export_onnx(model, filepath, verbose=None, input_signature=None, opset_version=None, **kwargs) -> str:
    """Writes `model`'s inference graph to `filepath` as ONNX (onnxruntime can run it)."""
    if kwargs:
        raise ValueError(
            f'Unsupported arguments for `format="onnx"`: {", ".join(sorted(kwargs))}. The '
            "supported argument is `opset_version`."
        )
    _require_onnx()
    filepath = os.fspath(filepath)
    signature = signature_of(model, input_signature)
    program = trace(model, signature)
    with _quiet_translation():
        try:
            onnx_program = torch.onnx.export(
                program, (), input_names=[spec.name for spec in signature.inputs],
                opset_version=opset_version, dynamo=True, optimize=True, verbose=False,
            )
        except Exception as error:  # torch.onnx raises many kinds; one readable message
            text = str(error).strip().splitlines()
            raise ValueError(
                f"Model '{model.name}' was traced but torch.onnx could not translate it to ONNX "
                f"({text[0] if text else type(error).__name__}). `format=\"torch\"` writes the "
                "traced program as it is."
            ) from error
        proto = onnx_program.model_proto
    _name_dynamic_axes(proto, signature)
    try:
        content = proto.SerializeToString()
    except ValueError as error:  # protobuf's 2 GB limit on one message
        raise ValueError(
            f"Model '{model.name}' is too large for a single-file ONNX export ({error}). "
            '`format="torch"` has no such limit.'
        ) from error
    with atomic_write(filepath) as handle:
        handle.write(content)
    if verbose is None or verbose:
        print(f"Saved artifact at '{filepath}'.")
    return filepath


def _name_dynamic_axes(proto, signature) -> None:
    """Keras's names for the dynamic axes (`batch`, `dim_<input>_<axis>`) instead of
    torch's symbols (`s21`), wherever the graph's declared shapes mention them."""
    names = {}
    for index, (spec, value) in enumerate(zip(signature.inputs, proto.graph.input)):
        for axis, (size, dim) in enumerate(zip(spec.shape, value.type.tensor_type.shape.dim)):
            if size is None and dim.dim_param:
                names.setdefault(dim.dim_param, "batch" if axis == 0 else f"dim_{index}_{axis}")
    if not names:
        return
    symbol = re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")\b")
    for value in (*proto.graph.input, *proto.graph.output, *proto.graph.value_info):
        for dim in value.type.tensor_type.shape.dim:
            if dim.dim_param:
                dim.dim_param = symbol.sub(lambda match: names[match.group(1)], dim.dim_param)


def _require_onnx() -> None:
    try:
        import onnx  # noqa: F401
        import onnxscript  # noqa: F401
    except ImportError as error:
        raise ImportError(
            "Exporting to ONNX needs the `onnx` and `onnxscript` packages (torch.onnx uses "
            f"them): pip install lamina[onnx]  ({error})"
        ) from error


@contextlib.contextmanager
def _quiet_translation():
    """Keeps the translation's chatter off the console: torch.onnx logs a warning per
    torchvision op it skips when torchvision is absent, onnxscript one per Split it does
    not fold, and their dependencies raise FutureWarnings the user cannot act on."""
    loggers = [logging.getLogger(name) for name in ("torch.onnx", "onnxscript")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)
            warnings.simplefilter("ignore", DeprecationWarning)
            yield
    finally:
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)
