"""`Model.export`: ONNX files checked with onnxruntime and `.pt2` programs checked with
`torch.export.load`, both against `predict`; Keras 3.15.1 (keras/src/models/model.py
`export`, keras/src/export/) is the reference for the signature, the input names, the
dynamic `batch` axis and the refused formats.

ONNX translation costs seconds per model, so each model is exported once (module fixtures).
"""

import inspect
import os
import stat
import subprocess
import sys
import types
import warnings

import numpy as np
import pytest
import torch

import lamina
import lamina.export  # noqa: F401  (plugs `Model.export` in; `import lamina` will do it)
from lamina import layers
from lamina.export.signature import signature_of

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")

TOLERANCE = dict(rtol=1e-5, atol=1e-5)  # the graph runs other kernels than eager torch


def random_weights(model, seed=0):
    rng = np.random.default_rng(seed)
    model.set_weights([rng.standard_normal(w.shape).astype("float32") * 0.5 for w in model.get_weights()])
    return model


def reference_model():
    return random_weights(lamina.Sequential([
        lamina.Input((8, 8, 1), name="pixels"), layers.Conv2D(2, 3, activation="relu"),
        layers.Flatten(), layers.Dense(3),
    ]))


def two_input_model(k):
    """Two named inputs, two outputs (in Lamina or Keras: `k` is either module)."""
    a, b = k.Input((3,), name="a"), k.Input((4,), name="b")
    return k.Model([a, b], [k.layers.Dense(2)(a), k.layers.Dense(3, activation="tanh")(b)])


def normalized_model():
    model = random_weights(lamina.Sequential([
        lamina.Input((6,)), layers.Dense(4), layers.BatchNormalization(), layers.Dropout(0.5), layers.Dense(2),
    ]))
    norm = model.layers[1]
    norm.moving_variance.data = norm.moving_variance.data.abs() + 0.5  # a variance is positive
    return model


def lstm_model():
    return random_weights(lamina.Sequential([lamina.Input((3, 4)), layers.LSTM(5), layers.Dense(2)]))


def data(*shapes, seed=1):
    rng = np.random.default_rng(seed)
    return [rng.standard_normal(shape).astype("float32") for shape in shapes]


def run_onnx(path, inputs):
    session = ort.InferenceSession(str(path))
    return session.run(None, {i.name: x for i, x in zip(session.get_inputs(), inputs)})


def onnx_inputs(path):
    graph = onnx.load(str(path)).graph
    return [(i.name, [d.dim_param or d.dim_value for d in i.type.tensor_type.shape.dim]) for i in graph.input]


def as_list(outputs):
    return list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]


def close(got, want):
    for g, w in zip(as_list(got), as_list(want), strict=True):
        g = g.detach().numpy() if isinstance(g, torch.Tensor) else g
        np.testing.assert_allclose(g, w, **TOLERANCE)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("export")


EXPORTED = {
    "reference": (reference_model, [(8, 8, 1)]),
    "two_inputs": (lambda: random_weights(two_input_model(lamina)), [(3,), (4,)]),
    "normalized": (normalized_model, [(6,)]),
    "lstm": (lstm_model, [(3, 4)]),
}


@pytest.fixture(scope="module")
def export_once(folder):
    """Each model of EXPORTED built and exported in both formats once per module."""
    done = {}

    def export(name):
        if name not in done:
            make, sample_shapes = EXPORTED[name]
            model = make()
            onnx_path, torch_path = folder / f"{name}.onnx", folder / f"{name}.pt2"
            model.export(onnx_path, format="onnx", verbose=False)
            model.export(torch_path, format="torch", verbose=False)
            done[name] = types.SimpleNamespace(model=model, onnx=onnx_path, pt2=torch_path, shapes=sample_shapes)
        return done[name]

    return export


@pytest.fixture(scope="module", params=list(EXPORTED))
def exported(request, export_once):
    return export_once(request.param)


@pytest.mark.parametrize("batch", [1, 5])
def test_onnx_file_computes_what_predict_computes(exported, batch):
    inputs = data(*[(batch, *s) for s in exported.shapes])
    want = exported.model.predict(inputs if len(inputs) > 1 else inputs[0], verbose=0)
    close(run_onnx(exported.onnx, inputs), want)


