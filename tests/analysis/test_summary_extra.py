"""`model.summary()`'s extra columns, totals and hot-spot note (Keras's table stays intact)."""

import pytest

from lamina import Input, Model, Sequential, layers
from lamina.models.summary import format_bytes


@pytest.fixture(autouse=True)
def _wide_terminal(monkeypatch):
    """The table takes its natural width up to the terminal's (pytest-xdist sets COLUMNS=80)."""
    monkeypatch.setenv("COLUMNS", "200")


def summary_text(model, **kwargs):
    lines = []
    model.summary(print_fn=lines.append, **kwargs)
    return "\n".join(lines)


def row(text, name):
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip("│┃ ").split("│")]
        if cells and cells[0] == name:
            return cells
    raise AssertionError(f"no row {name!r} in:\n{text}")


def keras_rows(model, names):
    """Keras's own `[name (type), output shape, params]` cells."""
    lines = []
    model.summary(print_fn=lambda text, line_break=False: lines.append(text))
    return {name: row("\n".join(lines), name) for name in names}


def test_reference_summary_keeps_keras_text_and_adds_columns(reference):
    text = summary_text(reference)
    assert text.splitlines()[0] == 'Model: "sequential"'
    header = [c.strip() for c in text.splitlines()[2].strip("┃ ").split("┃")]
    assert header == ["Layer (type)", "Output Shape", "Param #", "% Params", "MACs", "Act. memory"]
    assert row(text, "conv2d (Conv2D)") == [
        "conv2d (Conv2D)", "(None, 30, 30, 32)", "896", f"{896 / 288_906:.1%}",
        f"{30 * 30 * 32 * 27:,}", format_bytes(30 * 30 * 32 * 4),
    ]
    assert row(text, "flatten (Flatten)") == [
        "flatten (Flatten)", "(None, 28800)", "0", "-", "0", format_bytes(28_800 * 4),
    ]
    assert row(text, "dense (Dense)") == [
        "dense (Dense)", "(None, 10)", "288,010", f"{288_010 / 288_906:.1%}", f"{28_800 * 10:,}",
        format_bytes(10 * 4),
    ]
    lines = text.splitlines()
    for expected in (
        " Total params: 288,906 (1.10 MB)",
        " Trainable params: 288,906 (1.10 MB)",
        " Non-trainable params: 0 (0.00 B)",
        f" MACs per sample: {777_600 + 288_000:,}",
        f" Activation memory per sample: {format_bytes((28_800 * 2 + 10) * 4)}",
    ):
        assert expected in lines
    assert lines.index(" Non-trainable params: 0 (0.00 B)") < lines.index(f" MACs per sample: {1_065_600:,}")
    note = " ".join(line.strip() for line in text[text.index(" Hot spot:"):].splitlines())
    assert note.startswith("Hot spot: Dense 'dense' after Flatten holds 288,010 of the model's 288,906")
    assert "(288,010 → 330; model total 288,906 → 1,226)" in note


def test_keras_cells_match_keras(keras, reference):
    ours = summary_text(reference)
    theirs = keras.Sequential([
        keras.Input((32, 32, 3)), keras.layers.Conv2D(32, 3, activation="relu", name="conv2d"),
        keras.layers.Flatten(name="flatten"), keras.layers.Dense(10, activation="softmax", name="dense"),
    ])
    names = ["conv2d (Conv2D)", "flatten (Flatten)", "dense (Dense)"]
    for name, cells in keras_rows(theirs, names).items():
        assert row(ours, name)[:3] == cells


def test_no_note_for_the_gap_model(gap):
    text = summary_text(gap)
    assert "Hot spot" not in text
    # The long name wraps after "global_average_pooling2d"; the numbers share that line.
    assert row(text, "global_average_pooling2d")[4] == f"{30 * 30 * 32:,}"


def test_extra_false_is_the_plain_keras_table(reference):
    text = summary_text(reference, extra=False)
    header = [c.strip() for c in text.splitlines()[2].strip("┃ ").split("┃")]
    assert header == ["Layer (type)", "Output Shape", "Param #"]
    assert row(text, "dense (Dense)") == ["dense (Dense)", "(None, 10)", "288,010"]
    assert "MACs" not in text and "Hot spot" not in text
    assert text.splitlines()[-1] == " Non-trainable params: 0 (0.00 B)"


def test_narrow_terminal_wraps_cells_instead_of_lines(reference, monkeypatch):
    monkeypatch.setenv("COLUMNS", "64")
    text = summary_text(reference)
    table = text.splitlines()[1:text.splitlines().index(" Total params: 288,906 (1.10 MB)")]
    assert max(len(line) for line in table) <= 64 - 4
    assert row(text, "dense")[2:4] == ["288,010", "99.7%"]  # "dense (Dense)" wrapped after the name


def test_table_fits_keras_width_when_plain(reference):
    lines = summary_text(reference, extra=False, line_length=70).splitlines()
    assert max(len(line) for line in lines[1:-3]) == 70


def test_unbuilt_model_shows_question_marks():
    text = summary_text(Sequential([layers.Conv2D(2, 3), layers.Flatten(), layers.Dense(3)]))
    assert row(text, "conv2d (Conv2D)")[1:] == ["?", "0 (unbuilt)", "-", "?", "?"]
    assert " MACs per sample: ?" in text.splitlines()


def test_functional_summary_keeps_connections_last():
    a, b = Input((8,), name="a"), Input((8,), name="b")
    out = layers.Dense(2, name="out")(layers.Add(name="sum")([a, b]))
    text = summary_text(Model([a, b], out))
    assert row(text, "a (InputLayer)") == ["a (InputLayer)", "(None, 8)", "0", "-", "0", format_bytes(8 * 4), "-"]
    assert row(text, "sum (Add)")[4:] == [f"{1 * 8}", format_bytes(8 * 4), "a[0][0], b[0][0]"]


def test_show_trainable_and_layer_range(reference):
    reference.layers[0].trainable = False
    text = summary_text(reference, show_trainable=True, layer_range=["flatten", "dense"])
    assert row(text, "dense (Dense)")[-1] == "Y"
    assert "conv2d (Conv2D)" not in text
    # Totals still describe the whole model.
    assert " Non-trainable params: 896 (3.50 KB)" in text.splitlines()


def test_bad_layer_range(reference):
    with pytest.raises(ValueError, match="do not match the layer names"):
        reference.summary(layer_range=["nope", "dense"])
