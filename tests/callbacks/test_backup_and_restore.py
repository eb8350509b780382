"""BackupAndRestore: an interrupted `fit` resumes to exactly the uninterrupted result, the
files follow Keras's layout and are written atomically."""

import json
import os
import tempfile

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import lamina
from lamina import layers
from lamina.callbacks import BackupAndRestore, Callback

EPOCHS = 5


def _data():
    rng = np.random.default_rng(0)
    x = rng.random((12, 3), dtype=np.float32)
    return x, x.sum(axis=1, keepdims=True)


def _model(optimizer="adam", weights=None):
    model = lamina.Sequential([lamina.Input((3,)), layers.Dense(4, activation="relu"), layers.Dense(1)])
    if weights is not None:
        model.set_weights(weights)
    if optimizer == "adam":
        model.compile(lamina.optimizers.Adam(0.01), "mse", metrics=["mae"])
    else:
        model.compile(lamina.optimizers.SGD(0.05, momentum=0.9), "mse", metrics=["mae"])
    return model


def _fit(model, callbacks, epochs=EPOCHS):
    x, y = _data()
    # No shuffling: a resumed run cannot replay the batch order of a shuffled one (nor can Keras).
    return model.fit(x, y, batch_size=4, epochs=epochs, shuffle=False, verbose=0, callbacks=callbacks)


def _interrupt(base, at_epoch=None, at_batch=None):
    """A callback of class `base` that raises at the start of epoch `at_epoch`, or after
    training batch number `at_batch` (counted from 1 over the run)."""

    class Interrupt(base):
        seen = 0

        def on_epoch_begin(self, epoch, logs=None):
            if epoch == at_epoch:
                raise RuntimeError("Interrupting!")

        def on_train_batch_end(self, batch, logs=None):
            Interrupt.seen += 1
            if Interrupt.seen == at_batch:
                raise RuntimeError("Interrupting!")

    return Interrupt()


def _files(folder):
    return sorted(os.listdir(folder))


@pytest.mark.parametrize("optimizer", ["adam", "sgd"])
@pytest.mark.parametrize("fresh_model", [True, False], ids=["new_process", "same_model"])
def test_resumed_fit_ends_exactly_like_an_uninterrupted_one(tmp_path, optimizer, fresh_model):
    initial = _model(optimizer).get_weights()
    reference = _model(optimizer, initial)
    expected = _fit(reference, []).history

    backup = tmp_path / "backup"
    model = _model(optimizer, initial)
    with pytest.raises(RuntimeError, match="Interrupting"):
        _fit(model, [BackupAndRestore(backup), _interrupt(Callback, at_epoch=2)])
    assert _files(backup) == ["latest.weights.h5", "training_metadata.json"]
    assert json.loads((backup / "training_metadata.json").read_text()) == {"epoch": 2, "batch": 0}

    if fresh_model:  # a restarted process: other initial weights and a new, unbuilt optimizer
        model = _model(optimizer)
    resumed = _fit(model, [BackupAndRestore(backup)]).history
    assert resumed == {name: values[2:] for name, values in expected.items()}
    for ours, theirs in zip(model.get_weights(), reference.get_weights()):
        np.testing.assert_array_equal(ours, theirs)
    assert len(model.optimizer.variables) == len(reference.optimizer.variables)
    for ours, theirs in zip(model.optimizer.variables, reference.optimizer.variables):
        np.testing.assert_array_equal(ours.numpy(), theirs.numpy())
    assert not backup.exists()  # a finished fit deletes the backup (delete_checkpoint=True)


def test_a_later_fit_starts_from_its_own_initial_epoch(tmp_path):
    backup = tmp_path / "backup"
    model = _model()
    with pytest.raises(RuntimeError):
        _fit(model, [BackupAndRestore(backup), _interrupt(Callback, at_epoch=3)])
    assert len(_fit(model, [BackupAndRestore(backup)]).history["loss"]) == EPOCHS - 3
    # The resumed epoch is not left behind on the model (Keras keeps it: a stale resume).
    assert len(_fit(model, []).history["loss"]) == EPOCHS


def test_delete_checkpoint_false_keeps_the_final_backup(tmp_path):
    backup = tmp_path / "backup"
    model = _model()
    _fit(model, [BackupAndRestore(backup, delete_checkpoint=False)])
    assert json.loads((backup / "training_metadata.json").read_text()) == {"epoch": EPOCHS, "batch": 0}
    restored = _model()
    restored.load_weights(backup / "latest.weights.h5")
    for ours, theirs in zip(restored.get_weights(), model.get_weights()):
        np.testing.assert_array_equal(ours, theirs)
    # Nothing is left to do: a new fit with the same folder runs no epoch.
    assert _fit(_model(), [BackupAndRestore(backup, delete_checkpoint=False)]).history == {}


