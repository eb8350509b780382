"""The overfitting tools on real training: regularizers on Conv2D, the train/validation gap,
and EarlyStopping, each against Keras or a hand-derived value.

Dense regularizers and the callbacks on scripted loss sequences are covered in
tests/training/test_fit.py and tests/callbacks; these add Conv2D and whole `fit` runs.
"""

import numpy as np
import pytest

import lamina
from lamina import Input, Sequential, layers


def conv_pair(keras, **conv_kwargs):
    """The same small Flatten model in Keras and Lamina, with identical weights."""

    def build(lib, kwargs):
        return lib.Sequential([
            lib.Input((6, 6, 2)), lib.layers.Conv2D(4, 3, activation="relu", **kwargs),
            lib.layers.Flatten(), lib.layers.Dense(3, activation="softmax"),
        ])

    reference = build(keras, {k: _to_keras(keras, v) for k, v in conv_kwargs.items()})
    model = build(lamina, conv_kwargs)
    model.set_weights([w + 0.05 for w in reference.get_weights()])
    reference.set_weights(model.get_weights())
    return reference, model


def _to_keras(keras, regularizer):
    if isinstance(regularizer, str):
        return regularizer
    return getattr(keras.regularizers, type(regularizer).__name__)(**regularizer.get_config())


def data(n=24, seed=0):
    rng = np.random.default_rng(seed)
    return rng.random((n, 6, 6, 2), dtype=np.float32), rng.integers(0, 3, size=n)


@pytest.mark.parametrize(
    "regularizers",
    [
        {"kernel_regularizer": "l2"},
        {"kernel_regularizer": lamina.regularizers.L1(0.02), "bias_regularizer": lamina.regularizers.L2(0.3)},
        {"kernel_regularizer": lamina.regularizers.L1L2(l1=0.01, l2=0.05)},
    ],
    ids=["l2-name", "l1-kernel-l2-bias", "l1l2"],
)
def test_conv2d_regularizers_add_the_same_loss_as_keras(keras, regularizers):
    reference, model = conv_pair(keras, **regularizers)
    x, y = data()
    for m in (reference, model):
        m.compile("sgd", "sparse_categorical_crossentropy")
    np.testing.assert_allclose(model.evaluate(x, y, verbose=0), reference.evaluate(x, y, verbose=0), rtol=1e-5)
    expected = reference.fit(x, y, batch_size=8, epochs=2, shuffle=False, verbose=0)
    got = model.fit(x, y, batch_size=8, epochs=2, shuffle=False, verbose=0)
    np.testing.assert_allclose(got.history["loss"], expected.history["loss"], rtol=1e-4)


def test_penalty_is_added_to_the_training_loss_by_hand():
    # All-ones kernel, zero data: the data loss is 0 and the loss is the penalty alone,
    # 0.5 * (6 * 6 * 2 * 4 kernel entries of 1.0).
    model = Sequential([
        Input((6, 6, 2)),
        layers.Conv2D(4, 6, kernel_initializer="ones", kernel_regularizer=lamina.regularizers.L2(0.5)),
        layers.Flatten(),
    ])
    model.compile(lamina.optimizers.SGD(learning_rate=0.0), "mse")
    history = model.fit(np.zeros((4, 6, 6, 2), "float32"), np.zeros((4, 4), "float32"), epochs=1, verbose=0)
    assert history.history["loss"] == [pytest.approx(0.5 * 6 * 6 * 2 * 4)]
    assert len(model.losses) == 1


def test_validation_gap_and_best_epoch_follow_the_logs():
    model = Sequential([Input((4,)), layers.Dense(8, activation="relu"), layers.Dense(3, activation="softmax")])
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    rng = np.random.default_rng(0)
    x, y = rng.random((40, 4), dtype=np.float32), rng.integers(0, 3, size=40)
    history = model.fit(x, y, epochs=4, validation_split=0.25, verbose=0)
    logs = history.history
    assert history.gap("loss") == [v - t for t, v in zip(logs["loss"], logs["val_loss"])]
    assert history.gap("accuracy") == [t - v for t, v in zip(logs["accuracy"], logs["val_accuracy"])]
    assert history.best_epoch("val_loss") == int(np.argmin(logs["val_loss"]))
    assert history.best_epoch("val_accuracy") == int(np.argmax(logs["val_accuracy"]))


def test_early_stopping_on_an_overfitting_run_matches_keras(keras):
    # Random labels: training loss keeps falling while validation loss turns up.
    reference, model = conv_pair(keras)
    x, y = data(48, seed=3)
    runs = []
    for m, lib in ((reference, keras), (model, lamina)):
        m.compile(lib.optimizers.SGD(learning_rate=0.5), "sparse_categorical_crossentropy")
        stop = lib.callbacks.EarlyStopping(patience=2, restore_best_weights=True)
        history = m.fit(x, y, batch_size=12, epochs=30, validation_split=0.25, shuffle=False,
                        callbacks=[stop], verbose=0)
        runs.append((stop, history))
    (theirs, expected), (ours, got) = runs
    assert len(got.epoch) == len(expected.epoch) < 30  # it stopped, at the same epoch
    assert ours.stopped_epoch == theirs.stopped_epoch
    assert got.best_epoch("val_loss") == ours.best_epoch
    np.testing.assert_allclose(got.history["val_loss"], expected.history["val_loss"], rtol=1e-3)
    for mine, reference_weight in zip(model.get_weights(), reference.get_weights()):
        np.testing.assert_allclose(mine, reference_weight, rtol=1e-3, atol=1e-5)
