"""Weights are torch Parameters and Keras variables at once (issue 10, Part 2: Variables)."""

import copy
import io

import numpy as np
import pytest
import torch

from lamina import Input, Model, Sequential, layers
from lamina.layers.variable import Variable
from lamina.tensors import standardize_dtype


class Counter(layers.Layer):
    """A weight, a non-trainable counter updated in `call`, and a running total."""

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], 2), initializer="ones", name="kernel")
        self.count = self.add_weight(shape=(), initializer="zeros", dtype="int32", trainable=False)
        self.total = self.add_weight(shape=(2,), initializer="zeros", trainable=False, name="total")

    def call(self, inputs):
        outputs = inputs @ self.kernel
        self.count.assign_add(1)
        self.total.assign_add(outputs.detach().sum(0))
        return outputs


def both(keras, cls_ours, cls_theirs=None):
    """The same subclass for Lamina and for Keras (the body only uses the shared API)."""
    return cls_ours(), (cls_theirs or type("K" + cls_ours.__name__, (keras.layers.Layer,),
                                           {k: v for k, v in vars(cls_ours).items()
                                            if k in ("build", "call", "__init__")}))()


def test_weights_are_parameters_and_keras_variables(keras):
    ours, theirs = both(keras, Counter)
    x = np.random.default_rng(0).standard_normal((3, 4)).astype("float32")
    for _ in range(2):
        ours(x)
        theirs(x)
    assert all(isinstance(w, torch.nn.Parameter) and isinstance(w, Variable) for w in ours.weights)
    assert [w.name for w in ours.weights] == [w.name.split("/")[-1] for w in ours.weights]
    assert len(ours.weights) == len(theirs.weights)
    for mine, oracle in zip(ours.weights, theirs.weights):
        np.testing.assert_allclose(mine.numpy(), keras.ops.convert_to_numpy(oracle.value), rtol=1e-6)
        assert mine.trainable == oracle.trainable
        assert tuple(mine.shape) == tuple(oracle.shape)
        assert standardize_dtype(mine.dtype) == oracle.dtype
    assert ours.count.numpy() == 2 and ours.count.numpy().dtype == np.int32
    # state_dict keys are the attribute names; parameters are the trainable weights only.
    assert list(ours.state_dict()) == ["kernel", "count", "total"]
    assert [name for name, _ in ours.named_parameters()] == ["kernel"]
    assert [name for name, _ in ours.named_buffers()] == ["count", "total"]


def test_auto_names_and_paths_follow_keras(keras):
    class Net(Model):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.counter = Counter(name="counter")
            self.dense = layers.Dense(2, name="head")

        def call(self, inputs):
            return self.dense(self.counter(inputs))

    net = Net(name="net")
    net(np.zeros((1, 3), "float32"))
    paths = [w.path for w in net.weights]
    assert paths[0] == "net/counter/kernel" and paths[-2:] == ["net/head/kernel", "net/head/bias"]
    assert net.counter.count.name.startswith("variable")
    assert net.counter.count.path == f"net/counter/{net.counter.count.name}"
    oracle = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, name="head")], name="seq")
    ours = Sequential([Input((3,)), layers.Dense(2, name="head")], name="seq")
    assert [w.path for w in ours.weights] == [w.path for w in oracle.weights]


@pytest.mark.parametrize("method", ["assign", "assign_add", "assign_sub"])
def test_assign_methods_match_keras(method, keras):
    start = np.arange(6, dtype="float32").reshape(2, 3)
    delta = np.full((2, 3), 1.5, dtype="float64")  # cast to the variable's dtype, as Keras does
    ours = layers.Dense(3)
    ours.build((None, 2))
    ours.kernel.assign(start)
    theirs = keras.Variable(start)
    got = getattr(ours.kernel, method)(delta)
    want = getattr(theirs, method)(delta)
    np.testing.assert_array_equal(ours.kernel.numpy(), keras.ops.convert_to_numpy(theirs.value))
    np.testing.assert_array_equal(got.numpy(), keras.ops.convert_to_numpy(want))
    assert ours.kernel.requires_grad and ours.kernel.grad is None  # no graph was recorded


