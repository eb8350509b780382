"""fit / evaluate / predict against the Keras oracle and hand-derived expectations."""

import numpy as np
import pytest
import torch

import lamina
from lamina import layers
from lamina.training.data import train_validation_split


def _pair(keras, conv=True, units=3):
    """The same small Flatten model in Keras and Lamina, with identical weights."""

    def stack(lib):
        body = [lib.layers.Conv2D(4, 3, activation="relu"), lib.layers.Flatten()] if conv else [lib.layers.Flatten()]
        return lib.Sequential([lib.Input((6, 6, 2)), *body, lib.layers.Dense(units, activation="softmax")])

    reference, model = stack(keras), stack(lamina)
    model.set_weights(reference.get_weights())
    return reference, model


def _data(n=40, units=3, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.random((n, 6, 6, 2), dtype=np.float32)
    y = rng.integers(0, units, size=n)
    return x, y


@pytest.mark.parametrize(
    "optimizer",
    [
        ("SGD", dict(learning_rate=0.1)),
        ("SGD", dict(learning_rate=0.05, momentum=0.9, nesterov=True)),
        ("Adam", dict()),
        ("RMSprop", dict()),
        ("AdamW", dict(weight_decay=0.01)),
    ],
    ids=lambda o: o[0] + ("+" + ",".join(o[1]) if o[1] else ""),
)
def test_fit_matches_keras_step_for_step(keras, optimizer):
    name, kwargs = optimizer
    reference, model = _pair(keras)
    x, y = _data()
    for m, lib in ((reference, keras), (model, lamina)):
        m.compile(getattr(lib.optimizers, name)(**kwargs), "sparse_categorical_crossentropy", metrics=["accuracy"])
    expected = reference.fit(x, y, batch_size=16, epochs=3, shuffle=False, validation_split=0.25, verbose=0)
    got = model.fit(x, y, batch_size=16, epochs=3, shuffle=False, validation_split=0.25, verbose=0)
    assert sorted(got.history) == sorted(expected.history)
    for key, values in expected.history.items():
        np.testing.assert_allclose(got.history[key], values, rtol=2e-4, atol=1e-6, err_msg=key)
    for ours, theirs in zip(model.get_weights(), reference.get_weights()):
        # Three epochs of float32 updates through a conv: a little drift is expected.
        np.testing.assert_allclose(ours, theirs, rtol=1e-3, atol=1e-5)


def test_evaluate_and_predict_match_keras(keras):
    reference, model = _pair(keras)
    x, y = _data(37)
    for m in (reference, model):
        m.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    np.testing.assert_allclose(model.evaluate(x, y, verbose=0), reference.evaluate(x, y, verbose=0), rtol=1e-5)
    predictions = model.predict(x, batch_size=8, verbose=0)
    assert isinstance(predictions, np.ndarray) and predictions.shape == (37, 3)
    np.testing.assert_allclose(predictions, reference.predict(x, batch_size=8, verbose=0), rtol=1e-5, atol=1e-6)


def test_regularization_loss_is_added_like_keras(keras):
    def stack(lib):
        return lib.Sequential([
            lib.Input((5,)),
            lib.layers.Dense(4, kernel_regularizer="l2", bias_regularizer=lib.regularizers.L1(0.1)),
            lib.layers.Dense(1, kernel_regularizer=lib.regularizers.L1L2(l1=0.01, l2=0.02)),
        ])

    reference, model = stack(keras), stack(lamina)
    model.set_weights([w + 0.1 for w in reference.get_weights()])
    reference.set_weights(model.get_weights())
    x = np.random.default_rng(1).random((8, 5), dtype=np.float32)
    y = np.ones((8, 1), dtype=np.float32)
    for m in (reference, model):
        m.compile("sgd", "mse")
    np.testing.assert_allclose(model.evaluate(x, y, verbose=0), reference.evaluate(x, y, verbose=0), rtol=1e-5)
    assert len(model.losses) == 3


def test_history_records_losses_metrics_and_params():
    model = lamina.Sequential([lamina.Input((4,)), layers.Dense(2, activation="softmax")])
    model.compile("sgd", "sparse_categorical_crossentropy", metrics=["accuracy"])
    x, y = np.random.rand(20, 4).astype("float32"), np.arange(20) % 2
    history = model.fit(x, y, epochs=3, batch_size=8, validation_data=(x, y), verbose=0)
    assert history is model.history
    assert set(history.history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert history.epoch == [0, 1, 2]
    assert history.params == {"verbose": 0, "epochs": 3, "steps": 3}
    assert all(len(v) == 3 for v in history.history.values())


def test_validation_split_takes_the_last_samples_before_shuffling():
    x = torch.arange(10)
    head, tail = train_validation_split(x, 0.25)
    assert head.tolist() == list(range(7)) and tail.tolist() == [7, 8, 9]
    small_head, small_tail = train_validation_split(torch.arange(2), 0.1)  # Keras: 1 / 1
    assert len(small_head) == 1 and len(small_tail) == 1
    with pytest.raises(ValueError, match="Training data contains 1 samples, which is not sufficient"):
        train_validation_split(torch.arange(1), 0.1)


def test_validation_split_evaluates_exactly_the_held_out_tail():
    model = lamina.Sequential([lamina.Input((3,)), layers.Dense(1)])
    model.compile("sgd", "mse")
    x = np.random.rand(10, 3).astype("float32")
    y = np.random.rand(10, 1).astype("float32")
    # learning rate 0: weights never move, so val_loss is the loss on the last 3 samples.
    model.optimizer.learning_rate = 0.0
    history = model.fit(x, y, validation_split=0.25, epochs=1, verbose=0)
    expected = np.mean((model.predict(x[7:], verbose=0) - y[7:]) ** 2)
    np.testing.assert_allclose(history.history["val_loss"][0], expected, rtol=1e-5)


def test_fit_accepts_dataloaders_and_tensors():
    x = torch.rand(24, 4)
    y = (x.sum(dim=1, keepdim=True) > 2).float()
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, y), batch_size=8)
    model = lamina.Sequential([lamina.Input((4,)), layers.Dense(1, activation="sigmoid")])
    model.compile("adam", "binary_crossentropy", metrics=["accuracy"])
    history = model.fit(loader, epochs=2, validation_data=loader, verbose=0)
    assert history.params["steps"] == 3
    assert "val_accuracy" in history.history
    from_tensors = model.evaluate(x, y, verbose=0)
    from_loader = model.evaluate(loader, verbose=0)
    np.testing.assert_allclose(from_tensors, from_loader, rtol=1e-6)


