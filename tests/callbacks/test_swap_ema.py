"""SwapEMAWeights: validation, evaluate and predict run on the EMA weights, as in Keras, on the
same tiny model and optimizer (use_ema=True)."""

import numpy as np
import pytest

import lamina
from lamina import layers
from lamina.callbacks import LambdaCallback, SwapEMAWeights

TOL = {"rtol": 1e-5, "atol": 1e-6}


def _data():
    rng = np.random.default_rng(0)
    x = rng.random((12, 3), dtype=np.float32)
    return x, x.sum(axis=1, keepdims=True)


def _models(keras, use_ema=True, loss_scale=False):
    ours = lamina.Sequential([lamina.Input((3,)), layers.Dense(4, activation="relu"), layers.Dense(1)])
    theirs = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, activation="relu"),
                               keras.layers.Dense(1)])
    theirs.set_weights(ours.get_weights())
    for model, module in ((ours, lamina), (theirs, keras)):
        optimizer = module.optimizers.SGD(0.1, use_ema=use_ema, ema_momentum=0.8)
        if loss_scale:  # the callback must find the averages inside the wrapper
            optimizer = module.optimizers.LossScaleOptimizer(optimizer)
        model.compile(optimizer, "mse", metrics=["mae"])
    return ours, theirs


def _fit(model, callbacks, epochs=3):
    x, y = _data()
    return model.fit(x, y, batch_size=4, epochs=epochs, shuffle=False, verbose=0,
                     validation_data=(x[:6], y[:6]), callbacks=callbacks).history


def _copies(model):
    return [np.array(w, copy=True) for w in model.get_weights()]


def _assert_weights_close(ours, theirs):
    for a, b in zip(ours, theirs):
        np.testing.assert_allclose(a, b, **TOL)


@pytest.mark.parametrize("swap_on_epoch, loss_scale", [(False, False), (True, False), (True, True)])
def test_fit_matches_keras(keras, swap_on_epoch, loss_scale):
    ours, theirs = _models(keras, loss_scale=loss_scale)
    seen = {"ours": [], "theirs": []}
    # A callback after SwapEMAWeights sees the EMA weights at epoch end when swap_on_epoch.
    spies = [cls(on_epoch_end=lambda epoch, logs, model=model, key=key: seen[key].append(_copies(model)))
             for cls, model, key in ((LambdaCallback, ours, "ours"),
                                     (keras.callbacks.LambdaCallback, theirs, "theirs"))]
    our_history = _fit(ours, [SwapEMAWeights(swap_on_epoch), spies[0]])
    their_history = _fit(theirs, [keras.callbacks.SwapEMAWeights(swap_on_epoch), spies[1]])
    assert our_history.keys() == their_history.keys()
    for name in their_history:
        np.testing.assert_allclose(our_history[name], their_history[name], **TOL, err_msg=name)
    for ours_epoch, theirs_epoch in zip(seen["ours"], seen["theirs"]):
        _assert_weights_close(ours_epoch, theirs_epoch)
    _assert_weights_close(_copies(ours), _copies(theirs))
    our_optimizer = getattr(ours.optimizer, "inner_optimizer", ours.optimizer)
    their_optimizer = getattr(theirs.optimizer, "inner_optimizer", theirs.optimizer)
    _assert_weights_close([a.numpy() for a in our_optimizer._slots["average"]],
                          [np.asarray(a) for a in their_optimizer._model_variables_moving_average])


def test_validation_uses_the_averages(keras):
    """val_loss with the callback equals the loss of the EMA weights (checked by hand)."""
    ours, _ = _models(keras)
    x, y = _data()
    recorded = []
    spy = LambdaCallback(on_epoch_end=lambda epoch, logs: recorded.append(
        [a.detach().clone() for a in ours.optimizer._slots["average"]]))
    history = _fit(ours, [SwapEMAWeights(), spy], epochs=2)
    probe = lamina.models.clone_model(ours)
    probe.compile("sgd", "mse", metrics=["mae"])
    probe.set_weights([a.numpy() for a in recorded[0]])
    expected = probe.evaluate(x[:6], y[:6], verbose=0, return_dict=True)
    assert history["val_loss"][0] == pytest.approx(expected["loss"], rel=1e-6)


def _diverged(keras):
    """Both models trained, then one more step, so the weights differ from their averages."""
    ours, theirs = _models(keras)
    _fit(ours, [], epochs=2)
    _fit(theirs, [], epochs=2)
    x, y = _data()
    ours.train_on_batch(x[:4], y[:4])
    theirs.train_on_batch(x[:4], y[:4])
    return ours, theirs


def test_evaluate_and_predict_use_the_averages_then_swap_back(keras):
    ours, theirs = _diverged(keras)
    x, y = _data()
    before = _copies(ours)
    averages = [a.numpy().copy() for a in ours.optimizer._slots["average"]]
    assert not all(np.array_equal(a, b) for a, b in zip(before, averages))

    our_eval = ours.evaluate(x, y, callbacks=[SwapEMAWeights()], verbose=0, return_dict=True)
    their_eval = theirs.evaluate(x, y, callbacks=[keras.callbacks.SwapEMAWeights()], verbose=0,
                                 return_dict=True)
    assert our_eval == pytest.approx(their_eval, rel=1e-5)
    _assert_weights_close(_copies(ours), before)

    our_pred = ours.predict(x, callbacks=[SwapEMAWeights()], verbose=0)
    their_pred = theirs.predict(x, callbacks=[keras.callbacks.SwapEMAWeights()], verbose=0)
    np.testing.assert_allclose(our_pred, np.asarray(their_pred), **TOL)
    # Unlike Keras 3.15 (whose on_predict_end checks the wrong flag), the weights come back.
    for now, then in zip(_copies(ours), before):
        np.testing.assert_array_equal(now, then)
    for now, then in zip(ours.optimizer._slots["average"], averages):
        np.testing.assert_array_equal(now.numpy(), then)


def test_without_use_ema_fails_like_keras(keras):
    ours, theirs = _models(keras, use_ema=False)
    x, y = _data()
    messages = []
    for model, callback in ((ours, SwapEMAWeights()), (theirs, keras.callbacks.SwapEMAWeights())):
        with pytest.raises(ValueError) as error:
            model.fit(x, y, epochs=1, validation_data=(x, y), callbacks=[callback], verbose=0)
        messages.append(str(error.value))
    assert messages[0].startswith(messages[1])
    assert "Received: use_ema=False" in messages[0]


def test_unbuilt_optimizer_fails_with_a_hint(keras):
    ours, _ = _models(keras)
    x, y = _data()
    with pytest.raises(ValueError, match="not been built yet"):
        ours.evaluate(x, y, callbacks=[SwapEMAWeights()], verbose=0)


def test_constructor_matches_keras(keras):
    assert SwapEMAWeights().swap_on_epoch == keras.callbacks.SwapEMAWeights().swap_on_epoch
    assert SwapEMAWeights(True).swap_on_epoch is True
