"""`models.clone_model` against Keras 3: same architecture, new weights, `clone_function`
(sharing or replacing layers), `input_tensors`, nested models with `recursive`."""

import numpy as np
import pytest

import lamina


def sequential(lib):
    return lib.Sequential([lib.Input((4,)), lib.layers.Dense(3, activation="relu"), lib.layers.Dense(2)])


def functional(lib):
    inputs = lib.Input((4,))
    hidden = lib.layers.Dense(3, activation="relu")(inputs)
    return lib.Model(inputs, lib.layers.Concatenate()([hidden, lib.layers.Dense(2)(inputs)]))


def layer_summary(model):
    return [(type(layer).__name__, tuple(layer.output.shape)) for layer in model.layers]


@pytest.mark.parametrize("build", [sequential, functional])
def test_clone_has_the_structure_keras_gives_and_new_weights(build, keras):
    ours, theirs = build(lamina), build(keras)
    ours_clone, theirs_clone = lamina.models.clone_model(ours), keras.models.clone_model(theirs)
    assert type(ours_clone).__name__ == type(ours).__name__
    assert layer_summary(ours_clone) == layer_summary(ours)
    assert [type(layer).__name__ for layer in ours_clone.layers] == [type(layer).__name__ for layer in theirs_clone.layers]
    assert ours_clone.count_params() == theirs_clone.count_params()
    assert all(a is not b for a, b in zip(ours_clone.layers, ours.layers))
    assert any(not np.array_equal(a, b) for a, b in zip(ours_clone.get_weights(), ours.get_weights()))


@pytest.mark.parametrize("build", [sequential, functional])
def test_clone_function_can_share_layers(build):
    model = build(lamina)
    clone = lamina.models.clone_model(model, clone_function=lambda layer: layer)
    shared = [layer for layer in clone.layers if not isinstance(layer, lamina.layers.InputLayer)]
    assert all(any(layer is original for original in model.layers) for layer in shared)
    x = np.ones((2, 4), "float32")
    np.testing.assert_array_equal(clone.predict(x, verbose=0), model.predict(x, verbose=0))


def test_clone_function_can_replace_layers_like_keras(keras):
    def lamina_swap(layer):
        if isinstance(layer, lamina.layers.Dense):
            return lamina.layers.Dense(layer.units * 2, name=layer.name)
        return layer.__class__.from_config(layer.get_config())

    def keras_swap(layer):
        if isinstance(layer, keras.layers.Dense):
            return keras.layers.Dense(layer.units * 2, name=layer.name)
        return layer.__class__.from_config(layer.get_config())

    ours = lamina.models.clone_model(sequential(lamina), clone_function=lamina_swap)
    theirs = keras.models.clone_model(sequential(keras), clone_function=keras_swap)
    assert ours.count_params() == theirs.count_params()


def test_clone_on_given_input_tensors():
    model = functional(lamina)
    inputs = lamina.Input((4,), name="new_input")
    clone = lamina.models.clone_model(model, input_tensors=inputs)
    assert clone.inputs[0] is inputs


def test_subclassed_models_refuse_clone_function():
    class Tiny(lamina.Model):
        def call(self, x):
            return x

    with pytest.raises(ValueError, match="subclassed"):
        lamina.models.clone_model(Tiny(), clone_function=lambda layer: layer)
