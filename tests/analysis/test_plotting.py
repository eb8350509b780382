"""`plot_model` and `History.plot`: valid PNG/SVG files of sensible size, hot spot shown."""

import struct
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

pytest.importorskip("matplotlib", reason="plots need matplotlib (the `test` extra installs it)")

import lamina  # noqa: E402
from lamina import Input, Sequential, layers  # noqa: E402
from lamina.callbacks import History  # noqa: E402
from lamina.utils import plot_histories, plot_history, plot_model  # noqa: E402

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
HOT_FILL = "#fbd5d5"


def png_size(path):
    """(width, height) in pixels from the PNG's IHDR chunk."""
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def svg_root(path):
    root = ET.parse(path).getroot()
    assert root.tag.endswith("svg")
    return root


def svg_texts(root):
    return {"".join(node.itertext()).strip() for node in root.iter() if node.tag.endswith("text")}


def test_model_png_is_a_tall_image_of_sensible_size(reference, tmp_path):
    path = tmp_path / "model.png"
    figure = plot_model(reference, to_file=path, show_shapes=True, dpi=100)
    width, height = png_size(path)
    # Four boxes top to bottom (Input, Conv2D, Flatten, Dense): taller than wide, and a
    # few inches at 100 dpi either way.
    assert 150 < width < 2000 and 400 < height < 4000
    assert height > width
    assert (width, height) == tuple(round(v * 100) for v in figure.get_size_inches())


def test_model_svg_shows_names_shapes_counts_and_the_hot_spot(reference, tmp_path):
    path = tmp_path / "model.svg"
    plot_model(reference, to_file=path, show_shapes=True, show_layer_names=True)
    root = svg_root(path)
    texts = svg_texts(root)
    assert {"conv2d (Conv2D)", "flatten (Flatten)", "dense (Dense)", "input_layer (InputLayer)"} <= texts
    assert "Output shape: (None, 30, 30, 32)" in texts
    assert f"Params: 288,010 ({288_010 / 288_906:.1%})" in texts
    assert HOT_FILL in path.read_text()
    caption = " ".join(t for t in texts if "GlobalAveragePooling2D" in t or "→" in t)
    assert "288,010 → 330" in " ".join(caption.split())


def test_gap_model_has_no_hot_spot_highlight(gap, tmp_path):
    path = tmp_path / "gap.svg"
    plot_model(gap, to_file=path)
    texts = svg_texts(svg_root(path))
    assert {"Conv2D", "GlobalAveragePooling2D", "Dense"} <= texts  # Keras default: class names
    assert HOT_FILL not in path.read_text()
    assert not any(t.startswith("Hot spot") for t in texts)


def test_left_to_right_branching_model_is_wide(tmp_path):
    x = Input((8, 8, 3))
    a, b = layers.Conv2D(4, 3)(x), layers.Conv2D(4, 3)(x)
    model = lamina.Model(x, layers.Dense(2)(layers.GlobalAveragePooling2D()(layers.Add()([a, b]))))
    path = tmp_path / "branchy.png"
    plot_model(model, to_file=path, rankdir="LR", dpi=50)
    width, height = png_size(path)
    assert width > 2 * height


def test_plot_model_errors(reference, tmp_path):
    with pytest.raises(ValueError, match=r"unsupported format '\.gif'"):
        plot_model(reference, to_file=tmp_path / "model.gif")
    with pytest.raises(ValueError, match="has not yet been built"):
        plot_model(Sequential([layers.Dense(2)]), to_file=tmp_path / "model.png")
    with pytest.raises(ValueError, match="rankdir"):
        plot_model(reference, to_file=tmp_path / "model.png", rankdir="BT")
    with pytest.raises(ValueError, match="Unrecognized keyword"):
        plot_model(reference, to_file=tmp_path / "model.png", colour="red")


