"""Keras's extension points, written as Keras's own guides write them, compared with Keras 3
on the same initial weights: custom `train_step(self, data)` on a functional subclass,
`compute_loss` overrides with `compile()` given no loss, Keras optimizers driven by hand,
the callback hook sequence of fit/evaluate/predict, registered custom objects, JSON."""

import numpy as np
import pytest
import torch

import lamina


def data(n=16, seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, 4)).astype("float32"), rng.standard_normal((n, 1)).astype("float32")


def build(lib, base=None):
    inputs = lib.Input((4,))
    outputs = lib.layers.Dense(1)(lib.layers.Dense(3, activation="relu")(inputs))
    return (base or lib.Model)(inputs, outputs)


def custom_train_step_class(lib):
    """The torch guide's pattern: zero_grad, compute_loss, backward, optimizer.apply."""

    class CustomModel(lib.Model):
        def train_step(self, data):
            x, y = data
            self.zero_grad()
            y_pred = self(x, training=True)
            loss = self.compute_loss(y=y, y_pred=y_pred)
            loss.backward()
            weights = list(self.trainable_weights)
            gradients = [w.value.grad for w in weights]
            with torch.no_grad():
                self.optimizer.apply(gradients, weights)
            for metric in self.metrics:
                if metric.name == "loss":
                    metric.update_state(loss)
                else:
                    metric.update_state(y, y_pred)
            return {m.name: m.result() for m in self.metrics}

    return CustomModel


def test_custom_train_step_on_a_functional_subclass_matches_keras(keras):
    x, y = data()
    theirs = build(keras, custom_train_step_class(keras))
    ours = build(lamina, custom_train_step_class(lamina))
    ours.set_weights(theirs.get_weights())
    for model in (theirs, ours):
        model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
    h_theirs = theirs.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0).history
    h_ours = ours.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0).history
    assert type(ours).__name__ == "CustomModel"
    assert set(h_ours) == set(h_theirs)
    for key in h_theirs:
        np.testing.assert_allclose(h_ours[key], h_theirs[key], rtol=1e-4, atol=1e-6)
    for a, b in zip(ours.get_weights(), theirs.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-6)


def compute_loss_class(lib):
    class L1Model(lib.Model):
        def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
            return lib.ops.mean(lib.ops.abs(y_pred - y))

    return L1Model


def test_compile_without_loss_when_compute_loss_is_overridden_matches_keras(keras):
    x, y = data()
    theirs = build(keras, compute_loss_class(keras))
    ours = build(lamina, compute_loss_class(lamina))
    ours.set_weights(theirs.get_weights())
    theirs.compile(optimizer="sgd")
    ours.compile(optimizer="sgd")
    h_theirs = theirs.fit(x, y, batch_size=8, epochs=2, shuffle=False, verbose=0).history
    h_ours = ours.fit(x, y, batch_size=8, epochs=2, shuffle=False, verbose=0).history
    np.testing.assert_allclose(h_ours["loss"], h_theirs["loss"], rtol=1e-5)


