import math

import pytest

from lamina.callbacks import CallbackList, LambdaCallback, TerminateOnNaN


def test_lambda_callback_calls_each_hook(fake_model):
    calls = []
    callback = LambdaCallback(
        on_train_begin=lambda logs: calls.append(("train_begin",)),
        on_epoch_begin=lambda epoch, logs: calls.append(("epoch_begin", epoch)),
        on_train_batch_begin=lambda batch, logs: calls.append(("batch_begin", batch)),
        on_train_batch_end=lambda batch, logs: calls.append(("batch_end", batch, logs)),
        on_epoch_end=lambda epoch, logs: calls.append(("epoch_end", epoch, logs)),
        on_train_end=lambda logs: calls.append(("train_end",)),
        on_test_end=lambda logs: calls.append(("test_end", logs)),  # any hook via kwargs
    )
    hooks = CallbackList([callback], model=fake_model())
    hooks.on_train_begin()
    hooks.on_epoch_begin(0)
    hooks.on_train_batch_begin(0)
    hooks.on_train_batch_end(0, {"loss": 0.5})
    hooks.on_test_begin()
    hooks.on_test_end({"loss": 0.25})
    hooks.on_epoch_end(0, {"loss": 0.5, "val_loss": 0.25})
    hooks.on_train_end()
    assert calls == [
        ("train_begin",),
        ("epoch_begin", 0),
        ("batch_begin", 0),
        ("batch_end", 0, {"loss": 0.5}),
        ("test_end", {"loss": 0.25}),
        ("epoch_end", 0, {"loss": 0.5, "val_loss": 0.25}),
        ("train_end",),
    ]


def test_lambda_callback_leaves_other_hooks_as_no_ops():
    callback = LambdaCallback(on_epoch_end=lambda epoch, logs: None)
    assert callback.on_epoch_begin(0, {}) is None
    assert callback.on_train_end({}) is None


@pytest.mark.parametrize("loss", [math.nan, math.inf, -math.inf])
def test_terminate_on_nan_stops_training(capsys, fake_model, loss):
    model = fake_model()
    hooks = CallbackList([TerminateOnNaN()], model=model)
    hooks.on_train_batch_end(0, {"loss": 0.5})
    assert not model.stop_training
    hooks.on_train_batch_end(1, {"loss": loss})
    assert model.stop_training
    assert capsys.readouterr().out == "Batch 1: Invalid loss, terminating training\n"


def test_terminate_on_nan_matches_keras(keras, capsys, fake_model):
    for callback in (TerminateOnNaN(), keras.callbacks.TerminateOnNaN()):
        model = fake_model()
        callback.set_model(model)
        callback.on_train_batch_end(3, {"loss": math.nan})
        assert model.stop_training
    ours, theirs = capsys.readouterr().out.splitlines()
    assert ours == theirs


def test_terminate_on_nan_can_raise(fake_model):
    callback = TerminateOnNaN(raise_error=True)
    callback.set_model(fake_model())
    with pytest.raises(RuntimeError, match="NaN or Inf loss encountered at batch 2"):
        callback.on_train_batch_end(2, {"loss": math.nan})


def test_terminate_on_nan_ignores_batches_without_loss(fake_model):
    model = fake_model()
    callback = TerminateOnNaN()
    callback.set_model(model)
    callback.on_train_batch_end(0, {"accuracy": math.nan})
    assert not model.stop_training
