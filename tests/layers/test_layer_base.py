"""The Layer base: calling conventions, add_loss/losses, tracing, configs, odd inputs
(issue 10 Part 2 "Layers"; issue 9 items 15 and 18)."""

import numpy as np
import pytest
import torch

from lamina import Input, Model, Sequential, layers


def sample(shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype("float32")


# --------------------------------------------------------------------- bool and meta inputs
@pytest.mark.parametrize("make, shape", [
    (lambda m: m.Dense(3), (2, 4)),
    (lambda m: m.Conv2D(2, 3), (1, 5, 5, 2)),
    (lambda m: m.BatchNormalization(), (4, 3)),
    (lambda m: m.GlobalAveragePooling2D(), (2, 3, 3, 2)),
], ids=["Dense", "Conv2D", "BatchNormalization", "GlobalAveragePooling2D"])
@pytest.mark.parametrize("kind", ["numpy", "torch"])
def test_bool_inputs_are_cast_to_float_as_keras_does(make, shape, kind, keras):
    x = np.random.default_rng(0).random(shape) > 0.5
    oracle = make(keras.layers)
    want = keras.ops.convert_to_numpy(oracle(x.astype("float32")))
    layer = make(layers)
    layer(x.astype("float32"))
    layer.set_weights(oracle.get_weights())
    got = layer(torch.from_numpy(x) if kind == "torch" else x)
    assert got.dtype == torch.float32
    np.testing.assert_allclose(got.detach().numpy(), want, rtol=5e-4, atol=1e-5)  # Conv2D's tolerance


@pytest.mark.parametrize("make, shape, expected", [
    (lambda: layers.Dense(4), (5, 3), (5, 4)),
    (lambda: layers.Conv2D(2, 3, padding="same"), (1, 6, 6, 3), (1, 6, 6, 2)),
    (lambda: Sequential([layers.Dense(4), layers.Dense(2)]), (3, 5), (3, 2)),
], ids=["Dense", "Conv2D", "Sequential"])
def test_meta_tensors_give_meta_outputs_and_leave_the_weights_alone(make, shape, expected):
    layer = make()
    y = layer(torch.zeros(shape, device="meta"))  # unbuilt: built for real, then traced
    assert y.is_meta and tuple(y.shape) == expected
    assert all(not w.is_meta for w in layer.weights)
    real = layer(torch.ones(shape))  # the real weights still compute
    assert tuple(real.shape) == expected and torch.isfinite(real).all()
    assert layer(torch.zeros((7, *shape[1:]), device="meta")).shape[0] == 7


def test_a_call_that_needs_values_fails_on_meta_tensors_with_a_clear_error():
    class Peek(layers.Layer):
        def call(self, inputs):
            return inputs[:, : int(inputs.max().item()) + 1]  # the shape depends on values

    layer = Peek()
    assert layer(torch.ones(1, 3)).shape == (1, 2)
    with pytest.raises(ValueError, match="'peek.*' \\(Peek\\).*meta tensors.*compute_output_shape"):
        layer.compute_output_shape((None, 3))
    with pytest.raises(ValueError, match="Peek"):
        Model(Input((3,)), layer(Input((3,))))


# --------------------------------------------------------------------- calling conventions
class Scale(layers.Layer):
    def call(self, inputs, factor, offset=None):
        out = inputs * factor
        return out if offset is None else out + offset


def test_positional_and_keyword_tensor_arguments(keras):
    x, f, o = sample((2, 3)), sample((2, 3), 1), sample((2, 3), 2)
    oracle = type("KScale", (keras.layers.Layer,), {"call": Scale.call})()
    layer = Scale()
    for args, kwargs in [((x, f), {}), ((x,), {"factor": f}), ((), {"inputs": x, "factor": f, "offset": o})]:
        want = keras.ops.convert_to_numpy(oracle(*args, **kwargs))
        np.testing.assert_allclose(layer(*args, **kwargs).numpy(), want, rtol=1e-6)


def test_symbolic_keyword_tensor_argument_records_it_on_the_node():
    a, b = Input((3,)), Input((3,))
    out = Scale()(a, factor=b)
    assert out.shape == (None, 3)
    assert out.node.all_input_tensors == [a, b]


# --------------------------------------------------------------------- tracing
class Pairs(layers.Layer):
    """No `compute_output_shape`: functional models trace it."""

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1], 4))

    def call(self, inputs):
        y = inputs @ self.w
        return torch.reshape(y, (-1, 2, 2)), y.sum(-1, keepdim=True)


