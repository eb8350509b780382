"""Functional models `Model(inputs, outputs)` and subclassed models, with Keras as the oracle."""

import numpy as np
import pytest
import torch

import lamina
from lamina import Input, Model, Sequential
from lamina.layers import Add, Concatenate, Conv2D, Dense, Flatten, InputLayer


def two_in_two_out(k):
    """Two inputs, a Concatenate and an Add branch, two outputs (Keras or Lamina)."""
    L = k.layers
    a, b = k.Input((8,), name="a"), k.Input((4,), name="b")
    h1 = L.Dense(6, activation="relu", name="h1")(a)
    h2 = L.Dense(6, name="h2")(b)
    joined = L.Concatenate(name="cat")([h1, h2])
    summed = L.Add(name="add")([h1, h2])
    return k.Model([a, b], [L.Dense(3, name="o1")(joined), L.Dense(2, name="o2")(summed)], name="two")


def uneven_branches(k):
    """A short and a long branch: Keras orders layers by depth, not by output order."""
    L = k.layers
    x = k.Input((4,), name="x")
    short = L.Dense(2, name="short")(x)
    long = L.Dense(3, name="c3")(L.Dense(6, name="c2")(L.Dense(5, name="c1")(x)))
    return k.Model(x, [short, long])


def inputs(seed=0):
    rng = np.random.default_rng(seed)
    return [rng.standard_normal((5, 8)).astype("float32"), rng.standard_normal((5, 4)).astype("float32")]


def test_single_input_model_shapes():
    x = Input((32, 32, 3))
    y = Dense(10)(Flatten()(Conv2D(32, 3, activation="relu")(x)))
    model = Model(x, y)
    assert model.built
    assert model.input_shape == (None, 32, 32, 3)
    assert model.output_shape == (None, 10)
    assert model.count_params() == 288906
    assert isinstance(model.layers[0], InputLayer)  # functional models list their Input
    assert [layer.output.shape for layer in model.layers[1:]] == [(None, 30, 30, 32), (None, 28800), (None, 10)]
    assert model(torch.zeros(2, 32, 32, 3)).shape == (2, 10)


def test_two_inputs_two_outputs_shapes_and_calls():
    model = two_in_two_out(lamina)
    assert model.output_shape == [(None, 3), (None, 2)]
    assert model.input_shape == [(None, 8), (None, 4)]
    assert model.count_params() == 54 + 30 + 39 + 14
    outs = model(inputs())
    assert isinstance(outs, list) and [tuple(o.shape) for o in outs] == [(5, 3), (5, 2)]
    preds = model.predict(inputs(), verbose=0)
    assert [p.shape for p in preds] == [(5, 3), (5, 2)]


def test_two_inputs_two_outputs_parity_with_keras(keras):
    ours, theirs = two_in_two_out(lamina), two_in_two_out(keras)
    assert [layer.name for layer in ours.layers if layer.weights] == [
        layer.name for layer in theirs.layers if layer.weights
    ]
    assert [tuple(w.shape) for w in ours.weights] == [tuple(w.shape) for w in theirs.weights]
    ours.set_weights(theirs.get_weights())
    for got, want in zip(ours.predict(inputs(), verbose=0), theirs.predict(inputs(), verbose=0)):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)  # Dense: float32 matmuls


@pytest.mark.parametrize("build", [two_in_two_out, uneven_branches], ids=["two-in-two-out", "uneven-branches"])
def test_layer_order_follows_keras(build, keras):
    """Keras orders a functional model's layers by depth, not by output order; weights
    (and `set_weights`) follow that order."""
    ours, theirs = build(lamina), build(keras)
    assert [layer.name for layer in ours.layers] == [layer.name for layer in theirs.layers]


def test_set_weights_from_keras_on_uneven_branches(keras):
    ours, theirs = uneven_branches(lamina), uneven_branches(keras)
    assert [tuple(w.shape) for w in ours.weights] == [tuple(w.shape) for w in theirs.weights]
    ours.set_weights(theirs.get_weights())
    x = np.ones((2, 4), "float32")
    for got, want in zip(ours.predict(x, verbose=0), theirs.predict(x, verbose=0)):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


def test_list_inputs_accept_tuples_and_check_count():
    model = two_in_two_out(lamina)
    a, b = (torch.from_numpy(v) for v in inputs())
    assert torch.equal(model((a, b))[0], model([a, b])[0])
    with pytest.raises(ValueError, match=r"expects 2 input\(s\), but it received 1"):
        model([a])


def test_dict_inputs_built_model_accepts_a_list_in_key_order():
    a, b = Input((3,), name="x1"), Input((3,), name="x2")
    model = Model({"x1": a, "x2": b}, Concatenate()([a, b]))
    y = model([torch.ones(2, 3), torch.zeros(2, 3)])
    assert torch.equal(y, torch.cat([torch.ones(2, 3), torch.zeros(2, 3)], dim=-1))


