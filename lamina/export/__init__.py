"""`Model.export`: a model's inference graph as an ONNX file or a `torch.export` program.

Models sit on a lower floor than this package, so it plugs its entry point into
`lamina.file_formats` when imported (as `lamina.saving` does for `save`); `Model.export`
calls it by name. The format modules load on first use: `import lamina` does not load
torch.onnx.
"""

# Keras 3.15.1's formats (keras/src/models/model.py `export`), and why Lamina refuses some.
_REFUSED = {
    "tf_saved_model": "it needs TensorFlow, which Lamina does not use",
    "openvino": "Lamina does not ship the OpenVINO converter; export ONNX and convert it with "
                "OpenVINO's `ovc model.onnx`",
    "litert": "Lamina does not ship the LiteRT (TFLite) converter; export the torch program "
              "and convert it with `litert_torch`",
}
FORMATS = ("onnx", "torch")


def export_model(model, filepath, format="tf_saved_model", verbose=None, input_signature=None, **kwargs):
    """Writes `model` in `format` ("onnx" or "torch"); see `Model.export`."""
    if format in _REFUSED:
        raise ValueError(
            f'format="{format}" is not supported: {_REFUSED[format]}. Lamina exports '
            f'format="onnx" (run it with onnxruntime) and format="torch" (a `.pt2` program '
            "for `torch.export.load`)."
        )
    if format == "onnx":
        from .onnx import export_onnx

        return export_onnx(model, filepath, verbose=verbose, input_signature=input_signature, **kwargs)
    if format == "torch":
        from .torch_program import export_torch

        return export_torch(model, filepath, verbose=verbose, input_signature=input_signature, **kwargs)
    raise ValueError(
        f"Unrecognized format={format}. Supported formats are: {list(FORMATS)} "
        f"(Keras's {sorted(_REFUSED)} need converters Lamina does not ship)."
    )


def _plug_in() -> None:
    from .. import file_formats

    file_formats.provide("export", export_model)


_plug_in()
