import warnings

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lamina.callbacks import ReduceLROnPlateau


def both(keras, drive, fake_model, values, learning_rate=0.1, monitor="val_loss", **kwargs):
    """Learning rates after each epoch, and the logs, for ours and Keras's callback."""
    runs = []
    for cls in (ReduceLROnPlateau, keras.callbacks.ReduceLROnPlateau):
        model = fake_model(learning_rate=learning_rate)
        runs.append(drive(cls(monitor=monitor, **kwargs), values, model=model, monitor=monitor))
    return runs


@pytest.mark.parametrize(
    "values, kwargs, expected",
    [
        ([1.0] * 5, {"patience": 1}, [0.1, 0.01, 0.001, 1e-4, 1e-5]),
        ([1.0] * 6, {"patience": 2}, [0.1, 0.1, 0.01, 0.01, 0.001, 0.001]),
        # The cooldown counter drops on the epoch that reaches 0, so cooldown=2 idles one epoch.
        ([1.0] * 6, {"patience": 1, "cooldown": 2}, [0.1, 0.01, 0.01, 0.001, 0.001, 1e-4]),
        ([1.0] * 5, {"patience": 1, "min_lr": 0.005}, [0.1, 0.01, 0.005, 0.005, 0.005]),
        ([1.0, 0.99995, 0.9, 0.9], {"patience": 1}, [0.1, 0.01, 0.01, 0.001]),  # min_delta 1e-4
        ([1.0] * 4, {"patience": 1, "factor": 0.5}, [0.1, 0.05, 0.025, 0.0125]),
    ],
)
def test_matches_keras_schedule(keras, drive, fake_model, values, kwargs, expected):
    ours, theirs = both(keras, drive, fake_model, values, **kwargs)
    assert ours.lrs == theirs.lrs
    assert ours.lrs == pytest.approx(expected)
    # The rate before any reduction of that epoch is logged, as in Keras.
    assert [logs["learning_rate"] for logs in ours.logs] == [
        logs["learning_rate"] for logs in theirs.logs
    ]


def test_max_mode_for_accuracy(keras, drive, fake_model):
    values = [0.5, 0.6, 0.6, 0.6]
    ours = drive(ReduceLROnPlateau(monitor="accuracy", patience=1), values, monitor="accuracy")
    theirs = drive(
        keras.callbacks.ReduceLROnPlateau(monitor="accuracy", patience=1, mode="max"),
        values,
        monitor="accuracy",
    )
    assert ours.lrs == theirs.lrs == pytest.approx([0.01, 0.01, 0.001, 1e-4])


def test_factor_of_one_or_more_is_an_error():
    with pytest.raises(ValueError, match="factor=1.0"):
        ReduceLROnPlateau(factor=1.0)


def test_missing_monitor_warns_like_keras(keras, drive):
    with pytest.warns(UserWarning) as ours:
        drive(ReduceLROnPlateau(), [0.1], monitor="loss")
    with warnings.catch_warnings(record=True) as theirs:
        warnings.simplefilter("always")
        drive(keras.callbacks.ReduceLROnPlateau(), [0.1], monitor="loss")
    assert str(ours[0].message) == str(theirs[0].message)
    assert "`val_loss` which is not available" in str(ours[0].message)


def test_verbose_message(capsys, drive):
    drive(ReduceLROnPlateau(patience=0, verbose=1, factor=0.5), [1.0, 1.0])
    assert (
        capsys.readouterr().out == "\nEpoch 2: ReduceLROnPlateau reducing learning rate to 0.005.\n"
    )


@given(
    values=st.lists(st.sampled_from([0.1, 0.2, 0.20005, 0.3]), min_size=1, max_size=10),
    patience=st.integers(0, 3),
    cooldown=st.integers(0, 2),
    min_lr=st.sampled_from([0.0, 1e-3, 0.01]),
    mode=st.sampled_from(["min", "max"]),
)
def test_matches_keras_on_random_sequences(
    keras, drive, fake_model, values, patience, cooldown, min_lr, mode
):
    kwargs = dict(patience=patience, cooldown=cooldown, min_lr=min_lr, mode=mode, factor=0.1)
    ours, theirs = both(keras, drive, fake_model, values, **kwargs)
    assert ours.lrs == theirs.lrs
