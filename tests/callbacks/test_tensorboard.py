"""TensorBoard: the event files, read back with TensorBoard's own reader, hold Keras's tags,
steps and the values History recorded.

Keras's TensorBoard needs TensorFlow, which is not installed, so the expected tags and
steps are derived here from keras/src/callbacks/tensorboard.py (`_log_epoch_metrics`,
`on_train_batch_end`, `on_test_end`, `_log_weights`, `_log_weight_as_image`).
"""

import json
import sys

import numpy as np
import pytest

import lamina
from lamina import layers
from lamina.callbacks import LambdaCallback, TensorBoard

pytest.importorskip("tensorboard")
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator  # noqa: E402


def _events(folder):
    accumulator = EventAccumulator(str(folder), size_guidance={"scalars": 0, "histograms": 0,
                                                              "images": 0, "tensors": 0})
    accumulator.Reload()
    return accumulator


def _scalars(events, tag):
    return [(e.step, e.value) for e in events.Scalars(tag)]


def _f32(values):
    return [float(np.float32(v)) for v in values]  # event files hold float32 scalars


def _model(learning_rate=0.05):
    model = lamina.Sequential([lamina.Input((3,)), layers.Dense(2, activation="relu", name="hidden"),
                               layers.Dense(1, name="out")], name="net")
    model.compile(lamina.optimizers.SGD(learning_rate), "mse", metrics=["mae"])
    return model


def _data(n=12):
    rng = np.random.default_rng(0)
    x = rng.random((n, 3), dtype=np.float32)
    return x, x.sum(axis=1, keepdims=True)


def _fit(tmp_path, epochs=3, **kwargs):
    x, y = _data()
    model = _model()
    batches = []
    spy = LambdaCallback(on_train_batch_end=lambda batch, logs: batches.append(dict(logs)))
    callback = TensorBoard(tmp_path / "logs", **kwargs)
    history = model.fit(x, y, batch_size=4, epochs=epochs, validation_data=(x[:6], y[:6]),
                        callbacks=[spy, callback], verbose=0)
    return model, history.history, batches


def test_epoch_scalars_match_history(tmp_path):
    model, history, _ = _fit(tmp_path)
    train, val = _events(tmp_path / "logs" / "train"), _events(tmp_path / "logs" / "validation")
    assert set(train.Tags()["scalars"]) == {"epoch_loss", "epoch_mae", "epoch_learning_rate"}
    for name in ("loss", "mae"):
        assert _scalars(train, f"epoch_{name}") == list(zip(range(3), _f32(history[name])))
        assert _scalars(val, f"epoch_{name}") == list(zip(range(3), _f32(history[f"val_{name}"])))
    assert _scalars(train, "epoch_learning_rate") == [(e, _f32([0.05])[0]) for e in range(3)]
    # After each validation: `evaluation_<name>_vs_iterations` at step optimizer.iterations
    # (3 batches of 4 per epoch).
    assert _scalars(val, "evaluation_loss_vs_iterations") == list(
        zip([3, 6, 9], _f32(history["val_loss"]))
    )
    assert int(model.optimizer.iterations) == 9


@pytest.mark.parametrize("update_freq, steps", [("batch", list(range(1, 10))), (2, [2, 4, 6, 8])])
def test_batch_scalars_every_update_freq_batches(tmp_path, update_freq, steps):
    _, _, batches = _fit(tmp_path, update_freq=update_freq)
    train = _events(tmp_path / "logs" / "train")
    # The step counts training batches from 1 across epochs; the value is the running
    # metric the batch hook received.
    for name in ("loss", "mae"):
        expected = [(s, _f32([batches[s - 1][name]])[0]) for s in steps]
        assert _scalars(train, f"batch_{name}") == expected


def test_epoch_update_freq_writes_no_batch_scalars(tmp_path):
    _fit(tmp_path, write_steps_per_second=True)
    tags = _events(tmp_path / "logs" / "train").Tags()["scalars"]
    assert not [t for t in tags if t.startswith("batch_")]
    assert "epoch_steps_per_second" in tags


