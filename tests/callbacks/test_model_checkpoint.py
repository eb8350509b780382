"""ModelCheckpoint: what gets written, when, and that it loads back."""

import numpy as np
import pytest

import lamina
from lamina import layers
from lamina.callbacks import ModelCheckpoint


def _model():
    model = lamina.Sequential([lamina.Input((4,)), layers.Dense(1)])
    model.compile(lamina.optimizers.SGD(0.05), "mse")
    return model


def _data():
    rng = np.random.default_rng(0)
    x = rng.random((32, 4), dtype=np.float32)
    return x, x.sum(axis=1, keepdims=True)


def test_every_epoch_is_saved_with_formatted_names(tmp_path):
    x, y = _data()
    model = _model()
    path = tmp_path / "m-{epoch:02d}-{loss:.4f}.keras"
    history = model.fit(x, y, epochs=3, callbacks=[ModelCheckpoint(path, monitor="loss")], verbose=0)
    names = sorted(p.name for p in tmp_path.iterdir())
    expected = [f"m-{e + 1:02d}-{loss:.4f}.keras" for e, loss in enumerate(history.history["loss"])]
    assert names == expected
    restored = lamina.models.load_model(tmp_path / expected[-1])
    np.testing.assert_allclose(restored.predict(x, verbose=0), model.predict(x, verbose=0), rtol=1e-6)


def test_save_best_only_keeps_the_best_epoch(tmp_path):
    x, y = _data()
    model = _model()
    scripted = iter([3.0, 1.0, 2.0, 0.5, 0.7])

    class Scripted(lamina.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            logs["score"] = next(scripted)

    saved = []
    checkpoint = ModelCheckpoint(tmp_path / "best.weights.h5", monitor="score", mode="min",
                                 save_best_only=True, save_weights_only=True)
    spy = lamina.callbacks.LambdaCallback(on_epoch_end=lambda e, logs: saved.append(
        (tmp_path / "best.weights.h5").stat().st_mtime_ns if (tmp_path / "best.weights.h5").exists() else None))
    model.fit(x, y, epochs=5, callbacks=[Scripted(), checkpoint, spy], verbose=0)
    assert checkpoint.best == 0.5
    # Written at epochs 0, 1 and 3 (improvements), untouched at 2 and 4.
    assert saved[2] == saved[1] and saved[4] == saved[3] and saved[3] != saved[1]


def test_weights_only_checkpoint_restores_weights(tmp_path):
    x, y = _data()
    model = _model()
    model.fit(x, y, epochs=1, callbacks=[ModelCheckpoint(tmp_path / "w.weights.h5", save_weights_only=True,
                                                          monitor="loss")], verbose=0)
    fresh = _model()
    fresh.load_weights(tmp_path / "w.weights.h5")
    for a, b in zip(fresh.get_weights(), model.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_extension_must_match_the_mode(tmp_path):
    with pytest.raises(ValueError, match=r"must end in `\.keras`"):
        ModelCheckpoint(tmp_path / "m.h5")
    with pytest.raises(ValueError, match=r"must end in `\.weights\.h5`"):
        ModelCheckpoint(tmp_path / "m.keras", save_weights_only=True)