def test_dict_inputs_are_matched_by_name():
    a, b = Input((3,), name="x1"), Input((3,), name="x2")
    model = Model({"x1": a, "x2": b}, Concatenate()([a, b]))
    y = model({"x2": torch.zeros(2, 3), "x1": torch.ones(2, 3)})
    assert torch.equal(y, torch.cat([torch.ones(2, 3), torch.zeros(2, 3)], dim=-1))


def test_graph_disconnected_error():
    a, b = Input((3,), name="first"), Input((3,), name="second")
    with pytest.raises(ValueError, match=r"Graph disconnected.*'second'"):
        Model(a, Add()([a, b]))


def test_inputs_must_come_from_input():
    x = Input((3,))
    hidden = Dense(4)(x)
    with pytest.raises(ValueError, match="Model inputs must come from `lamina.Input`"):
        Model(hidden, Dense(2)(hidden))
    with pytest.raises(TypeError, match="must be symbolic tensors"):
        Model(x, torch.zeros(2))


def test_wrong_input_size_names_the_expected_shape():
    x = Input((3, 4), name="grid")
    model = Model(x, Dense(2)(Flatten()(x)))
    with pytest.raises(ValueError, match=r"Invalid input shape for input grid. Expected shape \(None, 3, 4\)"):
        model(torch.zeros(5, 12))
    assert model(torch.zeros(5, 3, 4, 1)).shape == (5, 2)  # S6: a trailing 1 is squeezed


def test_nested_sequential_inside_functional():
    inner = Sequential([Input((4,)), Dense(3, name="inner_dense")], name="inner")
    x = Input((4,))
    model = Model(x, Dense(2, name="outer_dense")(inner(x)))
    assert [layer.name for layer in model.layers][1:] == ["inner", "outer_dense"]
    assert model.count_params() == 15 + 8
    assert list(model.state_dict()) == [
        "inner.inner_dense.kernel", "inner.inner_dense.bias", "outer_dense.kernel", "outer_dense.bias"
    ]
    data = torch.randn(6, 4)
    torch.testing.assert_close(model(data), model.layers[2](inner(data)), rtol=0, atol=0)
    assert len(model.weights) == 4


def test_shared_layer_is_counted_once():
    shared = Dense(4, name="shared")
    a, b = Input((3,)), Input((3,))
    model = Model([a, b], Add()([shared(a), shared(b)]))
    assert model.count_params() == 16
    assert len(model.weights) == 2
    x = torch.randn(2, 3)
    torch.testing.assert_close(model([x, x]), 2 * shared(x), rtol=1e-6, atol=1e-6)


class TwoLayerNet(Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.hidden = Dense(4, activation="relu")
        self.head = Dense(2)

    def call(self, inputs):
        return self.head(self.hidden(inputs))


def test_subclassed_model_builds_on_first_call():
    model = TwoLayerNet()
    assert not model.built and model.weights == []
    y = model(torch.ones(3, 5))
    assert y.shape == (3, 2)
    assert model.built
    assert model.count_params() == 24 + 10
    assert list(model.state_dict()) == ["hidden.kernel", "hidden.bias", "head.kernel", "head.bias"]
    assert len(model.layers) == 2
    with pytest.raises(AttributeError):
        model.inputs  # noqa: B018


def test_subclassed_model_trains_with_torch():
    model = TwoLayerNet()
    x, target = torch.randn(16, 5), torch.randn(16, 2)
    model(x)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    losses = []
    for _ in range(5):
        optimizer.zero_grad()
        loss = torch.nn.functional.mse_loss(model(x), target)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    assert losses[-1] < losses[0]


def test_freezing_a_layer_in_a_functional_model():
    model = two_in_two_out(lamina)
    model.get_layer("h1").trainable = False
    assert sum(w.numel() for w in model.non_trainable_weights) == 54
    assert model.count_params() == 137
    model(inputs())[0].sum().backward()
    assert model.get_layer("h1").kernel.grad is None
    assert model.get_layer("o1").kernel.grad is not None


def test_get_layer():
    model = two_in_two_out(lamina)
    assert model.get_layer("cat").name == "cat"
    assert model.get_layer(index=0).name == "a"
    with pytest.raises(ValueError, match=r"No such layer: nope"):
        model.get_layer("nope")


def test_torch_export_of_a_two_input_model():
    model = two_in_two_out(lamina)
    a, b = (torch.from_numpy(v) for v in inputs())
    exported = torch.export.export(model, ([a, b],))
    for got, want in zip(exported.module()([a, b]), model([a, b])):
        torch.testing.assert_close(got, want, rtol=1e-6, atol=1e-6)
