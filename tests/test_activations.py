"""`lamina.activations` against `keras.activations` (the oracle): the same public names,
signatures and values, and Keras's `get` / `serialize` / `deserialize` behaviour."""

import inspect

import numpy as np
import pytest
import torch

from lamina import activations

# Boundary points of the piecewise functions (-3, -1, -0.5, 0, 0.5, 1, 3, 6) plus
# standard-normal values scaled to reach the saturated regions.
BOUNDARIES = np.array([-3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 3.0, 6.0], "float32")


def sample(shape=(3, 4, 8), seed=0):
    x = np.random.default_rng(seed).standard_normal(shape).astype("float32") * 4
    x[0, 0] = BOUNDARIES
    return x


# (function name, keyword arguments): every function of keras.activations, several
# argument sets where it takes any.
CALLS = [
    ("celu", {}), ("celu", dict(alpha=0.5)),
    ("elu", {}), ("elu", dict(alpha=2.0)),
    ("exponential", {}),
    ("gelu", {}), ("gelu", dict(approximate=True)),
    ("glu", {}), ("glu", dict(axis=1)),
    ("hard_shrink", {}), ("hard_shrink", dict(threshold=1.0)),
    ("hard_sigmoid", {}), ("hard_silu", {}), ("hard_swish", {}), ("hard_tanh", {}),
    ("leaky_relu", {}), ("leaky_relu", dict(negative_slope=0.01)),
    ("linear", {}), ("log_sigmoid", {}),
    ("log_softmax", {}), ("log_softmax", dict(axis=1)), ("log_softmax", dict(axis=(1, 2))),
    ("mish", {}),
    ("relu", {}), ("relu", dict(negative_slope=0.1)), ("relu", dict(max_value=6.0)),
    ("relu", dict(max_value=2.5)), ("relu", dict(threshold=0.5)),
    ("relu", dict(negative_slope=0.2, max_value=3.0)), ("relu", dict(negative_slope=0.3, threshold=1.0)),
    ("relu", dict(negative_slope=0.1, max_value=6.0, threshold=-0.5)),
    ("relu6", {}), ("selu", {}), ("sigmoid", {}), ("silu", {}), ("swish", {}),
    ("soft_shrink", {}), ("soft_shrink", dict(threshold=2.0)),
    ("softmax", {}), ("softmax", dict(axis=0)), ("softmax", dict(axis=(0, 2))),
    ("softplus", {}), ("softsign", {}), ("sparse_plus", {}), ("sparse_sigmoid", {}),
    ("sparsemax", {}), ("sparsemax", dict(axis=1)),
    ("squareplus", {}), ("squareplus", dict(b=1.0)),
    ("tanh", {}), ("tanh_shrink", {}),
    ("threshold", dict(threshold=0.5, default_value=-1.0)), ("threshold", dict(threshold=-1.0, default_value=0.0)),
]


def public_names(module):
    return {n for n in dir(module) if not n.startswith("_") and callable(getattr(module, n))}


def test_every_keras_activation_exists_with_its_signature(keras):
    names = public_names(keras.activations)
    assert names <= public_names(activations)
    for name in names:
        ours = inspect.signature(getattr(activations, name))
        theirs = inspect.signature(getattr(keras.activations, name))
        assert list(ours.parameters) == list(theirs.parameters), name
        assert [p.default for p in ours.parameters.values()] == [p.default for p in theirs.parameters.values()], name


def test_the_table_covers_every_keras_function(keras):
    names = public_names(keras.activations) - {"get", "serialize", "deserialize"}
    assert names == {name for name, _ in CALLS}