def scripted_history():
    """Three epochs: val_loss is best at the second (0-based 1), val_accuracy at the third."""
    history = History()
    history.on_train_begin()
    logs = [
        {"loss": 0.9, "accuracy": 0.5, "val_loss": 1.0, "val_accuracy": 0.4},
        {"loss": 0.5, "accuracy": 0.7, "val_loss": 0.7, "val_accuracy": 0.6},
        {"loss": 0.2, "accuracy": 0.9, "val_loss": 0.8, "val_accuracy": 0.65},
    ]
    for epoch, values in enumerate(logs):
        history.on_epoch_end(epoch, values)
    return history


def best_marker(ax):
    (line,) = [line for line in ax.get_lines() if line.get_label().startswith("best")]
    return list(line.get_xdata()), list(line.get_ydata()), line.get_label()


def test_history_plot_marks_the_best_epoch(tmp_path):
    history = scripted_history()
    path = tmp_path / "history.png"
    figure = history.plot(path)
    width, height = png_size(path)
    assert 400 < width < 3000 and 200 < height < 2000
    loss, accuracy = figure.axes
    assert (loss.get_title(), accuracy.get_title()) == ("loss", "accuracy")
    # Epochs are drawn 1-based, as the progress bar counts them.
    assert best_marker(loss) == ([2], [0.7], "best val_loss: 0.7 (epoch 2)")
    assert best_marker(accuracy) == ([3], [0.65], "best val_accuracy: 0.65 (epoch 3)")
    train, val = [line for line in loss.get_lines() if line.get_label().startswith(("training", "validation"))]
    assert list(train.get_ydata()) == [0.9, 0.5, 0.2] and list(val.get_ydata()) == [1.0, 0.7, 0.8]
    assert list(train.get_xdata()) == [1, 2, 3]


def test_history_plot_without_validation_marks_the_training_best(tmp_path):
    history = History()
    history.on_train_begin()
    for epoch, loss in enumerate([0.5, 0.3, 0.4]):
        history.on_epoch_end(epoch, {"loss": loss})
    figure = plot_history(history, to_file=tmp_path / "h.svg")
    svg_root(tmp_path / "h.svg")
    assert best_marker(figure.axes[0])[:2] == ([2], [0.3])


def test_history_plot_from_fit_and_without_a_file(tmp_path):
    import numpy as np

    model = Sequential([Input((4,)), layers.Dense(3, activation="softmax")])
    model.compile("sgd", "sparse_categorical_crossentropy", metrics=["accuracy"])
    x, y = np.random.rand(20, 4).astype("float32"), np.arange(20) % 3
    history = model.fit(x, y, epochs=2, validation_split=0.25, verbose=0)
    figure = history.plot(metrics=["loss"])
    assert len(figure.axes) == 1 and not list(tmp_path.iterdir())
    with pytest.raises(ValueError, match="no metric"):
        history.plot(metrics=["auc"])


def test_histories_side_by_side_share_each_rows_scale(tmp_path):
    first = scripted_history()
    second = History()
    second.on_train_begin()
    for epoch, (loss, val_loss) in enumerate([(2.0, 2.5), (1.5, 1.6), (1.2, 1.25)]):
        second.on_epoch_end(epoch, {"loss": loss, "val_loss": val_loss, "accuracy": 0.5, "val_accuracy": 0.4})
    path = tmp_path / "both.png"
    figure = plot_histories({"plain": first, "augmented": second}, to_file=path)
    assert png_size(path)[0] > png_size(path)[1]  # two columns, two rows
    titles = [ax.get_title() for ax in figure.axes]
    assert titles == ["plain: loss", "augmented: loss", "plain: accuracy", "augmented: accuracy"]
    plain_loss, augmented_loss = figure.axes[0], figure.axes[1]
    assert plain_loss.get_ylim() == augmented_loss.get_ylim()  # one scale per metric row
    assert best_marker(augmented_loss)[:2] == ([3], [1.25])
    with pytest.raises(ValueError, match="no metric"):
        plot_histories({"plain": first}, metrics=["auc"])
    with pytest.raises(ValueError, match="at least one"):
        plot_histories({})


def test_import_lamina_does_not_import_matplotlib_or_rich():
    code = "import sys, lamina; print('matplotlib' in sys.modules, 'rich' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
