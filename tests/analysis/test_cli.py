"""`lamina summary`, `lamina plot` and `lamina demo`, end to end in a subprocess.

The `.keras` files are written by real Keras, so the commands are checked on files
Lamina did not write.
"""

import os
import subprocess
import sys

import pytest

from lamina.cli import main

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def lamina_cli(*args, cwd=None):
    env = {**os.environ, "COLUMNS": "120"}
    return subprocess.run([sys.executable, "-m", "lamina", *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=300)


@pytest.fixture(scope="module")
def keras_file(tmp_path_factory, keras):
    """The reference model, saved by Keras 3."""
    try:
        from lamina.saving import load_model  # noqa: F401
    except ImportError:
        pytest.skip("`lamina.saving.load_model` is not available yet: `lamina summary/plot` need it")
    model = keras.Sequential([
        keras.Input((32, 32, 3)), keras.layers.Conv2D(32, 3, activation="relu", name="conv2d"),
        keras.layers.Flatten(name="flatten"), keras.layers.Dense(10, activation="softmax", name="dense"),
    ], name="reference")
    path = tmp_path_factory.mktemp("models") / "reference.keras"
    model.save(path)
    return path


def test_summary_of_a_keras_written_file(keras_file):
    result = lamina_cli("summary", str(keras_file))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith('Model: "reference"')
    for text in ("conv2d (Conv2D)", "(None, 30, 30, 32)", "288,010", " Total params: 288,906 (1.10 MB)",
                 f" MACs per sample: {30 * 30 * 32 * 27 + 28_800 * 10:,}", " Hot spot: Dense 'dense'"):
        assert text in out
    plain = lamina_cli("summary", "--plain", str(keras_file))
    assert plain.returncode == 0 and "MACs" not in plain.stdout and "288,010" in plain.stdout


def test_plot_of_a_keras_written_file(keras_file, tmp_path):
    output = tmp_path / "m.png"
    result = lamina_cli("plot", str(keras_file), "-o", str(output), "--dpi", "50")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Saved {output}"
    assert output.read_bytes()[:8] == PNG_SIGNATURE


@pytest.mark.parametrize("command", ["summary", "plot"])
def test_missing_and_bad_files_fail_with_one_line(command, tmp_path):
    missing = lamina_cli(command, str(tmp_path / "nope.keras"))
    assert missing.returncode == 1 and missing.stdout == ""
    assert missing.stderr.splitlines() == [f"lamina {command}: error: no such file: {tmp_path / 'nope.keras'}"]
    bad = tmp_path / "bad.keras"
    bad.write_text("not a zip archive")
    result = lamina_cli(command, str(bad))
    assert result.returncode == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"lamina {command}: error: cannot load '{bad}'")


def test_plot_to_an_unsupported_format_fails_with_one_line(keras_file, tmp_path):
    result = lamina_cli("plot", str(keras_file), "-o", str(tmp_path / "m.gif"))
    assert result.returncode == 1
    (line,) = result.stderr.splitlines()
    assert "unsupported format '.gif'" in line


@pytest.mark.parametrize("command", ["demo", "overfitting", "summary", "plot", "export"])
def test_help(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    assert f"usage: lamina {command}" in capsys.readouterr().out


def test_demo_shows_the_note_and_saves_the_history_plot(tmp_path):
    pytest.importorskip("sklearn", reason="the demo's data set ships with scikit-learn")
    result = lamina_cli("demo", "--epochs", "1", "--quiet", "--plot", "history.png", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert " Hot spot: Dense 'dense' after Flatten holds 288,010" in result.stdout
    assert "History plot saved to history.png." in result.stdout
    assert "Best val_loss" in result.stdout
    assert (tmp_path / "history.png").read_bytes()[:8] == PNG_SIGNATURE


def test_overfitting_demo_reads_png_folders_and_plots_both_runs(tmp_path):
    pytest.importorskip("sklearn", reason="the demo's data set ships with scikit-learn")
    result = lamina_cli("overfitting", "--epochs", "2", "--per-class", "3", "--plot", "both.png", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Found 30 files belonging to 10 classes." in result.stdout
    assert "Flatten -> Dense: train accuracy" in result.stdout
    assert "+ augmentation, Dropout: train accuracy" in result.stdout
    assert (tmp_path / "both.png").read_bytes()[:8] == PNG_SIGNATURE