@pytest.mark.parametrize("name, kwargs", CALLS, ids=[f"{n}({k})" for n, k in CALLS])
def test_values_match_keras(name, kwargs, keras):
    x = sample()
    want = keras.ops.convert_to_numpy(getattr(keras.activations, name)(x, **kwargs))
    got = getattr(activations, name)(torch.from_numpy(x), **kwargs)
    assert isinstance(got, torch.Tensor) and got.dtype == torch.float32
    # The same torch kernels in the same order: equal up to the last bit or so.
    np.testing.assert_allclose(got.numpy(), want, rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("name, kwargs", CALLS[:12], ids=[f"{n}({k})" for n, k in CALLS[:12]])
def test_gradients_match_keras(name, kwargs, keras):
    x = sample(seed=1)
    theirs = torch.tensor(x, requires_grad=True)
    getattr(keras.activations, name)(theirs, **kwargs).sum().backward()
    ours = torch.tensor(x, requires_grad=True)
    getattr(activations, name)(ours, **kwargs).sum().backward()
    np.testing.assert_allclose(ours.grad.numpy(), theirs.grad.numpy(), rtol=1e-6, atol=1e-7)


def test_lists_and_numpy_arrays_are_accepted_like_keras(keras):
    values = [-10.0, -5.0, 0.0, 5.0, 10.0]
    got = activations.relu(values, negative_slope=0.5)
    want = keras.ops.convert_to_numpy(keras.activations.relu(values, negative_slope=0.5))
    np.testing.assert_array_equal(got.numpy(), want)
    assert activations.sigmoid(np.zeros(3)).dtype == torch.float32  # float64 -> floatx


def test_glu_on_an_odd_axis_names_the_shape():
    with pytest.raises(ValueError, match=r"even size.*\(2, 3\)"):
        activations.glu(torch.zeros(2, 3))


# ------------------------------------------------------------------ get / serialize / deserialize


def test_get_resolves_every_keras_name_to_the_same_function(keras):
    from keras.src.activations import ALL_OBJECTS_DICT

    for name in ALL_OBJECTS_DICT:
        fn = activations.get(name)
        assert fn is getattr(activations, name)
        assert activations.serialize(fn) == keras.activations.serialize(keras.activations.get(name))


def test_aliases_serialize_to_their_canonical_names(keras):
    assert activations.get("swish") is activations.silu
    assert activations.get("hard_swish") is activations.hard_silu
    assert activations.serialize(activations.swish) == keras.activations.serialize(keras.activations.swish) == "silu"
    assert activations.serialize(activations.hard_swish) == keras.activations.serialize(keras.activations.hard_swish)


def test_get_none_and_callables(keras):
    assert activations.get(None) is activations.linear
    assert keras.activations.get(None) is keras.activations.linear

    def own(x):
        return x * 2

    assert activations.get(own) is own


@pytest.mark.parametrize("identifier", ["relux", 5, [1]])
def test_get_refuses_what_keras_refuses_with_a_value_error(identifier, keras):
    with pytest.raises(ValueError):
        keras.activations.get(identifier)
    with pytest.raises(ValueError, match="activation"):
        activations.get(identifier)


def doubled(x):
    return x * 2


def test_custom_function_serializes_as_keras_writes_it_and_loads_by_name(keras):
    ours = activations.serialize(doubled)
    assert ours == keras.activations.serialize(doubled)
    with pytest.raises(ValueError, match="custom_objects"):
        activations.deserialize(ours)
    assert activations.deserialize(ours, custom_objects={"doubled": doubled}) is doubled


def test_deserialize_reads_keras_function_dicts_and_names(keras):
    config = {"module": "keras.activations", "class_name": "function", "config": "gelu", "registered_name": None}
    assert activations.deserialize(config) is activations.gelu
    assert activations.deserialize("relu") is activations.relu
    assert keras.activations.deserialize("relu") is keras.activations.relu


def test_a_config_naming_a_module_function_never_imports_it():
    config = {"module": "os", "class_name": "function", "config": "system", "registered_name": "system"}
    with pytest.raises(ValueError, match="system"):
        activations.get(config)
    with pytest.raises(ValueError, match="os.system"):
        activations.get("os.system")


def test_a_lambda_cannot_be_serialized():
    with pytest.raises(ValueError, match="lambda"):
        activations.serialize(lambda x: x)


# ------------------------------------------------------------------ the activation layers


def test_activation_layer_takes_every_keras_name_with_keras_config(keras):
    from keras.src.activations import ALL_OBJECTS_DICT

    from lamina.layers import Activation

    x = sample()
    for name in ALL_OBJECTS_DICT:
        ours, theirs = Activation(name, name="a"), keras.layers.Activation(name, name="a")
        assert ours.get_config() == theirs.get_config(), name
        if name != "threshold":  # needs arguments: not usable by name, in Keras either
            want = keras.ops.convert_to_numpy(theirs(x))
            np.testing.assert_allclose(ours(x).numpy(), want, rtol=1e-6, atol=1e-7, err_msg=name)


@pytest.mark.parametrize(
    "mask_shape", [(3, 4, 8), (3, 1, 8), (8,), (3, 4, 1)], ids=["full", "broadcast-rows", "last-axis", "keepdims"]
)
def test_softmax_layer_mask_matches_keras(mask_shape, keras):
    from lamina.layers import Softmax

    x = sample()
    mask = np.random.default_rng(2).random(mask_shape) > 0.3
    want = keras.ops.convert_to_numpy(keras.layers.Softmax()(x, mask=mask))
    got = Softmax()(x, mask=torch.from_numpy(mask))
    np.testing.assert_allclose(got.numpy(), want, rtol=1e-6, atol=1e-7)
    float_mask = torch.from_numpy(mask.astype("float32"))  # non-bool masks: > 0.5 counts
    np.testing.assert_allclose(Softmax()(x, mask=float_mask).numpy(), want, rtol=1e-6, atol=1e-7)
    with pytest.raises(ValueError, match=r"mask.*broadcastable.*\(3, 4, 8\).*\(2, 8\)"):
        Softmax()(x, mask=torch.ones(2, 8, dtype=torch.bool))


@pytest.mark.parametrize(
    "cls, kwargs",
    [
        ("ReLU", dict(max_value=-1.0)), ("ReLU", dict(negative_slope=-0.1)), ("ReLU", dict(threshold=-1.0)),
        ("ReLU", dict(negative_slope=None)), ("LeakyReLU", dict(negative_slope=-0.3)),
        ("LeakyReLU", dict(negative_slope=None)),
    ],
)
def test_activation_layers_refuse_what_keras_refuses(cls, kwargs, keras):
    from lamina import layers

    with pytest.raises((ValueError, TypeError)):
        getattr(keras.layers, cls)(**kwargs)
    with pytest.raises((ValueError, TypeError), match=next(iter(kwargs))):
        getattr(layers, cls)(**kwargs)


def test_leaky_relu_accepts_keras_2_alpha_with_a_warning(keras):
    from lamina.layers import LeakyReLU

    with pytest.warns(UserWarning, match="alpha"):
        layer = LeakyReLU(alpha=0.1)
    assert layer.get_config()["negative_slope"] == 0.1


def test_prelu_shared_axes_errors():
    from lamina.layers import PReLU

    with pytest.raises(ValueError, match=r"shared_axes.*\[0\]"):
        PReLU(shared_axes=0)
    with pytest.raises(ValueError, match=r"'p'.*shared_axes.*rank 3"):
        PReLU(shared_axes=[3], name="p")(torch.zeros(2, 3, 4))
    with pytest.raises(ValueError, match=r"'p'.*known sizes"):
        PReLU(name="p").build((None, None, 4))
    layer = PReLU(shared_axes=[1], name="p")
    layer(torch.zeros(2, 3, 4))
    assert tuple(layer(torch.zeros(2, 7, 4)).shape) == (2, 7, 4)  # a shared axis may change size
    with pytest.raises(ValueError, match=r"'p'.*\(2, 3, 5\)"):
        layer(torch.zeros(2, 3, 5))