@pytest.mark.parametrize("batch", [1, 5])
def test_torch_program_computes_what_predict_computes(exported, batch):
    inputs = data(*[(batch, *s) for s in exported.shapes])
    want = exported.model.predict(inputs if len(inputs) > 1 else inputs[0], verbose=0)
    close(torch.export.load(exported.pt2).module()(*map(torch.from_numpy, inputs)), want)


def test_onnx_inputs_are_named_after_the_model_inputs_with_a_dynamic_batch(exported):
    names = [t.name for t in exported.model.inputs]
    assert onnx_inputs(exported.onnx) == [(n, ["batch", *s]) for n, s in zip(names, exported.shapes)]


def test_inference_behaviour_is_exported_not_training_behaviour(tmp_path):
    """Batch statistics and dropout would change the output: the graph has neither (the
    ONNX file, translated from the same program, is compared with `predict` above)."""
    model = normalized_model()
    (x,) = data((16, 6))
    model.export(tmp_path / "m.pt2", format="torch", verbose=False)
    inference = torch.export.load(tmp_path / "m.pt2").module()(torch.from_numpy(x)).detach().numpy()
    close(inference, model.predict(x, verbose=0))
    training = model(torch.from_numpy(x), training=True).detach().numpy()
    assert not np.allclose(training, inference)


def test_onnx_names_and_dynamic_axes_match_keras(keras, folder, export_once):
    """Keras names an ONNX input after its `Input` and its batch axis `batch`
    (keras/src/export/onnx.py)."""
    theirs = two_input_model(keras)
    theirs.predict(data((1, 3), (1, 4)), verbose=0)  # Keras exports only called models
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the TorchScript exporter's deprecation notices
        theirs.export(str(folder / "keras.onnx"), format="onnx", verbose=False)
    assert onnx_inputs(export_once("two_inputs").onnx) == onnx_inputs(folder / "keras.onnx")