def test_assign_with_the_wrong_shape_is_a_value_error_as_in_keras(keras):
    layer = layers.Dense(3)
    layer.build((None, 2))
    with pytest.raises(ValueError, match=r"must match.*\(2, 3\).*\(3, 3\)"):
        layer.kernel.assign(np.zeros((3, 3)))
    with pytest.raises(ValueError, match="must match"):
        keras.Variable(np.zeros((2, 3))).assign(np.zeros((3, 3)))


def test_value_grad_is_what_the_torch_guides_read():
    layer = layers.Dense(2)
    x = torch.randn(4, 3)
    layer(x).sum().backward()
    for weight in layer.trainable_weights:
        assert weight.value is weight
        assert weight.value.grad is not None and weight.value.grad.shape == weight.shape
    np.testing.assert_allclose(layer.bias.value.grad.numpy(), [4.0, 4.0])


def test_numpy_and_array_of_a_trainable_weight():
    layer = layers.Dense(2)
    layer.build((None, 3))
    array = layer.kernel.numpy()
    assert isinstance(array, np.ndarray) and array.shape == (3, 2)
    array[0, 0] = 123.0  # a copy, as np.array(variable) is in Keras
    assert layer.kernel[0, 0].item() != 123.0
    np.testing.assert_array_equal(np.asarray(layer.kernel), layer.kernel.detach().numpy())


@pytest.mark.parametrize("args, kwargs", [
    (((3, 2),), {}),
    (((3, 2), "ones"), {}),
    (((3, 2), "zeros", "float64"), {}),
    ((), {"shape": (3, 2), "initializer": "ones", "name": "w"}),
    ((), {"shape": (4,), "dtype": "int32", "trainable": False}),
    ((), {}),
], ids=["shape", "shape-init", "shape-init-dtype", "keywords", "int-default-zeros", "scalar"])
def test_add_weight_signature_and_defaults_match_keras(args, kwargs, keras):
    ours, theirs = layers.Layer(), keras.layers.Layer()
    mine = ours.add_weight(*args, **kwargs)
    oracle = theirs.add_weight(*args, **kwargs)
    assert tuple(mine.shape) == tuple(oracle.shape)
    assert standardize_dtype(mine.dtype) == oracle.dtype
    assert mine.trainable == oracle.trainable
    if kwargs.get("name"):
        assert mine.name == oracle.name == kwargs["name"]
    else:
        assert mine.name.startswith("variable")
    if "float" not in oracle.dtype or (len(args) > 1 or "initializer" in kwargs):
        np.testing.assert_array_equal(mine.numpy(), keras.ops.convert_to_numpy(oracle.value))
    else:  # glorot_uniform by default for floats: same bounds
        limit = np.sqrt(6 / sum(oracle.shape)) if oracle.shape else np.sqrt(3.0)
        assert np.abs(mine.numpy()).max() <= limit


def test_add_weight_older_name_first_form_still_works():
    layer = layers.Layer()
    weight = layer.add_weight("kernel", (2, 3), "ones", trainable=False)
    assert layer.kernel is weight and weight.name == "kernel" and not weight.trainable
    assert "kernel" in dict(layer.named_buffers())
    with pytest.raises(TypeError, match="at most 3 positional"):
        layer.add_weight((1,), "zeros", "float32", True)


def test_add_variable_is_add_weight(keras):
    ours = layers.Layer().add_variable((2,), "ones", name="v")
    theirs = keras.layers.Layer().add_variable((2,), "ones", name="v")
    np.testing.assert_array_equal(ours.numpy(), keras.ops.convert_to_numpy(theirs.value))
    assert ours.name == theirs.name


def test_frozen_layer_marks_its_variables_not_trainable(keras):
    ours, theirs = layers.Dense(2), keras.layers.Dense(2)
    ours.build((None, 3))
    theirs.build((None, 3))
    ours.trainable = theirs.trainable = False
    assert [w.trainable for w in ours.weights] == [w.trainable for w in theirs.weights]
    assert not ours.kernel.requires_grad
    ours.trainable = theirs.trainable = True
    assert [w.trainable for w in ours.weights] == [w.trainable for w in theirs.weights]


