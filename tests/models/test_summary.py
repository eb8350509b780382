"""`model.summary()`: title, rows and footer (KERAS_SEMANTICS M1-M3)."""

import numpy as np
import pytest

import lamina
from lamina import Input, Model, Sequential
from lamina.layers import BatchNormalization, Conv2D, Dense, Flatten, MaxPooling2D
from lamina.models.summary import format_bytes


@pytest.fixture(autouse=True)
def _fresh_names_and_wide_terminal(monkeypatch):
    """Auto names (`conv2d`, `dense`, `sequential`) restart for every test, and the table
    gets its default 88 columns whatever terminal runs the tests (no wrapped cells)."""
    monkeypatch.setenv("COLUMNS", "120")
    lamina.utils.clear_session()


def model_a():
    return Sequential([Input((32, 32, 3)), Conv2D(32, 3, activation="relu"), Flatten(), Dense(10)])


def summary_text(model, **kwargs):
    lines = []
    kwargs.setdefault("extra", False)  # the plain Keras table; the extra columns: tests/analysis
    model.summary(print_fn=lines.append, **kwargs)
    return "\n".join(lines)


def footer(text):
    return [line for line in text.splitlines() if line.startswith(" ") and "params:" in line]


def row(text, name):
    """The table row that starts with `name`, split into its cells."""
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip("│┃ ").split("│")]
        if cells and cells[0] == name:
            return cells
    raise AssertionError(f"no row {name!r} in:\n{text}")


def test_model_a_summary():
    text = summary_text(model_a())
    assert text.splitlines()[0] == 'Model: "sequential"'
    assert "Layer (type)" in text and "Output Shape" in text and "Param #" in text
    assert row(text, "conv2d (Conv2D)")[1:] == ["(None, 30, 30, 32)", "896"]
    assert row(text, "flatten (Flatten)")[1:] == ["(None, 28800)", "0"]
    assert row(text, "dense (Dense)")[1:] == ["(None, 10)", "288,010"]
    assert "InputLayer" not in text  # Sequential summaries leave the Input out
    assert footer(text) == [
        " Total params: 288,906 (1.10 MB)",
        " Trainable params: 288,906 (1.10 MB)",
        " Non-trainable params: 0 (0.00 B)",
    ]


def test_summary_prints_to_stdout_without_print_fn(capsys):
    model_a().summary()
    out = capsys.readouterr().out
    assert out.startswith('Model: "sequential"')
    assert " Total params: 288,906 (1.10 MB)" in out.splitlines()


def test_model_b_summary():
    model = Sequential([
        Input((32, 32, 3)), Conv2D(32, 3), MaxPooling2D(2), Conv2D(64, 3), MaxPooling2D(2), Flatten(),
        Dense(128), Dense(10),
    ])
    text = summary_text(model)
    assert row(text, "conv2d_1 (Conv2D)")[1:] == ["(None, 13, 13, 64)", "18,496"]
    assert row(text, "max_pooling2d_1 (MaxPooling2D)")[1:] == ["(None, 6, 6, 64)", "0"]
    assert row(text, "flatten (Flatten)")[1:] == ["(None, 2304)", "0"]
    assert row(text, "dense (Dense)")[1:] == ["(None, 128)", "295,040"]
    assert footer(text)[0] == " Total params: 315,722 (1.20 MB)"


def test_frozen_conv_summary():
    model = model_a()
    model.layers[0].trainable = False
    assert footer(summary_text(model)) == [
        " Total params: 288,906 (1.10 MB)",
        " Trainable params: 288,010 (1.10 MB)",
        " Non-trainable params: 896 (3.50 KB)",
    ]


def test_batch_norm_model_summary():
    model = Sequential([Input((32, 32, 3)), Conv2D(32, 3), BatchNormalization(), Flatten(), Dense(10)])
    text = summary_text(model)
    assert row(text, "batch_normalization (BatchNormalization)")[1:] == ["(None, 30, 30, 32)", "128"]
    assert footer(text) == [
        " Total params: 289,034 (1.10 MB)",
        " Trainable params: 288,970 (1.10 MB)",
        " Non-trainable params: 64 (256.00 B)",
    ]