def test_steps_per_second(tmp_path):
    _fit(tmp_path, epochs=2, update_freq=3, write_steps_per_second=True)
    train = _events(tmp_path / "logs" / "train")
    assert [s for s, _ in _scalars(train, "batch_steps_per_second")] == [3, 6]
    per_epoch = _scalars(train, "epoch_steps_per_second")
    assert [s for s, _ in per_epoch] == [0, 1] and all(v > 0 for _, v in per_epoch)


def test_weight_histograms_every_histogram_freq_epochs(tmp_path):
    model, _, _ = _fit(tmp_path, histogram_freq=2)
    train = _events(tmp_path / "logs" / "train")
    tags = sorted(train.Tags()["histograms"])
    # `{weight.path}/histogram` for every weight of every layer (keras _log_weights).
    expected = sorted(f"{w.path}/histogram" for layer in model.layers for w in layer.weights)
    assert tags == expected == sorted(f"net/{name}/histogram" for name in
                                      ("hidden/kernel", "hidden/bias", "out/kernel", "out/bias"))
    for layer in model.layers:
        for weight in layer.weights:
            events = train.Histograms(f"{weight.path}/histogram")
            assert [e.step for e in events] == [0, 2]  # epoch % histogram_freq == 0
            last = events[-1].histogram_value  # written after the last epoch: the final weights
            values = weight.detach().numpy().astype(np.float64)
            assert last.num == values.size
            assert last.min == pytest.approx(values.min(), rel=1e-6)
            assert last.max == pytest.approx(values.max(), rel=1e-6)
            assert last.sum == pytest.approx(values.sum(), rel=1e-5, abs=1e-6)


def test_write_images_follow_keras_layout(tmp_path):
    model, _, _ = _fit(tmp_path, epochs=1, histogram_freq=1, write_images=True)
    images = _events(tmp_path / "logs" / "train")
    # keras _log_weight_as_image squeezes the weight; a vector (n,) becomes [1, n, 1, 1]
    # (height n, width 1); a matrix (a, b) is transposed when a > b, then [1, a, b, 1].
    expected = {
        "net/hidden/kernel/image": (2, 3),  # (3, 2) -> transposed
        "net/hidden/bias/image": (2, 1),
        "net/out/kernel/image": (2, 1),  # (2, 1) is squeezed first: shown as a bias is
        "net/out/bias/image": None,  # (1,) squeezes to a scalar: no image
    }
    tags = set(images.Tags()["images"])
    for tag, shape in expected.items():
        if shape is None:
            assert tag not in tags
            continue
        (event,) = images.Images(tag)
        assert (event.height, event.width) == shape
    assert len(model.layers) == 2


def test_conv1d_kernel_images_are_one_grid(tmp_path):
    model = lamina.Sequential([lamina.Input((6, 2)), layers.Conv1D(4, 3, name="conv"),
                               layers.Flatten(), layers.Dense(1)], name="cnn")
    model.compile("sgd", "mse")
    x = np.random.default_rng(0).random((4, 6, 2), dtype=np.float32)
    callback = TensorBoard(tmp_path / "logs", histogram_freq=1, write_images=True, write_graph=False)
    model.fit(x, np.zeros((4, 1), np.float32), epochs=1, callbacks=[callback], verbose=0)
    (event,) = _events(tmp_path / "logs" / "train").Images("cnn/conv/kernel/image")
    # Keras: the (3, 2, 4) kernel becomes 4 images of 3 x 2 (channels_last: output axis
    # first); torch's SummaryWriter lays a batch of images side by side (up to 8 a row).
    assert (event.height, event.width) == (3, 4 * 2)


def test_write_graph_writes_the_model_config(tmp_path):
    model, _, _ = _fit(tmp_path, epochs=1)
    train = _events(tmp_path / "logs" / "train")
    (event,) = train.Tensors("keras")
    assert event.step == 0
    assert json.loads(event.tensor_proto.string_val[0].decode()) == json.loads(model.to_json())


