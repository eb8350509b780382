import types
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lamina.callbacks import EarlyStopping


def both(keras, drive, values, monitor="val_loss", **kwargs):
    """Runs ours and Keras's EarlyStopping on the same scripted values."""
    pairs = []
    for cls in (EarlyStopping, keras.callbacks.EarlyStopping):
        callback = cls(monitor=monitor, **kwargs)
        pairs.append((callback, drive(callback, values, monitor=monitor)))
    return pairs


def assert_same(pair_ours, pair_theirs):
    (ours, run), (theirs, keras_run) = pair_ours, pair_theirs
    assert run.epochs == keras_run.epochs
    assert ours.stopped_epoch == theirs.stopped_epoch
    assert ours.best_epoch == theirs.best_epoch
    assert ours.wait == theirs.wait
    assert ours.best == (None if theirs.best is None else float(theirs.best))
    for a, b in zip(run.model.weights, keras_run.model.weights):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize(
    "values, kwargs, epochs",
    [
        ([1.0] * 6, {}, 2),  # constant loss, patience 0: epoch 2 does not improve
        ([1.0] * 6, {"patience": 2}, 3),
        ([1.0, 0.9, 0.8, 0.85, 0.7, 0.9, 0.9, 0.6], {"patience": 2}, 7),
        ([1.0, 0.95, 0.93, 0.92], {"min_delta": 0.1}, 2),  # gains below min_delta don't count
        # Improving epochs never stop training, even when they miss the baseline.
        ([0.9, 0.8, 0.7, 0.6, 0.5], {"baseline": 0.55, "patience": 2}, 5),
        ([0.9, 0.8, 0.8, 0.8, 0.8], {"baseline": 0.55, "patience": 2}, 3),
        ([0.9, 0.8, 0.8, 0.8, 0.8], {"baseline": 0.85, "patience": 2}, 4),
        ([1.0, 1.0, 1.0, 1.0, 1.0], {"start_from_epoch": 3}, 5),
        ([1.0, 1.0, 1.0, 1.0, 1.0, 1.0], {"start_from_epoch": 2, "patience": 1}, 4),
        ([0.5, 0.3, 0.4, 0.45, 0.2], {"patience": 2, "restore_best_weights": True}, 4),
        # Equal in float32, which is where Keras compares: not an improvement.
        ([0.30000001, 0.3, 0.3], {"patience": 1}, 2),
    ],
)
def test_matches_keras_on_scripted_losses(keras, drive, values, kwargs, epochs):
    ours, theirs = both(keras, drive, values, **kwargs)
    assert ours[1].epochs == epochs
    assert_same(ours, theirs)


def test_max_mode_for_accuracy(keras, drive):
    values = [0.5, 0.6, 0.6, 0.55, 0.7]
    ours = EarlyStopping(monitor="val_accuracy", patience=1)  # "auto" resolves to max
    run = drive(ours, values, monitor="val_accuracy")
    # Keras needs the model's compiled metrics to infer the direction; say it explicitly.
    theirs = keras.callbacks.EarlyStopping(monitor="val_accuracy", patience=1, mode="max")
    keras_run = drive(theirs, values, monitor="val_accuracy")
    assert run.epochs == keras_run.epochs == 3
    assert ours.best == 0.6 and ours.best_epoch == theirs.best_epoch == 1


def test_restore_best_weights_even_without_stopping(keras, drive):
    values = [0.5, 0.2, 0.3, 0.4]
    ours, theirs = both(keras, drive, values, patience=10, restore_best_weights=True)
    assert ours[1].epochs == 4 and ours[0].stopped_epoch == 0
    np.testing.assert_array_equal(ours[1].model.weights[0], np.full((2, 3), 1.0))
    assert_same(ours, theirs)


def test_restore_best_weights_below_baseline_keeps_first_epoch(keras, drive):
    values = [0.9, 0.95, 0.97]
    ours, theirs = both(keras, drive, values, patience=2, baseline=0.5, restore_best_weights=True)
    assert ours[0].best_epoch == 0
    assert_same(ours, theirs)


def test_best_weights_are_copies_of_live_weights(drive, fake_model):
    class ViewModel(fake_model):
        def get_weights(self):  # like CPU tensor.numpy(): shares memory
            return self.weights

    callback = EarlyStopping(patience=5, restore_best_weights=True)
    run = drive(callback, [0.1, 0.5, 0.6], model=ViewModel())
    np.testing.assert_array_equal(run.model.weights[1], np.zeros(3))


def test_missing_monitor_warns_like_keras(keras, drive):
    with pytest.warns(UserWarning) as ours:
        run = drive(EarlyStopping(), [0.1, 0.1, 0.1], monitor="loss")
    with warnings.catch_warnings(record=True) as theirs:
        warnings.simplefilter("always")
        drive(keras.callbacks.EarlyStopping(), [0.1], monitor="loss")
    expected = (
        "Early stopping conditioned on metric `val_loss` which is not available. "
        "Available metrics are: loss"
    )
    assert str(ours[0].message) == expected == str(theirs[0].message)
    assert run.epochs == 3  # never stops


def test_verbose_messages(capsys, drive):
    drive(EarlyStopping(verbose=1, restore_best_weights=True), [0.3, 0.4, 0.5])
    assert capsys.readouterr().out.splitlines() == [
        "Epoch 2: early stopping",
        "Restoring model weights from the end of the best epoch: 1.",
    ]


def test_reuse_resets_state(drive):
    callback = EarlyStopping(patience=1)
    assert drive(callback, [1.0, 1.0, 1.0]).epochs == 2
    assert drive(callback, [0.5, 0.4, 0.3]).epochs == 3
    assert callback.stopped_epoch == 0


def test_unknown_mode_warns_and_falls_back_to_auto():
    with pytest.warns(UserWarning, match="mode 'upward' is unknown"):
        callback = EarlyStopping(mode="upward")
    assert callback.mode == "auto"


def test_auto_mode_uses_model_metric_direction(drive, fake_model):
    model = fake_model(metrics=[types.SimpleNamespace(name="score", _direction="up")])
    run = drive(
        EarlyStopping(monitor="val_score"), [0.1, 0.2, 0.3, 0.2], model=model, monitor="val_score"
    )
    assert run.epochs == 4


def test_auto_mode_unknown_metric_raises(drive):
    with pytest.raises(ValueError, match=r"monitor='val_wiggle'.*mode='min'"):
        drive(EarlyStopping(monitor="val_wiggle"), [0.1], monitor="val_wiggle")


# Few distinct values so that ties and min_delta edges come up often.
_values = st.lists(st.sampled_from([0.1, 0.3, 0.30000001, 0.35, 0.5, 0.9]), min_size=1, max_size=9)


@given(
    values=_values,
    patience=st.integers(0, 3),
    min_delta=st.sampled_from([0.0, 0.05, 0.2]),
    baseline=st.sampled_from([None, 0.3, 0.6]),
    mode=st.sampled_from(["min", "max"]),
    restore=st.booleans(),
    start_from_epoch=st.integers(0, 3),
)
def test_matches_keras_on_random_sequences(
    keras, drive, values, patience, min_delta, baseline, mode, restore, start_from_epoch
):
    kwargs = dict(
        patience=patience,
        min_delta=min_delta,
        baseline=baseline,
        mode=mode,
        restore_best_weights=restore,
        start_from_epoch=start_from_epoch,
    )
    assert_same(*both(keras, drive, values, **kwargs))