def test_layer_without_compute_output_shape_works_in_a_functional_model(keras):
    inputs = Input((5,))
    first, second = Pairs()(inputs)
    assert first.shape == (None, 2, 2) and second.shape == (None, 1)
    model = Model(inputs, [layers.Flatten()(first), second])
    kinputs = keras.Input((5,))
    koracle = type("KPairs", (keras.layers.Layer,), {"build": Pairs.build, "call": Pairs.call})()
    kf, ks = koracle(kinputs)
    assert (tuple(kf.shape), tuple(ks.shape)) == (first.shape, second.shape)
    kmodel = keras.Model(kinputs, [keras.layers.Flatten()(kf), ks])
    model.set_weights(kmodel.get_weights())
    x = sample((3, 5))
    for got, want in zip(model(x), kmodel(x)):
        np.testing.assert_allclose(got.detach().numpy(), keras.ops.convert_to_numpy(want), rtol=1e-5, atol=1e-6)
    assert Pairs().compute_output_shape((None, 5)) == [(None, 2, 2), (None, 1)]


# --------------------------------------------------------------------- add_loss and losses
class Penalized(layers.Layer):
    def __init__(self, rate=0.5, **kwargs):
        super().__init__(**kwargs)
        self.rate = rate
        self.dense = layers.Dense(2, kernel_regularizer="l2", kernel_initializer="ones")

    def call(self, inputs):
        outputs = self.dense(inputs)
        self.add_loss(self.rate * outputs.square().mean())
        return outputs


def keras_penalized(keras):
    def init(self, rate=0.5, **kwargs):
        keras.layers.Layer.__init__(self, **kwargs)
        self.rate = rate
        self.dense = keras.layers.Dense(2, kernel_regularizer="l2", kernel_initializer="ones")

    return type("KPenalized", (keras.layers.Layer,), {"__init__": init, "call": Penalized.call})


def test_add_loss_and_losses_match_keras_and_reset_at_each_call(keras):
    x = sample((4, 3))
    ours, theirs = Penalized(), keras_penalized(keras)()
    for _ in range(3):
        ours(x)
        theirs(x)
    assert len(ours.losses) == len(theirs.losses) == 2  # the call's add_loss + the L2 penalty
    for got, want in zip(ours.losses, theirs.losses):
        np.testing.assert_allclose(got.detach().numpy(), keras.ops.convert_to_numpy(want), rtol=1e-5)
    inputs = Input((3,))
    model = Model(inputs, Penalized()(inputs))
    model(x)
    model(x)
    assert len(model.losses) == 2
    with pytest.raises(ValueError, match="add_loss"):
        ours.add_loss(1.0)


def test_activity_regularizer_adds_a_per_sample_loss_as_keras(keras):
    x = sample((4, 3))
    ours, theirs = layers.Dense(2, activity_regularizer="l2"), keras.layers.Dense(2, activity_regularizer="l2")
    theirs(x)
    ours(x)
    ours.set_weights(theirs.get_weights())
    ours(x)
    theirs(x)
    assert len(ours.losses) == len(theirs.losses) == 1
    np.testing.assert_allclose(ours.losses[0].detach().numpy(), keras.ops.convert_to_numpy(theirs.losses[0]), rtol=1e-5)
    assert ours.get_config()["activity_regularizer"] == theirs.get_config()["activity_regularizer"]