def test_evaluate_return_forms():
    model = lamina.Sequential([lamina.Input((3,)), layers.Dense(2, activation="softmax")])
    x, y = np.random.rand(6, 3).astype("float32"), np.array([0, 1, 0, 1, 1, 0])
    model.compile("sgd", "sparse_categorical_crossentropy")
    assert isinstance(model.evaluate(x, y, verbose=0), float)
    model.compile("sgd", "sparse_categorical_crossentropy", metrics=["accuracy"])
    loss, accuracy = model.evaluate(x, y, verbose=0)
    assert 0.0 <= accuracy <= 1.0
    assert set(model.evaluate(x, y, verbose=0, return_dict=True)) == {"loss", "accuracy"}


def test_single_batch_methods():
    model = lamina.Sequential([lamina.Input((3,)), layers.Dense(1)])
    model.compile(lamina.optimizers.SGD(0.1), "mse")
    x, y = np.ones((4, 3), "float32"), np.zeros((4, 1), "float32")
    before = model.test_on_batch(x, y)
    model.train_on_batch(x, y)
    model.reset_metrics()
    after = model.test_on_batch(x, y)
    assert after < before
    np.testing.assert_allclose(model.predict_on_batch(x), model(torch.ones(4, 3)).detach().numpy())


def test_early_stopping_stops_and_restores_best_weights():
    model = lamina.Sequential([lamina.Input((2,)), layers.Dense(1)])
    model.compile(lamina.optimizers.SGD(5.0), "mse")  # diverges: val_loss rises after epoch 0
    x = np.random.rand(16, 2).astype("float32")
    y = np.random.rand(16, 1).astype("float32")
    stop = lamina.callbacks.EarlyStopping(monitor="loss", patience=1, restore_best_weights=True)
    history = model.fit(x, y, epochs=20, callbacks=[stop], verbose=0, shuffle=False)
    assert len(history.epoch) < 20
    best = int(np.argmin(history.history["loss"]))
    assert stop.best_epoch == best


def test_training_flag_reaches_dropout_only_in_fit():
    model = lamina.Sequential([lamina.Input((1000,)), layers.Dropout(0.5)])
    ones = torch.ones(2, 1000)
    assert torch.equal(model(ones), ones)  # a plain call is inference, as in Keras
    dropped = model(ones, training=True)
    assert set(dropped.unique().tolist()) == {0.0, 2.0}
    model.train()  # a PyTorch loop's switch works too
    assert set(model(ones).unique().tolist()) == {0.0, 2.0}


def test_fit_leaves_the_module_mode_as_it_was():
    model = lamina.Sequential([lamina.Input((3,)), layers.Dense(1)])
    model.compile("sgd", "mse")
    x, y = np.ones((4, 3), "float32"), np.zeros((4, 1), "float32")
    model.fit(x, y, verbose=0)
    assert model.training is False
    model.train()
    model.fit(x, y, verbose=0)
    assert model.training is True