def test_the_program_loads_and_runs_without_lamina(tmp_path):
    model = reference_model()
    model.export(tmp_path / "m.pt2", format="torch", verbose=False)
    (x,) = data((2, 8, 8, 1))
    np.save(tmp_path / "x.npy", x)
    script = (
        "import sys, numpy as np, torch\n"
        "y = torch.export.load('m.pt2').module()(torch.from_numpy(np.load('x.npy')))\n"
        "np.save('y.npy', y.detach().numpy())\n"
        "assert not any(m.split('.')[0] == 'lamina' for m in sys.modules), 'lamina was imported'\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=300, cwd=tmp_path)
    close(np.load(tmp_path / "y.npy"), model.predict(x, verbose=0))


# ----------------------------------------------------------------- the signature


def test_export_has_keras_signature(keras):
    ours = inspect.signature(lamina.Model.export).parameters
    theirs = inspect.signature(keras.Model.export).parameters
    assert [(p.name, p.default, p.kind) for p in ours.values()] == [
        (p.name, p.default, p.kind) for p in theirs.values()
    ]


def spec(shape, dtype="float32", name=None):
    """A Keras-style spec: anything with `shape`, `dtype` and `name`."""
    return types.SimpleNamespace(shape=shape, dtype=dtype, name=name)


@pytest.mark.parametrize("given, names, shapes, dtypes", [
    (None, ["pixels"], [(None, 8, 8, 1)], [torch.float32]),
    (lambda: lamina.Input((8, 8, 1), name="image"), ["image"], [(None, 8, 8, 1)], [torch.float32]),
    (lambda: torch.zeros(3, 8, 8, 1), ["input_0"], [(None, 8, 8, 1)], [torch.float32]),
    (lambda: [np.zeros((3, 8, 8, 1), "float64")], ["input_0"], [(None, 8, 8, 1)], [torch.float64]),
    (lambda: spec((None, 8, 8, 1), name="x"), ["x"], [(None, 8, 8, 1)], [torch.float32]),
    (lambda: spec((4, 8, 8, 1)), ["input_0"], [(4, 8, 8, 1)], [torch.float32]),  # a spec's batch is kept
], ids=["default", "Input", "tensor", "array", "spec", "fixed-batch-spec"])
def test_signature_of_a_one_input_model(given, names, shapes, dtypes):
    signature = signature_of(reference_model(), given() if given else None)
    assert [s.name for s in signature.inputs] == names
    assert [s.shape for s in signature.inputs] == shapes
    assert [s.dtype for s in signature.inputs] == dtypes
    assert signature.packing == "single"


@pytest.mark.parametrize("given, packing", [
    (None, "list"),
    (lambda: [[spec((None, 3), name="a"), spec((None, 4), name="b")]], "list"),  # Keras's functional form
    (lambda: [torch.zeros(2, 3), torch.zeros(2, 4)], "list"),
    (lambda: {"a": spec((None, 3)), "b": spec((None, 4))}, "dict"),
])
def test_signature_of_a_two_input_model(given, packing):
    signature = signature_of(two_input_model(lamina), given() if given else None)
    assert [s.shape for s in signature.inputs] == [(None, 3), (None, 4)]
    assert signature.packing == packing


def test_signature_of_a_subclassed_model_comes_from_its_first_call():
    model = Subclassed()
    model(torch.zeros(2, 5))
    signature = signature_of(model)
    assert [(s.name, s.shape, s.dtype) for s in signature.inputs] == [("input_0", (None, 5), torch.float32)]


class Subclassed(lamina.Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.dense = layers.Dense(3)

    def call(self, inputs):
        return self.dense(inputs)


def test_a_subclassed_model_exports(tmp_path):
    model = Subclassed()
    (x,) = data((4, 5))
    model(torch.from_numpy(x))
    model.export(tmp_path / "sub.pt2", format="torch", verbose=False)
    close(torch.export.load(tmp_path / "sub.pt2").module()(torch.from_numpy(x)), model.predict(x, verbose=0))


def test_an_explicit_signature_drives_the_export(tmp_path):
    model = two_input_model(lamina)
    model.export(tmp_path / "m.pt2", format="torch", verbose=False,
                 input_signature=[[torch.zeros(1, 3), torch.zeros(1, 4)]])
    inputs = data((6, 3), (6, 4))
    close(torch.export.load(tmp_path / "m.pt2").module()(*map(torch.from_numpy, inputs)),
          model.predict(inputs, verbose=0))


def test_a_model_taking_a_dict_gets_its_inputs_by_key(tmp_path):
    a, b = lamina.Input((3,), name="a"), lamina.Input((4,), name="b")
    model = random_weights(lamina.Model({"b": b, "a": a}, [layers.Dense(2)(a), layers.Dense(1)(b)]))
    assert [s.name for s in signature_of(model).inputs] == ["b", "a"]
    model.export(tmp_path / "m.pt2", format="torch", verbose=False)
    x_b, x_a = data((5, 4), (5, 3))
    close(torch.export.load(tmp_path / "m.pt2").module()(torch.from_numpy(x_b), torch.from_numpy(x_a)),
          model.predict({"a": x_a, "b": x_b}, verbose=0))


# ----------------------------------------------------------------- errors


def test_an_unbuilt_model_is_refused_with_the_next_step(tmp_path):
    model = lamina.Sequential([layers.Dense(2)])
    with pytest.raises(ValueError, match=r"not been built.*model\(x\).*model\.build"):
        model.export(tmp_path / "m.onnx", format="onnx")
    with pytest.raises(ValueError, match="not been built"):
        Subclassed().export(tmp_path / "m.pt2", format="torch")


@pytest.mark.parametrize("fmt, reason", [
    ("tf_saved_model", "needs TensorFlow"), ("openvino", "OpenVINO"), ("litert", "LiteRT"),
])
def test_keras_formats_lamina_cannot_write_are_refused(fmt, reason, tmp_path):
    with pytest.raises(ValueError, match=rf'format="{fmt}" is not supported: .*{reason}.*format="onnx"'):
        reference_model().export(tmp_path / "m", format=fmt)
    assert not any(tmp_path.iterdir())


def test_the_default_format_is_keras_tf_saved_model_and_is_refused(tmp_path):
    with pytest.raises(ValueError, match="needs TensorFlow"):
        reference_model().export(tmp_path / "m")


def test_an_unknown_format_gets_keras_message(tmp_path):
    with pytest.raises(ValueError, match=r"Unrecognized format=saved\. Supported formats are: \['onnx', 'torch'\]"):
        reference_model().export(tmp_path / "m", format="saved")


def test_the_torch_format_needs_the_pt2_suffix(tmp_path):
    with pytest.raises(ValueError, match=r"end with '\.pt2'\. Got: .*m\.onnx"):
        reference_model().export(tmp_path / "m.onnx", format="torch")


@pytest.mark.parametrize("fmt, path, argument", [
    ("onnx", "m.onnx", "opset"), ("torch", "m.pt2", "opset_version"),
])
def test_unknown_arguments_are_named(fmt, path, argument, tmp_path):
    with pytest.raises(ValueError, match=rf'Unsupported arguments for `format="{fmt}"`: {argument}'):
        reference_model().export(tmp_path / path, format=fmt, **{argument: 17})


def test_missing_onnx_packages_name_the_extra(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "onnxscript", None)  # makes `import onnxscript` fail
    with pytest.raises(ImportError, match=r"pip install lamina\[onnx\]"):
        reference_model().export(tmp_path / "m.onnx", format="onnx")


def test_a_wrong_signature_is_named(tmp_path):
    with pytest.raises(ValueError, match=r"takes 2 input\(s\), but `input_signature` describes 1"):
        two_input_model(lamina).export(tmp_path / "m.pt2", format="torch", input_signature=[torch.zeros(1, 3)])
    with pytest.raises(ValueError, match=r"need distinct names; received \['x', 'x'\]"):
        two_input_model(lamina).export(tmp_path / "m.pt2", format="torch",
                                       input_signature=[spec((None, 3), name="x"), spec((None, 4), name="x")])
    with pytest.raises(TypeError, match=r"entry 0 .* has no shape.*lamina\.Input"):
        reference_model().export(tmp_path / "m.pt2", format="torch", input_signature=[layers.InputSpec(ndim=4)])


class DataDependent(lamina.Model):
    def call(self, inputs):
        return inputs * 2 if inputs.sum() > 0 else inputs


def test_a_model_torch_export_cannot_trace_gets_one_clear_error(tmp_path):
    model = DataDependent()
    model(torch.ones(2, 3))
    with pytest.raises(ValueError, match=r"could not be exported: torch\.export failed to trace .*input_0\(None, 3\)"):
        model.export(tmp_path / "m.pt2", format="torch")
    assert not any(tmp_path.iterdir())


# ----------------------------------------------------------------- files, modes, messages


def test_verbose_prints_keras_messages(capsys, tmp_path):
    model = reference_model()
    model.export(tmp_path / "m.pt2", format="torch")
    assert capsys.readouterr().out == f"Saved PyTorch ExportedProgram at '{tmp_path / 'm.pt2'}'.\n"
    model.export(tmp_path / "m.pt2", format="torch", verbose=False)
    assert capsys.readouterr().out == ""


def test_overwriting_keeps_the_file_mode_and_leaves_no_temporary_file(tmp_path):
    path = tmp_path / "m.pt2"
    path.write_bytes(b"old")
    os.chmod(path, 0o640)
    reference_model().export(path, format="torch", verbose=False)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["m.pt2"]
    assert torch.export.load(path) is not None


def test_a_failed_write_leaves_the_previous_file(monkeypatch, tmp_path):
    path = tmp_path / "m.pt2"
    path.write_bytes(b"previous")

    def full_disk(program, handle, **kwargs):
        handle.write(b"half")
        raise OSError("disk full (simulated)")

    monkeypatch.setattr(torch.export, "save", full_disk)
    with pytest.raises(OSError, match="disk full"):
        reference_model().export(path, format="torch", verbose=False)
    assert path.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["m.pt2"]


def test_export_leaves_each_module_in_its_mode(tmp_path):
    model = normalized_model()
    model.train()
    model.layers[2].eval()
    before = [m.training for m in model.modules()]
    model.export(tmp_path / "m.pt2", format="torch", verbose=False)
    assert [m.training for m in model.modules()] == before


def test_a_merged_two_input_model_exports_with_a_dynamic_batch(tmp_path):
    a, b = lamina.Input((3,), name="a"), lamina.Input((4,), name="b")
    model = lamina.Model([a, b], layers.Dense(2)(layers.Concatenate()([a, b])))
    model.export(tmp_path / "m.pt2", format="torch", verbose=False)
    inputs = data((5, 3), (5, 4))
    close(torch.export.load(tmp_path / "m.pt2").module()(*map(torch.from_numpy, inputs)),
          model.predict(inputs, verbose=0))
