"""`lamina export m.keras -o m.onnx|m.pt2 [--format onnx|torch]`, through `lamina.cli.main`."""

import re
import sys

import numpy as np
import pytest
import torch

import lamina
import lamina.export.onnx
from lamina import layers
from lamina.cli import main
from lamina.saving import load_model

ort = pytest.importorskip("onnxruntime")

TOLERANCE = dict(rtol=1e-5, atol=1e-5)


def images(batch, seed=1):
    return np.random.default_rng(seed).standard_normal((batch, 8, 8, 1)).astype("float32")


@pytest.fixture(scope="module")
def keras_file(tmp_path_factory):
    model = lamina.Sequential([lamina.Input((8, 8, 1), name="pixels"), layers.Conv2D(2, 3, activation="relu"),
                               layers.Flatten(), layers.Dense(3)])
    rng = np.random.default_rng(0)
    model.set_weights([rng.standard_normal(w.shape).astype("float32") for w in model.get_weights()])
    path = tmp_path_factory.mktemp("cli") / "reference.keras"
    model.save(path)
    return path


def predict(path, x):
    return load_model(path, compile=False).predict(x, verbose=0)


def test_export_to_onnx(keras_file, tmp_path, capsys):
    out = tmp_path / "m.onnx"
    assert main(["export", str(keras_file), "-o", str(out)]) == 0
    assert capsys.readouterr().out == f"Saved artifact at '{out}'.\n"
    x = images(4)
    session = ort.InferenceSession(str(out))
    assert [i.name for i in session.get_inputs()] == ["pixels"]
    np.testing.assert_allclose(session.run(None, {"pixels": x})[0], predict(keras_file, x), **TOLERANCE)


@pytest.mark.parametrize("arguments", [["-o", "{tmp}/m.pt2"], ["-o", "{tmp}/m.pt2", "--format", "torch"]],
                         ids=["from-suffix", "explicit"])
def test_export_to_a_torch_program(keras_file, tmp_path, capsys, arguments):
    arguments = [a.format(tmp=tmp_path) for a in arguments]
    assert main(["export", str(keras_file), *arguments]) == 0
    assert "Saved PyTorch ExportedProgram" in capsys.readouterr().out
    x = images(3)
    got = torch.export.load(tmp_path / "m.pt2").module()(torch.from_numpy(x)).detach().numpy()
    np.testing.assert_allclose(got, predict(keras_file, x), **TOLERANCE)


def test_the_output_defaults_to_the_model_file_with_the_format_suffix(keras_file, tmp_path, monkeypatch):
    source = tmp_path / "model.keras"
    source.write_bytes(keras_file.read_bytes())
    assert main(["export", str(source), "--format", "torch"]) == 0
    assert (tmp_path / "model.pt2").is_file()
    written = []
    monkeypatch.setattr(lamina.export.onnx, "export_onnx", lambda model, path, **kwargs: written.append(path))
    assert main(["export", str(source)]) == 0
    assert written == [str(tmp_path / "model.onnx")]


def test_a_keras_written_file_exports(keras, tmp_path):
    """The file comes from Keras 3; the exported program must compute what Keras predicts."""
    theirs = keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Conv2D(2, 3), keras.layers.Flatten(),
                               keras.layers.Dense(3)])
    theirs.save(tmp_path / "k.keras")
    assert main(["export", str(tmp_path / "k.keras"), "-o", str(tmp_path / "k.pt2")]) == 0
    x = images(2)
    got = torch.export.load(tmp_path / "k.pt2").module()(torch.from_numpy(x)).detach().numpy()
    np.testing.assert_allclose(got, theirs.predict(x, verbose=0), **TOLERANCE)


@pytest.mark.parametrize("arguments, message", [
    (["{missing}"], "no such file: "),
    (["{model}", "-o", "{tmp}/m.bin"], r"cannot tell the format of '.*m\.bin': name it \.onnx or \.pt2, or pass --format"),
    (["{model}", "-o", "{tmp}/m.onnx", "--format", "torch"], r"has the suffix of format 'onnx', not 'torch'"),
    (["{model}", "-o", "{tmp}/nowhere/m.pt2"], r"the folder .*nowhere' does not exist"),
], ids=["missing-file", "unknown-suffix", "suffix-and-format-disagree", "missing-folder"])
def test_errors_are_one_line(keras_file, tmp_path, capsys, arguments, message):
    arguments = [a.format(missing=tmp_path / "nope.keras", model=keras_file, tmp=tmp_path) for a in arguments]
    assert main(["export", *arguments]) == 1
    err = capsys.readouterr().err
    assert err.startswith("lamina export: error: ") and err.count("\n") == 1
    assert re.search(message, err), err


def test_missing_onnx_packages_are_one_line_naming_the_extra(keras_file, tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "onnxscript", None)  # makes `import onnxscript` fail
    assert main(["export", str(keras_file), "-o", str(tmp_path / "m.onnx")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and r"pip install lamina[onnx]" in err