def test_double_checkpoint_falls_back_to_the_previous_backup(tmp_path):
    initial = _model().get_weights()
    reference = _model(weights=initial)
    _fit(reference, [])
    backup = tmp_path / "backup"
    with pytest.raises(RuntimeError):
        _fit(_model(weights=initial), [BackupAndRestore(backup, double_checkpoint=True),
                                       _interrupt(Callback, at_epoch=3)])
    assert _files(backup) == ["latest.weights.h5", "latest.weights.h5.bkp",
                              "training_metadata.json", "training_metadata.json.bkp"]
    assert json.loads((backup / "training_metadata.json.bkp").read_text())["epoch"] == 2
    (backup / "latest.weights.h5").write_bytes(b"corrupted")
    model = _model()
    history = _fit(model, [BackupAndRestore(backup, double_checkpoint=True)]).history
    assert len(history["loss"]) == EPOCHS - 2  # resumed from the previous backup (epoch 2)
    for ours, theirs in zip(model.get_weights(), reference.get_weights()):
        np.testing.assert_array_equal(ours, theirs)


def test_a_corrupted_backup_without_a_previous_one_fails(tmp_path):
    backup = tmp_path / "backup"
    backup.mkdir()
    (backup / "latest.weights.h5").write_bytes(b"corrupted")
    with pytest.raises(ValueError, match="latest.weights.h5"):
        _fit(_model(), [BackupAndRestore(backup)])


def test_a_failed_backup_leaves_the_previous_one_whole(tmp_path, monkeypatch):
    backup = tmp_path / "backup"
    snapshots = []

    class BreakRenames(Callback):  # runs before BackupAndRestore's own on_epoch_end
        def on_epoch_end(self, epoch, logs=None):
            snapshots.append([w.copy() for w in self.model.get_weights()])
            if epoch == 2:
                def failing(*args):
                    raise OSError("disk full")

                monkeypatch.setattr(os, "replace", failing)

    with pytest.raises(OSError, match="disk full"):
        _fit(_model(), [BreakRenames(), BackupAndRestore(backup)])
    monkeypatch.undo()
    assert _files(backup) == ["latest.weights.h5", "training_metadata.json"]  # no temporary files
    assert json.loads((backup / "training_metadata.json").read_text())["epoch"] == 2
    restored = _model()
    restored.load_weights(backup / "latest.weights.h5")
    for ours, theirs in zip(restored.get_weights(), snapshots[1]):
        np.testing.assert_array_equal(ours, theirs)


def test_batch_backups_match_keras_files(keras, tmp_path):
    """save_freq=int: Keras's metadata (finished epochs, last batch) and layout, and the
    resumed run restarts that epoch, in both."""

    def keras_model():
        model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, activation="relu"),
                                  keras.layers.Dense(1)])
        model.compile(keras.optimizers.Adam(0.01), "mse")
        return model

    runs = []
    for make, cls, base in ((_model, BackupAndRestore, Callback),
                            (keras_model, keras.callbacks.BackupAndRestore, keras.callbacks.Callback)):
        backup = tmp_path / cls.__module__.split(".")[0]
        with pytest.raises(RuntimeError):  # 3 batches an epoch: batch 8 is epoch 2's second
            _fit(make(), [cls(backup, save_freq=2), _interrupt(base, at_batch=8)])
        files = _files(backup)
        metadata = json.loads((backup / "training_metadata.json").read_text())
        resumed = _fit(make(), [cls(backup, save_freq=2)]).history
        runs.append((files, metadata, len(resumed["loss"])))
    assert runs[0] == runs[1]
    # Saved after batch 8 = epoch 2's batch 1 (every 2 batches); epoch 2 then runs again.
    assert runs[0] == (["latest.weights.h5", "training_metadata.json"], {"epoch": 2, "batch": 1},
                       EPOCHS - 2)


def test_keras_written_backup_resumes_in_lamina(keras, tmp_path):
    backup = tmp_path / "backup"
    theirs = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, activation="relu"),
                               keras.layers.Dense(1)])
    theirs.compile(keras.optimizers.Adam(0.01), "mse")
    with pytest.raises(RuntimeError):
        _fit(theirs, [keras.callbacks.BackupAndRestore(backup),
                      _interrupt(keras.callbacks.Callback, at_epoch=2)])
    model = lamina.Sequential([lamina.Input((3,)), layers.Dense(4, activation="relu"), layers.Dense(1)])
    model.compile(lamina.optimizers.Adam(0.01), "mse")
    history = _fit(model, [BackupAndRestore(backup, delete_checkpoint=False)], epochs=2).history
    assert history == {}  # Keras's backup says 2 epochs are done
    for ours, reference in zip(model.get_weights(), theirs.get_weights()):
        np.testing.assert_array_equal(ours, reference)
    assert int(model.optimizer.iterations) == int(theirs.optimizer.iterations) == 6