def test_evaluate_adds_the_model_losses_like_keras(keras):
    x, y = sample((8, 3)), sample((8, 2), 1)
    inputs, kinputs = Input((3,)), keras.Input((3,))
    model = Model(inputs, Penalized(rate=2.0)(inputs))
    kmodel = keras.Model(kinputs, keras_penalized(keras)(rate=2.0)(kinputs))
    model.set_weights(kmodel.get_weights())
    model.compile(loss="mse")
    kmodel.compile(loss="mse")
    want = kmodel.evaluate(x, y, batch_size=8, verbose=0)
    np.testing.assert_allclose(model.evaluate(x, y, batch_size=8, verbose=0), want, rtol=1e-5)


# --------------------------------------------------------------------- configs
class Configured(layers.Layer):
    def __init__(self, units=3, mode="a", sizes=(1, 2), **kwargs):
        super().__init__(**kwargs)
        self.units, self.mode, self.sizes = units, mode, sizes

    def call(self, inputs):
        return inputs


class NoKwargs(layers.Layer):
    def __init__(self, units=3):
        super().__init__()
        self.units = units

    def call(self, inputs):
        return inputs


class Unserializable(layers.Layer):
    def __init__(self, inner, **kwargs):
        super().__init__(**kwargs)
        self.inner = inner

    def call(self, inputs):
        return inputs


def keras_configured(keras):
    """The same two classes on Keras's base (class bodies as above)."""

    class KConfigured(keras.layers.Layer):
        def __init__(self, units=3, mode="a", sizes=(1, 2), **kwargs):
            super().__init__(**kwargs)
            self.units, self.mode, self.sizes = units, mode, sizes

        def call(self, inputs):
            return inputs

    class KNoKwargs(keras.layers.Layer):
        def __init__(self, units=3):
            super().__init__()
            self.units = units

        def call(self, inputs):
            return inputs

    return {Configured: KConfigured, NoKwargs: KNoKwargs}


@pytest.mark.parametrize("cls, kwargs", [
    (Configured, dict(units=5, name="c")),
    (Configured, dict(mode="b", sizes=[3, 4])),
    (NoKwargs, dict(units=7)),
], ids=["units", "nested", "no-kwargs"])
def test_default_get_config_captures_simple_constructor_arguments_like_keras(cls, kwargs, keras):
    ours, theirs = cls(**kwargs).get_config(), keras_configured(keras)[cls](**kwargs).get_config()
    if "name" not in kwargs and "name" in theirs:  # auto names differ by class name
        ours.pop("name")
        theirs.pop("name")
    assert _jsonish(ours) == _jsonish(theirs)
    if cls is Configured:  # NoKwargs can't take `trainable`/`dtype` back, in Keras neither
        clone = cls.from_config(cls(**kwargs).get_config())
        assert _jsonish(clone.get_config())["sizes"] == _jsonish(kwargs.get("sizes", [1, 2]))


def _jsonish(value):
    if isinstance(value, (list, tuple)):
        return [_jsonish(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonish(v) for k, v in value.items()}
    return value


def test_get_config_of_a_layer_built_from_objects_asks_for_an_override():
    layer = Unserializable(layers.Dense(2))
    with pytest.raises(NotImplementedError, match="Override `get_config\\(\\)`"):
        layer.get_config()


def test_lamina_layers_keep_their_explicit_configs():
    assert set(layers.Dropout(0.5).get_config()) == {"name", "trainable", "dtype", "rate", "noise_shape", "seed"}


# --------------------------------------------------------------------- sublayer weights
def test_attribute_assignment_registers_the_weight_once():
    class Two(layers.Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.w = None

        def build(self, input_shape):
            self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones")
            self.s = self.add_weight(shape=(), initializer="zeros", trainable=False)

        def call(self, inputs):
            return inputs * self.w + self.s

    layer = Two()
    layer(torch.ones(1, 3))
    assert list(layer.state_dict()) == ["w", "s"]
    assert [w.name.startswith("variable") for w in layer.weights] == [True, True]
    assert layer.weights == [layer.w, layer.s]
