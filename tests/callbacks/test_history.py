import math

import numpy as np
import pytest
import torch

import lamina.callbacks
from lamina.callbacks import CallbackList, History, ReduceLROnPlateau

EPOCHS = [
    {"loss": 0.9, "accuracy": 0.6, "val_loss": 1.0, "val_accuracy": 0.55},
    {"loss": 0.5, "accuracy": 0.8, "val_loss": 0.7, "val_accuracy": 0.75},
    {"loss": 0.2, "accuracy": 0.95, "val_loss": 0.8, "val_accuracy": 0.75},
]


def fit_like(hooks, epoch_logs, first_epoch=0):
    hooks.on_train_begin()
    for epoch, logs in enumerate(epoch_logs, start=first_epoch):
        hooks.on_epoch_begin(epoch)
        hooks.on_epoch_end(epoch, dict(logs))
    hooks.on_train_end()


def recorded(epoch_logs=EPOCHS, first_epoch=0):
    history = History()
    fit_like(history, epoch_logs, first_epoch)
    return history


def test_records_like_keras(keras, fake_model):
    ours, theirs = History(), keras.callbacks.History()
    for callback in (ours, theirs):
        callback.set_model(fake_model())
        fit_like(callback, EPOCHS)
    assert ours.history == theirs.history
    assert ours.epoch == theirs.epoch == [0, 1, 2]
    assert ours.model.history is ours


def test_best_epoch_and_best():
    history = recorded()
    assert history.best_epoch() == 1 and history.best() == 0.7
    assert history.best_epoch("loss") == 2
    # accuracy is maximized; ties go to the earliest epoch
    assert history.best_epoch("val_accuracy") == 1 and history.best("val_accuracy") == 0.75
    assert history.best_epoch("val_accuracy", mode="min") == 0


def test_best_epoch_counts_from_initial_epoch():
    assert recorded(first_epoch=5).best_epoch() == 6


def test_best_epoch_skips_nan():
    history = recorded([{"loss": math.nan}, {"loss": 0.5}, {"loss": 0.6}])
    assert history.best_epoch("loss") == 1


def test_gap_is_positive_when_validation_is_worse():
    history = recorded()
    assert history.gap() == pytest.approx([0.1, 0.2, 0.6])
    assert history.gap("accuracy") == pytest.approx([0.05, 0.05, 0.2])  # train - val
    assert history.gap("val_accuracy") == history.gap("accuracy")


def test_missing_key_lists_available_ones():
    history = recorded([{"loss": 0.5}])
    with pytest.raises(ValueError, match=r"no metric 'val_loss'\. Available metrics: loss\."):
        history.best_epoch()
    with pytest.raises(ValueError, match="'val_loss'"):
        history.gap()


def test_bad_mode_is_an_error():
    with pytest.raises(ValueError, match="mode='up'"):
        recorded().best_epoch(mode="up")


def test_callback_list_adds_history_and_progbar_last(fake_model):
    from lamina.callbacks import ProgbarLogger

    user = ReduceLROnPlateau(monitor="loss")
    model = fake_model()
    hooks = CallbackList([user], add_history=True, add_progbar=True, model=model, verbose=0)
    assert hooks.callbacks[0] is user
    assert isinstance(hooks.callbacks[1], History) and isinstance(hooks.callbacks[2], ProgbarLogger)
    assert model.history is hooks.history
    fit_like(hooks, [{"loss": 0.5}, {"loss": 0.4}])
    # History runs after ReduceLROnPlateau, so it records the rate that callback logs.
    assert hooks.history.history == {"learning_rate": [0.01, 0.01], "loss": [0.5, 0.4]}
    assert user.params == hooks.history.params == {"verbose": 0}


def test_callback_list_matches_keras_history_with_lr(keras, fake_model):
    histories = []
    for module in (lamina.callbacks, keras.callbacks):
        hooks = module.CallbackList(
            [module.ReduceLROnPlateau(patience=0)],
            add_history=True,
            model=fake_model(),
            verbose=0,
            epochs=3,
        )
        fit_like(hooks, EPOCHS)
        histories.append(hooks._history.history)
    assert histories[0] == histories[1]


def test_callback_list_keeps_a_given_history(fake_model):
    history = History()
    hooks = CallbackList([history], add_history=True, model=fake_model())
    assert hooks.callbacks == [history] and hooks.history is history


def test_callback_list_turns_logs_into_floats(keras, fake_model):
    from keras.src.utils.python_utils import pythonify_logs

    seen = []

    class Spy(History):
        def on_epoch_end(self, epoch, logs=None):
            seen.append(logs)

    hooks = CallbackList([Spy()], model=fake_model())
    outputs = np.ones((2, 3))
    logs = {
        "val_loss": torch.tensor(0.5),
        "loss": np.float32(0.25),
        "nested": {"b": 1},
        "out": outputs,
    }
    hooks.on_epoch_end(0, logs)
    expected = pythonify_logs(logs)  # Keras's own conversion
    assert seen == [expected]
    assert list(seen[0]) == list(expected) == ["loss", "b", "out", "val_loss"]
    assert all(type(seen[0][k]) is float for k in ("b", "loss", "val_loss"))