def test_keras_optimizer_driven_by_hand_matches_keras(keras):
    x, y = data()
    theirs, ours = build(keras), build(lamina)
    ours.set_weights(theirs.get_weights())
    opt_theirs, opt_ours = keras.optimizers.Adam(0.01), lamina.optimizers.Adam(0.01)
    for model, opt in ((theirs, opt_theirs), (ours, opt_ours)):
        for _ in range(3):
            model.zero_grad()
            loss = torch.mean((model(torch.from_numpy(x), training=True) - torch.from_numpy(y)) ** 2)
            loss.backward()
            weights = list(model.trainable_weights)
            with torch.no_grad():
                opt.apply_gradients(zip([w.value.grad if hasattr(w, "value") else w.grad for w in weights], weights))
    assert int(opt_ours.iterations) == int(opt_theirs.iterations) == 3
    for a, b in zip(ours.get_weights(), theirs.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def hook_recorder(lib):
    class Recorder(lib.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.calls = []

        def __getattribute__(self, name):
            attr = super().__getattribute__(name)
            if name.startswith("on_") and callable(attr):
                calls = super().__getattribute__("calls")

                def record(*args, **kwargs):
                    calls.append(name)
                    return attr(*args, **kwargs)

                return record
            return attr

    return Recorder()


def test_callback_hook_sequence_of_fit_evaluate_predict_matches_keras(keras):
    """Validation inside `fit` fires the `on_test_*` hooks, as in Keras."""
    x, y = data(8)
    sequences = []
    for lib in (keras, lamina):
        model = build(lib)
        model.compile(optimizer="sgd", loss="mse")
        recorder = hook_recorder(lib)
        model.fit(x, y, batch_size=4, epochs=2, validation_data=(x, y), callbacks=[recorder], verbose=0)
        model.evaluate(x, y, batch_size=4, callbacks=[recorder], verbose=0)
        model.predict(x, batch_size=4, callbacks=[recorder], verbose=0)
        sequences.append([c for c in recorder.calls if c not in ("on_batch_begin", "on_batch_end")])
    assert sequences[1] == sequences[0]


def test_fit_on_a_model_without_trainable_weights_runs_and_warns():
    x, y = data(8)
    model = build(lamina)
    model.trainable = False
    model.compile(optimizer="sgd", loss="mse")
    before = [w.copy() for w in model.get_weights()]
    with pytest.warns(UserWarning, match="no trainable weights"):
        history = model.fit(x, y, batch_size=4, epochs=1, verbose=0)
    assert len(history.history["loss"]) == 1
    for a, b in zip(model.get_weights(), before):
        np.testing.assert_array_equal(a, b)


def test_fit_builds_an_input_less_model_without_side_effects(keras):
    """BatchNormalization's moving statistics move only with the training steps: a build
    pass in training mode would move them once more than Keras does."""
    x, y = data(8)
    results = []
    for lib in (keras, lamina):
        model = lib.Sequential([lib.layers.BatchNormalization(momentum=0.5), lib.layers.Dense(1)])
        model.compile(optimizer=lib.optimizers.SGD(0.0), loss="mse")
        model.fit(x, y, batch_size=8, epochs=1, shuffle=False, verbose=0)
        results.append([np.asarray(w) for w in model.layers[0].get_weights()])
    for ours, theirs in zip(results[1], results[0]):
        np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)


def test_dict_targets_by_output_name_match_list_targets():
    x, y = data(8)
    inputs = lamina.Input((4,))
    a = lamina.layers.Dense(1, name="a")(inputs)
    b = lamina.layers.Dense(1, name="b")(inputs)
    model = lamina.Model(inputs, [a, b])
    model.compile(optimizer="sgd", loss="mse")
    by_dict = model.evaluate(x, {"b": y * 2, "a": y}, verbose=0)
    by_list = model.evaluate(x, [y, y * 2], verbose=0)
    np.testing.assert_allclose(by_dict, by_list, rtol=1e-6)


def test_registered_custom_layer_round_trips_through_the_one_registry(tmp_path):
    @lamina.saving.register_keras_serializable(package="Tests")
    class Scale(lamina.layers.Layer):
        def __init__(self, factor=2.0, **kwargs):
            super().__init__(**kwargs)
            self.factor = factor

        def call(self, inputs):
            return inputs * self.factor

        def get_config(self):
            return {**super().get_config(), "factor": self.factor}

    assert lamina.saving.get_registered_name(Scale) == "Tests>Scale"
    assert lamina.saving.get_registered_object("Tests>Scale") is Scale
    model = lamina.Sequential([lamina.Input((3,)), Scale(3.0), lamina.layers.Dense(2)])
    model.save(tmp_path / "m.keras")
    loaded = lamina.models.load_model(tmp_path / "m.keras")  # no custom_objects needed
    x = np.ones((2, 3), "float32")
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0), rtol=1e-6)
    config = lamina.saving.serialize_keras_object(Scale(5.0))
    assert config["registered_name"] == "Tests>Scale"
    assert lamina.saving.deserialize_keras_object(config).factor == 5.0


def test_custom_object_scope_resolves_names_only_inside_the_block():
    class Twice(lamina.layers.Layer):
        def call(self, inputs):
            return inputs * 2

    config = {"module": "x", "class_name": "Twice", "config": {"name": "t"}, "registered_name": None}
    with pytest.raises(ValueError, match="Could not interpret layer class identifier: 'Twice'"):
        lamina.layers.deserialize(config)
    with lamina.saving.custom_object_scope({"Twice": Twice}):
        assert isinstance(lamina.layers.deserialize(config), Twice)
    with lamina.saving.CustomObjectScope({"Twice": Twice}):
        assert isinstance(lamina.layers.deserialize(config), Twice)


def test_to_json_and_model_from_json_interchange_with_keras(keras):
    ours = build(lamina)
    theirs = keras.models.model_from_json(ours.to_json())
    back = lamina.models.model_from_json(theirs.to_json())
    assert back.count_params() == ours.count_params() == theirs.count_params()
    with pytest.raises(ValueError, match="JSON"):
        lamina.models.model_from_json("{not json")


@pytest.mark.parametrize(
    "name, args",
    [("backend", ()), ("floatx", ()), ("epsilon", ()), ("image_data_format", ()),
     ("standardize_dtype", (np.float32,)), ("standardize_dtype", (torch.int64,)),
     ("result_type", ("int32", "float16")), ("result_type", ("bool", "int8")),
     ("is_float_dtype", ("bfloat16",)), ("is_int_dtype", ("uint8",))],
)
def test_backend_functions_match_keras(name, args, keras):
    assert getattr(lamina.backend, name)(*args) == getattr(keras.backend, name)(*args)


def test_backend_uid_and_keras_tensor():
    lamina.backend.clear_session()
    assert [lamina.backend.get_uid("t"), lamina.backend.get_uid("t")] == [1, 2]
    assert lamina.backend.is_keras_tensor(lamina.Input((3,)))
    assert not lamina.backend.is_keras_tensor(torch.zeros(3))


def scale_layer(lib):
    class Scale(lib.layers.Layer):
        def call(self, x, factor, offset=None):
            return x * factor + (0 if offset is None else offset)

        def compute_output_shape(self, x_shape, factor_shape=None, offset_shape=None):
            return x_shape

    return Scale


def test_functional_models_replay_positional_and_keyword_tensor_arguments(keras):
    rng = np.random.default_rng(0)
    x = [rng.standard_normal((2, 3)).astype("float32") for _ in range(3)]
    results = []
    for lib in (keras, lamina):
        a, b, c = lib.Input((3,)), lib.Input((3,)), lib.Input((3,))
        model = lib.Model([a, b, c], scale_layer(lib)()(a, b, offset=c))
        results.append(np.asarray(model.predict(x, verbose=0)))
    np.testing.assert_allclose(results[1], results[0], rtol=1e-6)