def test_deferred_model_builds_in_fit():
    model = lamina.Sequential([layers.Flatten(), layers.Dense(3, activation="softmax")])
    model.compile("adam", "sparse_categorical_crossentropy")
    x, y = _data(12)
    model.fit(x, y, verbose=0)
    assert model.built and model.layers[1].kernel.shape == (72, 3)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda m, x, y: m.fit(x, y[:-1], verbose=0), r"x sizes: 40, y sizes: 39"),
        (lambda m, x, y: m.fit(x.astype(str), y, verbose=0), r"must be numeric"),
        (lambda m, x, y: m.fit([[1, 2], [3]], y, verbose=0), r"ragged"),
        (lambda m, x, y: m.fit(x, y, validation_split=1.5, verbose=0), r"validation_split"),
    ],
    ids=["cardinality", "strings", "ragged", "split"],
)
def test_bad_data_gets_a_clear_error(call, message):
    model = lamina.Sequential([lamina.Input((6, 6, 2)), layers.Flatten(), layers.Dense(3)])
    model.compile("sgd", "sparse_categorical_crossentropy")
    x, y = _data()
    with pytest.raises((ValueError, TypeError), match=message):
        call(model, x, y)


def test_compile_errors_name_the_valid_choices():
    model = lamina.Sequential([lamina.Input((3,)), layers.Dense(1)])
    with pytest.raises(ValueError, match="adam"):
        model.compile(optimizer="adamm", loss="mse")
    with pytest.raises(ValueError, match="mean_squared_error"):
        model.compile(optimizer="sgd", loss="mean_sqared_error")
    with pytest.raises(ValueError, match="compile"):
        model.fit(np.ones((2, 3)), np.ones((2, 1)), verbose=0)


def test_plain_callables_work_as_loss_and_metric():
    def doubled_mse(y_true, y_pred):
        return 2.0 * torch.mean((y_true - y_pred) ** 2, dim=-1)

    model = lamina.Sequential([lamina.Input((3,)), layers.Dense(1)])
    model.compile("sgd", loss=doubled_mse, metrics=["mse"])
    x, y = np.random.rand(8, 3).astype("float32"), np.random.rand(8, 1).astype("float32")
    loss, mse = model.evaluate(x, y, verbose=0)
    np.testing.assert_allclose(loss, 2 * mse, rtol=1e-5)


def test_multi_output_functional_model_trains_with_per_output_losses():
    inputs = lamina.Input((4,))
    hidden = layers.Dense(8, activation="relu")(inputs)
    classes = layers.Dense(3, activation="softmax", name="classes")(hidden)
    value = layers.Dense(1, name="value")(hidden)
    model = lamina.Model(inputs, [classes, value])
    model.compile("adam", loss={"classes": "sparse_categorical_crossentropy", "value": "mse"},
                  loss_weights=[1.0, 0.5], metrics=[["accuracy"], []])
    x = np.random.rand(32, 4).astype("float32")
    history = model.fit(x, [np.arange(32) % 3, x.sum(1, keepdims=True)], epochs=2, verbose=0)
    assert "classes_accuracy" in history.history
    class_probs, values = model.predict(x, verbose=0)
    assert class_probs.shape == (32, 3) and values.shape == (32, 1)


def test_digits_training_learns():
    from lamina.demo import run_demo

    result = run_demo(epochs=3, verbose=0)
    losses = result["history"].history["loss"]
    assert losses[-1] < losses[0] / 2
    assert result["test_accuracy"] >= 0.93


def test_jit_compile_trains_like_eager(monkeypatch):
    """`jit_compile=True` goes through torch.compile (aot_eager here, for speed) and changes no number.

    On the CPU only the inference passes are compiled; training stays eager (faster there)."""
    monkeypatch.setenv("LAMINA_COMPILE_BACKEND", "aot_eager")
    x, y = _data(32)
    results = []
    for jit in (False, True):
        lamina.utils.set_random_seed(1)
        model = lamina.Sequential([lamina.Input((6, 6, 2)), layers.Conv2D(4, 3, activation="relu"),
                                   layers.Flatten(), layers.Dense(3, activation="softmax")])
        model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"], jit_compile=jit)
        history = model.fit(x, y, batch_size=8, epochs=2, shuffle=False, verbose=0)
        results.append((history.history, model.predict(x, verbose=0), model.get_compile_config()["jit_compile"]))
    (eager, eager_pred, eager_flag), (jit, jit_pred, jit_flag) = results
    assert (eager_flag, jit_flag) == (False, True)
    for key in eager:
        np.testing.assert_allclose(jit[key], eager[key], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(jit_pred, eager_pred, rtol=1e-5, atol=1e-6)