def test_torch_optimizer_and_keras_style_update_on_the_same_weights():
    layer = layers.Dense(1, kernel_initializer="ones")
    x = torch.ones(2, 3)
    layer(x)  # builds: the optimizer is created after, over the parameters
    optimizer = torch.optim.SGD(layer.parameters(), lr=0.1)
    layer(x).sum().backward()
    optimizer.step()
    # d(sum)/d(kernel) = sum over the batch of x = 2 per entry: 1 - 0.1 * 2.
    np.testing.assert_allclose(layer.kernel.numpy(), np.full((3, 1), 0.8), rtol=1e-6)
    with torch.no_grad():
        for weight in layer.trainable_weights:
            weight.value.sub_(0.5 * weight.value.grad)
    np.testing.assert_allclose(layer.kernel.numpy(), np.full((3, 1), -0.2), rtol=1e-6, atol=1e-7)


def test_variables_survive_dtype_moves_deepcopy_and_pickling():
    layer = Counter()
    layer(np.ones((1, 2), "float32"))
    before = layer.weights
    layer.double()
    assert [w is v for w, v in zip(layer.weights, before)] == [True, True, True]
    assert layer.total.dtype == torch.float64 and layer.count.dtype == torch.int32
    assert isinstance(layer.total, Variable) and layer.total.path.endswith("/total")
    clone = copy.deepcopy(layer)
    assert isinstance(clone.count, Variable) and clone.count.path == layer.count.path
    assert not clone.count.trainable and clone.count is not layer.count
    buffer = io.BytesIO()
    torch.save(layer, buffer)
    buffer.seek(0)
    loaded = torch.load(buffer, weights_only=False)
    assert isinstance(loaded.kernel, Variable) and loaded.kernel.path == layer.kernel.path
    torch.testing.assert_close(loaded.total, layer.total)
    state = layer.state_dict()
    assert all(type(t) is torch.Tensor for t in state.values())  # plain tensors: weights_only loads


def test_load_state_dict_keeps_the_variables():
    source, target = Counter(), Counter()
    x = np.ones((2, 3), "float32")
    source(x)
    target(x)
    source.total.assign([5.0, 6.0])
    kernel = target.kernel
    target.load_state_dict(source.state_dict())
    assert target.kernel is kernel
    np.testing.assert_array_equal(target.total.numpy(), [5.0, 6.0])


def test_compiled_model_with_variables_matches_eager():
    layer = Counter()
    x = torch.randn(2, 3)
    layer(x)
    compiled = torch.compile(layer, backend="eager")
    torch.testing.assert_close(compiled(x), x @ layer.kernel, rtol=1e-6, atol=1e-6)
    assert layer.count.item() == 2


def test_load_state_dict_with_assign_keeps_keras_variables():
    source, target = Counter(), Counter()
    x = np.ones((2, 3), "float32")
    source(x)
    target(x)
    paths = [w.path for w in target.weights]
    target.load_state_dict(source.state_dict(), assign=True)
    assert all(isinstance(w, Variable) for w in target.weights)
    assert [name for name, _ in target.named_parameters()] == ["kernel"]
    assert [w.path for w in target.weights] == paths and not target.total.trainable
    np.testing.assert_array_equal(target.count.numpy(), source.count.numpy())


def test_weight_order_is_by_creation_kind_and_shared_weights_count_once(keras):
    def make(base, dense):
        class Shared(base):
            def __init__(self, **kwargs):
                super().__init__(**kwargs)
                self.first = dense(3, name="first")
                self.second = self.first  # the same layer under two attributes

            def build(self, input_shape):
                self.scale = self.add_weight(shape=(), initializer="ones", trainable=False, name="scale")
                self.shift = self.add_weight(shape=(3,), initializer="zeros", name="shift")

            def call(self, inputs):
                return self.second(self.first(inputs) * self.scale + self.shift)

        return Shared()

    ours, theirs = make(layers.Layer, layers.Dense), make(keras.layers.Layer, keras.layers.Dense)
    x = np.ones((2, 3), "float32")
    ours(x)
    theirs(x)
    assert [w.name for w in ours.weights] == [w.name for w in theirs.weights]
    assert ours.count_params() == theirs.count_params() == 1 + 3 + 12
    ours.trainable = theirs.trainable = False
    assert [w.name for w in ours.weights] == [w.name for w in theirs.weights]
    assert [w.name for w in ours.non_trainable_weights] == [w.name for w in theirs.non_trainable_weights]