def test_write_graph_false_writes_no_config(tmp_path):
    _fit(tmp_path, epochs=1, write_graph=False)
    assert "keras" not in _events(tmp_path / "logs" / "train").Tags()["tensors"]


def test_evaluate_logs_evaluation_scalars(tmp_path):
    x, y = _data()
    model = _model()
    model.fit(x, y, batch_size=6, epochs=1, verbose=0)
    callback = TensorBoard(tmp_path / "logs")
    logs = model.evaluate(x, y, callbacks=[callback], verbose=0, return_dict=True)
    assert callback._writers == {}  # closed: no `on_train_end` comes after `evaluate`
    val = _events(tmp_path / "logs" / "validation")
    assert _scalars(val, "evaluation_mae_vs_iterations") == [(2, _f32([logs["mae"]])[0])]
    model.predict(x, callbacks=[callback], verbose=0)
    assert callback._writers == {}
    assert len(_events(tmp_path / "logs" / "train").Tensors("keras")) == 2  # one per set_model


def test_embeddings_are_written_for_the_projector(tmp_path):
    model = lamina.Sequential([lamina.Input((2,), dtype="int32"), layers.Embedding(5, 3, name="words"),
                               layers.Flatten(), layers.Dense(1)])
    model.compile("sgd", "mse")
    labels = tmp_path / "labels.tsv"
    labels.write_text("\n".join(f"w{i}" for i in range(5)))
    x = np.array([[0, 1], [2, 3], [4, 0]], dtype=np.int32)
    callback = TensorBoard(tmp_path / "logs", embeddings_freq=1, embeddings_metadata={"words": str(labels)})
    model.fit(x, np.zeros((3, 1), np.float32), epochs=2, callbacks=[callback], verbose=0)
    train = tmp_path / "logs" / "train"
    assert "words" in (train / "projector_config.pbtxt").read_text()
    written = np.loadtxt(train / "00001" / "words" / "tensors.tsv", delimiter="\t")
    np.testing.assert_allclose(written, model.layers[0].embeddings.detach().numpy(), rtol=1e-6)
    assert (train / "00001" / "words" / "metadata.tsv").read_text().split() == [f"w{i}" for i in range(5)]


def test_unknown_embedding_layer_in_metadata_fails(tmp_path):
    model = _model()
    callback = TensorBoard(tmp_path / "logs", write_graph=False, embeddings_freq=1,
                           embeddings_metadata={"nope": "labels.tsv"})
    with pytest.raises(ValueError, match="Unrecognized `Embedding` layer names.*nope"):
        callback.set_model(model)


@pytest.mark.parametrize("profile_batch", [2, (1, 3), "1,3"])
def test_profiling_is_refused_as_on_keras_torch_backend(profile_batch):
    with pytest.raises(ValueError, match="torch.profiler.*must be 0"):
        TensorBoard(profile_batch=profile_batch)


@pytest.mark.parametrize("kwargs", [{"update_freq": 0}, {"update_freq": "often"},
                                    {"histogram_freq": -1}, {"embeddings_freq": 1.5}])
def test_bad_arguments_fail_at_the_door(kwargs):
    name = next(iter(kwargs))
    with pytest.raises(ValueError, match=f"`{name}`.*Received: {name}="):
        TensorBoard(**kwargs)


def test_missing_tensorboard_names_the_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "tensorboard", None)  # `import tensorboard` now fails
    with pytest.raises(ImportError, match=r"pip install tensorboard.*lamina\[tensorboard\]"):
        TensorBoard(tmp_path / "logs").set_model(_model())


def test_constructor_matches_keras(keras):
    ours, theirs = TensorBoard(update_freq="batch"), keras.callbacks.TensorBoard(update_freq="batch")
    for name in ("log_dir", "histogram_freq", "write_graph", "write_images", "write_steps_per_second",
                 "update_freq", "embeddings_freq", "embeddings_metadata"):
        assert getattr(ours, name) == getattr(theirs, name), name
