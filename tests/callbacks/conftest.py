"""A fake model and an epoch driver, so callbacks run on scripted metrics without training."""

import types

import numpy as np
import pytest


class FakeModel:
    """What callbacks touch on a model: stop flag, weights, optimizer rate, metrics."""

    def __init__(self, learning_rate=0.01, metrics=()):
        self.name = "fake"
        self.stop_training = False
        self.weights = [np.zeros((2, 3), np.float32), np.zeros(3, np.float32)]
        self.optimizer = types.SimpleNamespace(learning_rate=learning_rate)
        self.metrics = list(metrics)

    def get_weights(self):
        return [w.copy() for w in self.weights]

    def set_weights(self, weights):
        self.weights = [np.array(w) for w in weights]


def run_epochs(callback, values, model=None, monitor="val_loss", extra_logs=None):
    """Runs `callback` through epochs whose `monitor` takes `values` in turn.

    Before each epoch end the weights are filled with the epoch index, so the
    weights left at the end tell which epoch they came from.

    Returns:
        A namespace with `epochs` run, the `model`, the `logs` dicts as the
        callback left them, and the learning rate after each epoch (`lrs`).
    """
    model = model or FakeModel()
    callback.set_model(model)
    callback.on_train_begin({})
    run = types.SimpleNamespace(epochs=0, model=model, logs=[], lrs=[])
    for epoch, value in enumerate(values):
        for w in model.weights:
            w[...] = epoch
        logs = {**(extra_logs or {}), monitor: value}
        callback.on_epoch_begin(epoch, {})
        callback.on_epoch_end(epoch, logs)
        run.epochs = epoch + 1
        run.logs.append(logs)
        run.lrs.append(model.optimizer.learning_rate)
        if model.stop_training:
            break
    callback.on_train_end({})
    return run


@pytest.fixture(scope="session")
def fake_model():
    return FakeModel


@pytest.fixture(scope="session")
def drive():
    return run_epochs