def test_lamina_written_backup_resumes_in_keras(keras, tmp_path):
    backup = tmp_path / "backup"
    model = _model()
    with pytest.raises(RuntimeError):
        _fit(model, [BackupAndRestore(backup), _interrupt(Callback, at_epoch=2)])
    theirs = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, activation="relu"),
                               keras.layers.Dense(1)])
    theirs.compile(keras.optimizers.Adam(0.01), "mse", metrics=["mae"])
    history = _fit(theirs, [keras.callbacks.BackupAndRestore(backup, delete_checkpoint=False)], epochs=2)
    assert history.history == {}
    for ours, reference in zip(model.get_weights(), theirs.get_weights()):
        np.testing.assert_array_equal(ours, reference)
    for ours, reference in zip(model.optimizer.variables, theirs.optimizer.variables):
        np.testing.assert_array_equal(ours.numpy(), np.asarray(reference))


def test_unbuilt_model_is_refused(tmp_path):
    model = lamina.Sequential([layers.Dense(1)])
    model.compile("sgd", "mse")
    with pytest.raises(ValueError, match="must be built before you call `fit\\(\\)`"):
        _fit(model, [BackupAndRestore(tmp_path / "backup")])


@pytest.mark.parametrize("kwargs, match", [
    ({"backup_dir": ""}, "Empty `backup_dir`"),
    ({"backup_dir": "b", "save_freq": "batch"}, "save_freq='batch'"),
    ({"backup_dir": "b", "save_freq": 0}, "save_freq=0"),
    ({"backup_dir": "b", "save_freq": True}, "save_freq=True"),
])
def test_bad_arguments_fail_at_the_door(kwargs, match):
    with pytest.raises(ValueError, match=match):
        BackupAndRestore(**kwargs)


def test_constructor_matches_keras(keras, tmp_path):
    ours = BackupAndRestore(tmp_path, save_freq=3, double_checkpoint=True)
    theirs = keras.callbacks.BackupAndRestore(str(tmp_path), save_freq=3, double_checkpoint=True)
    for name in ("backup_dir", "save_freq", "double_checkpoint", "delete_checkpoint",
                 "_weights_path", "_training_metadata_path", "_prev_weights_path"):
        assert getattr(ours, name) == getattr(theirs, name), name


class _FakeModel:
    """What BackupAndRestore touches; `save_weights` records which batch the state is from."""

    def __init__(self):
        self.built, self.optimizer, self.name, self.state = True, None, "fake", "start"

    def save_weights(self, filepath, overwrite=True):
        with open(filepath, "w") as handle:
            handle.write(self.state)


def _drive(callback, batches_per_epoch, epochs, stop_after):
    """Runs the hooks as `fit` does until `stop_after` batches have run (an interruption)."""
    model = _FakeModel()
    callback.set_model(model)
    callback.set_params({"epochs": epochs, "steps": batches_per_epoch, "verbose": 0})
    callback.on_train_begin({})
    seen = 0
    for epoch in range(epochs):
        callback.on_epoch_begin(epoch, {})
        for batch in range(batches_per_epoch):
            model.state = f"{epoch}/{batch}"
            callback.on_train_batch_begin(batch, {})
            callback.on_train_batch_end(batch, {})
            seen += 1
            if seen == stop_after:
                return
        callback.on_epoch_end(epoch, {})


def _read(path):
    with open(path) as handle:
        return handle.read()


@given(save_freq=st.sampled_from(["epoch", 1, 2, 3, 5]), batches=st.integers(1, 4),
       stop_after=st.integers(1, 14))
def test_backups_are_taken_when_keras_takes_them(keras, save_freq, batches, stop_after):
    """Same hooks, same backups (metadata and which batch's weights) as Keras's callback."""
    results = []
    for cls in (BackupAndRestore, keras.callbacks.BackupAndRestore):
        with tempfile.TemporaryDirectory() as folder:
            _drive(cls(folder, save_freq=save_freq), batches, epochs=4, stop_after=stop_after)
            files = {name: _read(os.path.join(folder, name)) for name in os.listdir(folder)}
        results.append(files)
    assert results[0] == results[1]