def test_unbuilt_model_summary():
    model = Sequential([Conv2D(32, 3), Flatten(), Dense(10)])
    text = summary_text(model)
    assert row(text, "conv2d (Conv2D)")[1:] == ["?", "0 (unbuilt)"]
    assert row(text, "dense (Dense)")[1:] == ["?", "0 (unbuilt)"]
    assert footer(text) == [
        " Total params: 0 (0.00 B)",
        " Trainable params: 0 (0.00 B)",
        " Non-trainable params: 0 (0.00 B)",
    ]
    model(np.zeros((4, 32, 32, 3), "float32"))
    text = summary_text(model)
    assert row(text, "conv2d (Conv2D)")[1:] == ["(None, 30, 30, 32)", "896"]
    assert footer(text)[0] == " Total params: 288,906 (1.10 MB)"


def test_functional_summary_lists_inputs_and_connections():
    a, b = Input((8,), name="a"), Input((4,), name="b")
    h = Dense(6, name="h")(a)
    g = Dense(6, name="g")(b)
    model = Model([a, b], Dense(2, name="out")(lamina.layers.Add(name="sum")([h, g])), name="branchy")
    text = summary_text(model)
    assert text.splitlines()[0] == 'Model: "branchy"'
    assert "Connected to" in text
    assert row(text, "a (InputLayer)")[1:] == ["(None, 8)", "0", "-"]
    assert row(text, "sum (Add)")[1:] == ["(None, 6)", "0", "h[0][0], g[0][0]"]
    assert footer(text)[0] == " Total params: 98 (392.00 B)"


def test_functional_auto_name():
    x = Input((3,))
    assert summary_text(Model(x, Dense(2)(x))).splitlines()[0] == 'Model: "functional"'


def test_show_trainable_column():
    model = model_a()
    model.layers[0].trainable = False
    text = summary_text(model, show_trainable=True)
    assert "Trainable" in text.splitlines()[2]
    assert row(text, "conv2d (Conv2D)")[-1] == "N"
    assert row(text, "dense (Dense)")[-1] == "Y"
    assert row(text, "flatten (Flatten)")[-1] == "-"


def test_footer_matches_keras(keras):
    keras.utils.clear_session()
    theirs = keras.Sequential([
        keras.Input((32, 32, 3)), keras.layers.Conv2D(32, 3), keras.layers.BatchNormalization(),
        keras.layers.Flatten(), keras.layers.Dense(10),
    ])
    theirs.layers[0].trainable = False
    lines = []
    theirs.summary(print_fn=lambda text, line_break=False: lines.append(text))
    ours = Sequential([Input((32, 32, 3)), Conv2D(32, 3), BatchNormalization(), Flatten(), Dense(10)])
    ours.layers[0].trainable = False
    assert footer(summary_text(ours)) == footer("\n".join(lines))


@pytest.mark.parametrize(
    "size, text",
    [(0, "0.00 B"), (32, "32.00 B"), (1023, "1023.00 B"), (3584, "3.50 KB"), (1155624, "1.10 MB"), (3 * 1024**3, "3.00 GB")],
)
def test_format_bytes(size, text):
    assert format_bytes(size) == text


def _nested_model():
    import lamina

    inner = lamina.Sequential([lamina.Input((4,)), lamina.layers.Dense(3, name="inner_dense")], name="inner")
    return lamina.Sequential([lamina.Input((4,)), inner, lamina.layers.Dense(2)])


def test_expand_nested_lists_the_nested_models_layers():
    model = _nested_model()
    lines = []
    model.summary(expand_nested=True, print_fn=lines.append)
    assert "inner_dense (Dense)" in lines[0]
    lines = []
    model.summary(print_fn=lines.append)
    assert "inner_dense" not in lines[0]


def test_positions_set_the_column_edges():
    """Keras's `positions`: right edges as fractions of line_length (0.45 of 70 -> 31)."""
    lines = []
    _nested_model().summary(positions=[0.45, 0.75, 1.0], line_length=70, extra=False, print_fn=lines.append)
    header = next(line for line in lines[0].splitlines() if "Output Shape" in line)
    assert abs(header.index("Output Shape") - 0.45 * 70) <= 3
    with pytest.raises(ValueError, match="increasing"):
        _nested_model().summary(positions=[0.5, 0.4, 1.0], print_fn=lines.append)
