"""LearningRateScheduler: the same schedule on the same tiny model gives Keras's rates and History."""

import numpy as np
import pytest

import lamina
from lamina import layers
from lamina.callbacks import LambdaCallback, LearningRateScheduler


def _data():
    rng = np.random.default_rng(0)
    x = rng.random((12, 3), dtype=np.float32)
    return x, x.sum(axis=1, keepdims=True)


def _models(keras, optimizer="SGD", learning_rate=0.1):
    ours = lamina.Sequential([lamina.Input((3,)), layers.Dense(2, activation="relu"), layers.Dense(1)])
    theirs = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, activation="relu"),
                               keras.layers.Dense(1)])
    theirs.set_weights(ours.get_weights())
    ours.compile(getattr(lamina.optimizers, optimizer)(learning_rate), "mse")
    theirs.compile(getattr(keras.optimizers, optimizer)(learning_rate), "mse")
    return ours, theirs


def _fit(model, scheduler, spy_cls, epochs=4):
    """History, plus the rate the optimizer held during each epoch (read at its first batch)."""
    x, y = _data()
    seen = []

    def record(batch, logs):
        if batch == 0:
            seen.append(float(np.asarray(model.optimizer.learning_rate)))

    history = model.fit(x, y, batch_size=4, epochs=epochs, shuffle=False, verbose=0,
                        callbacks=[scheduler, spy_cls(on_train_batch_end=record)])
    return history.history, seen


def _both(keras, schedule, optimizer="SGD", epochs=4, **kwargs):
    ours, theirs = _models(keras, optimizer)
    return (
        (ours, *_fit(ours, LearningRateScheduler(schedule, **kwargs), LambdaCallback, epochs)),
        (theirs, *_fit(theirs, keras.callbacks.LearningRateScheduler(schedule, **kwargs),
                       keras.callbacks.LambdaCallback, epochs)),
    )


def _halve_after_first(epoch, lr):
    return lr if epoch < 1 else lr * 0.5


def _by_epoch(epoch):
    return 0.2 / (epoch + 1)


@pytest.mark.parametrize("schedule", [_halve_after_first, _by_epoch], ids=["epoch_lr", "epoch_only"])
@pytest.mark.parametrize("optimizer", ["SGD", "Adam"])
def test_rates_and_history_match_keras(keras, schedule, optimizer):
    (ours, our_history, our_rates), (theirs, their_history, their_rates) = _both(
        keras, schedule, optimizer
    )
    assert our_rates == their_rates  # the rate in force during each epoch, exactly
    assert our_history["learning_rate"] == their_history["learning_rate"]
    np.testing.assert_allclose(our_history["loss"], their_history["loss"], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(ours.get_weights()[0], theirs.get_weights()[0], rtol=1e-5, atol=1e-6)


def test_initial_epoch_is_passed_to_the_schedule(keras):
    epochs = []
    ours, _ = _models(keras)
    x, y = _data()
    ours.fit(x, y, epochs=4, initial_epoch=2, verbose=0,
             callbacks=[LearningRateScheduler(lambda epoch: epochs.append(epoch) or 0.01)])
    assert epochs == [2, 3]


def test_verbose_message_matches_keras(keras, capsys):
    ours, theirs = _models(keras)
    _fit(ours, LearningRateScheduler(_by_epoch, verbose=1), LambdaCallback, epochs=2)
    our_out = capsys.readouterr().out
    _fit(theirs, keras.callbacks.LearningRateScheduler(_by_epoch, verbose=1),
         keras.callbacks.LambdaCallback, epochs=2)
    assert our_out == capsys.readouterr().out
    assert "Epoch 2: LearningRateScheduler setting learning rate to 0.1." in our_out


@pytest.mark.parametrize("bad", [1, "0.1", None], ids=["int", "str", "none"])
def test_non_float_schedule_output_fails_like_keras(keras, bad):
    ours, theirs = _models(keras)
    for model, cls, spy in ((ours, LearningRateScheduler, LambdaCallback),
                            (theirs, keras.callbacks.LearningRateScheduler, keras.callbacks.LambdaCallback)):
        with pytest.raises(ValueError, match="should be a float"):
            _fit(model, cls(lambda epoch, lr: bad), spy, epochs=1)


def test_schedule_must_be_callable():
    with pytest.raises(TypeError, match="Received: schedule=0.1"):
        LearningRateScheduler(0.1)


def test_multi_optimizer_rates_are_logged_per_optimizer():
    model = lamina.Sequential([lamina.Input((3,)), layers.Dense(2, name="a"), layers.Dense(1, name="b")])
    first, second = lamina.optimizers.SGD(0.1, name="first"), lamina.optimizers.SGD(0.2, name="second")
    optimizer = lamina.optimizers.MultiOptimizer(lamina.optimizers.OptimizerMap(first, {".*/b/.*": second}))
    model.compile(optimizer, "mse")
    x, y = _data()
    history = model.fit(x, y, epochs=2, verbose=0,
                        callbacks=[LearningRateScheduler(lambda epoch, lr: lr / 2)])
    f32 = [float(np.float32(v)) for v in (0.05, 0.025, 0.1, 0.05)]
    assert history.history["learning_rate_first"] == f32[:2]
    assert history.history["learning_rate_second"] == f32[2:]
