"""EinsumDense, Lambda, TimeDistributed, Wrapper and TorchModuleWrapper beyond the case
table, against Keras where it runs on torch and against derived references elsewhere."""

import json
import math

import numpy as np
import pytest
import torch

import lamina
from lamina import layers
from lamina.activations import relu
from lamina.layers.core.einsum_dense import EinsumDense
from lamina.layers.core.lambda_layer import Lambda
from lamina.layers.core.time_distributed import TimeDistributed
from lamina.layers.core.torch_module_wrapper import TorchModuleWrapper
from lamina.layers.core.wrapper import Wrapper


def sample(*shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype("float32")


def without_name(config):
    return {k: v for k, v in config.items() if k != "name"}


def double(x):
    return x * 2


# ------------------------------------------------------------------ EinsumDense


def test_einsum_dense_glorot_fans_come_from_the_contracted_and_produced_axes():
    """Keras sets the initializer's `input_axes`/`output_axes` (einsum_dense.py build):
    kernel `cde` for "abc,cde->abde" has fan_in = c, fan_out = d * e."""
    layer = EinsumDense("abc,cde->abde", output_shape=(None, 40, 50), kernel_initializer="glorot_uniform")
    layer(torch.zeros(1, 2, 30))
    limit = math.sqrt(6 / (30 + 40 * 50))
    kernel = layer.kernel.detach()
    assert kernel.abs().max() <= limit
    assert kernel.abs().max() > 0.95 * limit  # 60000 draws fill the range
    assert abs(kernel.std().item() - limit / math.sqrt(3)) < 0.02 * limit


def test_einsum_dense_fills_in_known_dims_where_keras_leaves_none(keras):
    """A `None` in `output_shape` for an axis the input knows: Keras's compute_output_shape
    keeps `None`; the output has the input's size, and Lamina says so."""
    shape = (None, 7, 3)
    ours = EinsumDense("abc,cde->abde", output_shape=(None, 4, 5)).compute_output_shape(shape)
    theirs = keras.layers.EinsumDense("abc,cde->abde", output_shape=(None, 4, 5)).compute_output_shape(shape)
    assert theirs == (None, None, 4, 5)
    assert ours == (None, 7, 4, 5)
    assert EinsumDense("abc,cde->abde", output_shape=(None, 4, 5))(torch.zeros(2, 7, 3)).shape == (2, 7, 4, 5)


@pytest.mark.parametrize("equation, output_shape, shape", [
    ("ab,bc->ac", 4, (None, 3)),
    ("...b,bc->...c", 4, (None, None, 3)),
    ("ab...,bc->ac...", 4, (None, 3, None)),
    ("abc,cd->abd", (None, 4), (None, None, 3)),
])
def test_einsum_dense_unknown_dims_match_keras(equation, output_shape, shape, keras):
    want = keras.layers.EinsumDense(equation, output_shape).compute_output_shape(shape)
    assert EinsumDense(equation, output_shape).compute_output_shape(shape) == tuple(want)


@pytest.mark.parametrize("kwargs, pattern", [
    (dict(equation="ab->b", output_shape=3), "Invalid einsum equation"),
    (dict(equation="ab,bc->ac", output_shape=0), "output_shape"),
    (dict(equation="ab,bc->ac", output_shape=3, lora_rank=0), "lora_rank"),
])
def test_einsum_dense_bad_arguments_fail_at_construction(kwargs, pattern):
    with pytest.raises(ValueError, match=pattern):
        EinsumDense(**kwargs)


@pytest.mark.parametrize("equation, output_shape, bias_axes, shape, pattern", [
    ("ab,bc->ac", 4, "x", (2, 3), "Bias dimension 'x'"),
    ("ab,bc->ad", 4, None, (2, 3), "Dimension 'd' was specified in the output"),
    ("abc,cd->abd", (5, 4), None, (2, 6, 3), "do not match at shared dimension 'b'"),
    ("ab,bc->ac", 4, None, (2, 3, 4), "rank 2"),
    ("ab,bcd->ac", 4, None, (2, 3), "Weight dimension 'd'"),
])
def test_einsum_dense_shape_errors_name_the_layer(equation, output_shape, bias_axes, shape, pattern):
    layer = EinsumDense(equation, output_shape, bias_axes=bias_axes, name="ed")
    with pytest.raises(ValueError, match=f"EinsumDense layer 'ed'.*{pattern}"):
        layer(torch.zeros(shape))


def test_einsum_dense_lora_freezes_the_kernel_and_trains_the_factors(keras):
    layer = EinsumDense("ab,bc->ac", output_shape=4, bias_axes="c", lora_rank=2, lora_alpha=4.0)
    oracle = keras.layers.EinsumDense("ab,bc->ac", output_shape=4, bias_axes="c", lora_rank=2, lora_alpha=4.0)
    x = sample(3, 3)
    oracle(x)
    layer(x)
    assert [tuple(w.shape) for w in layer.weights] == [tuple(w.shape) for w in oracle.weights]
    weights = [w + 0.1 for w in oracle.get_weights()]  # a non-zero LoRA update
    oracle.set_weights(weights)
    layer.set_weights(weights)
    want = keras.ops.convert_to_numpy(oracle(x))
    np.testing.assert_allclose(layer(x).detach().numpy(), want, rtol=1e-5, atol=1e-6)
    layer(torch.from_numpy(x)).sum().backward()
    assert layer.kernel.grad is None and layer.lora_kernel_a.grad is not None and layer.bias.grad is not None
    assert json.loads(json.dumps(without_name(layer.get_config()))) == json.loads(json.dumps(without_name(oracle.get_config())))


# ------------------------------------------------------------------ Lambda


def test_lambda_config_of_a_named_function_is_keras_s(keras):
    ours = Lambda(double, output_shape=(3,))
    theirs = keras.layers.Lambda(double, output_shape=(3,))
    assert json.loads(json.dumps(without_name(ours.get_config()))) == json.loads(json.dumps(without_name(theirs.get_config())))
    assert ours.get_config()["function"] == {
        "module": "builtins", "class_name": "function", "config": "double", "registered_name": "function"}


def test_lambda_named_function_loads_through_custom_objects_only():
    config = Lambda(double).get_config()
    with pytest.raises(ValueError, match="unknown function 'double'.*custom_objects"):
        Lambda.from_config(config)
    layer = Lambda.from_config(config, custom_objects={"double": double})
    assert torch.equal(layer(torch.ones(2, 3)), torch.full((2, 3), 2.0))


def test_lambda_bytecode_is_written_as_keras_writes_it_and_refused_in_safe_mode(keras):
    scale = 3.0
    fn = lambda x: x * 2.0 * scale  # noqa: E731 - the case under test is a Python lambda
    ours, theirs = Lambda(fn).get_config(), keras.layers.Lambda(fn).get_config()
    assert ours["function"] == json.loads(json.dumps(theirs["function"])) | {"config": ours["function"]["config"]}
    assert ours["function"]["config"]["code"] == theirs["function"]["config"]["code"]
    stored = json.loads(json.dumps(ours))
    with pytest.raises(ValueError, match="safe mode.*safe_mode=False"):
        Lambda.from_config(stored)
    with pytest.raises(ValueError, match="safe mode"):
        Lambda.from_config(stored, safe_mode=None)
    loaded = Lambda.from_config(stored, safe_mode=False)
    x = torch.ones(2, 2)
    assert torch.equal(loaded(x), x * 6.0)
    # Keras reads what Lamina wrote, and the other way round.
    back = keras.layers.Lambda.from_config(json.loads(json.dumps(ours)), safe_mode=False)
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(back(x)), loaded(x).numpy())
    from_keras = Lambda.from_config(json.loads(json.dumps(theirs)), safe_mode=False)
    assert torch.equal(from_keras(x), x * 6.0)


def test_lambda_bytecode_sees_only_builtins_and_custom_objects():
    config = json.loads(json.dumps(Lambda(lambda x: helper(x)).get_config()))  # noqa: F821 - resolved at load
    layer = Lambda.from_config(config, safe_mode=False)
    with pytest.raises(NameError, match="helper"):
        layer(torch.ones(1, 1))
    layer = Lambda.from_config(config, custom_objects={"helper": torch.neg}, safe_mode=False)
    assert torch.equal(layer(torch.ones(1, 1)), -torch.ones(1, 1))


def test_lambda_unreadable_bytecode_is_a_value_error():
    config = json.loads(json.dumps(Lambda(lambda x: x).get_config()))
    config["function"]["config"]["code"] = "bm90IGJ5dGVjb2Rl\n"  # base64 of "not bytecode"
    with pytest.raises(ValueError, match="Lambda"):
        Lambda.from_config(config, safe_mode=False)


def test_lambda_output_shape_is_traced_with_unknown_dims(keras):
    fn = lambda x: torch.cat([x, x], dim=1)[:, :, :2]  # noqa: E731
    ours = Lambda(fn).compute_output_shape((None, None, 5))
    assert ours == (None, None, 2)
    assert ours == tuple(keras.layers.Lambda(fn).compute_output_shape((None, None, 5)))
    assert Lambda(fn, output_shape=(7, 2)).compute_output_shape((None, 3, 5)) == (None, 7, 2)
    assert Lambda(fn, output_shape=lambda s: (s[0], 1)).compute_output_shape((None, 3, 5)) == (None, 1)
    many = Lambda(lambda xs: [xs[0] + xs[1], xs[0][:, :1]]).compute_output_shape([(None, 4), (None, 4)])
    assert many == [(None, 4), (None, 1)]


def test_lambda_output_shape_that_cannot_be_traced_asks_for_output_shape():
    layer = Lambda(lambda x: torch.from_numpy(x.numpy()), name="np_lambda")
    with pytest.raises(ValueError, match="'np_lambda'.*output_shape"):
        layer.compute_output_shape((None, 3))


def test_lambda_arguments_mask_and_training_reach_the_function(keras):
    seen = {}

    def fn(x, scale, mask=None, training=None):
        seen.update(mask=mask, training=training)
        return x * scale

    layer = Lambda(fn, arguments={"scale": 2.0}, mask=lambda inputs, mask: inputs[:, :, 0] > 0)
    x = torch.from_numpy(sample(2, 3, 2))
    assert torch.equal(layer(x, training=True), x * 2.0)
    assert seen["training"] is True
    assert torch.equal(layer.compute_mask(x, None), x[:, :, 0] > 0)
    assert layer.supports_masking and not Lambda(fn).supports_masking


def test_lambda_array_arguments_are_written_like_keras(keras):
    arguments = {"w": np.arange(3, dtype="float32")}
    fn = relu
    ours = json.loads(json.dumps(Lambda(fn, arguments=arguments).get_config()))
    theirs = json.loads(json.dumps(keras.layers.Lambda(fn, arguments=arguments).get_config()))
    assert ours["arguments"] == theirs["arguments"]
    back = Lambda.from_config(theirs).arguments["w"]
    np.testing.assert_array_equal(back, arguments["w"])


def test_lambda_in_a_model_matches_keras(keras):
    x = sample(4, 6)
    ours = lamina.Sequential([layers.Input((6,)), Lambda(relu), layers.Dense(2)])
    theirs = keras.Sequential([keras.Input((6,)), keras.layers.Lambda(keras.activations.relu), keras.layers.Dense(2)])
    ours.set_weights(theirs.get_weights())
    np.testing.assert_allclose(ours(x).detach().numpy(), keras.ops.convert_to_numpy(theirs(x)), rtol=1e-5, atol=1e-6)


# ------------------------------------------------------------------ TimeDistributed / Wrapper


def test_time_distributed_conv2d_in_a_model_matches_keras(keras):
    x = sample(2, 3, 6, 6, 2)
    ours = lamina.Sequential([layers.Input((3, 6, 6, 2)), TimeDistributed(layers.Conv2D(4, 3, padding="same")),
                              TimeDistributed(layers.Flatten()), TimeDistributed(layers.Dense(5))])
    theirs = keras.Sequential([keras.Input((3, 6, 6, 2)), keras.layers.TimeDistributed(keras.layers.Conv2D(4, 3, padding="same")),
                               keras.layers.TimeDistributed(keras.layers.Flatten()),
                               keras.layers.TimeDistributed(keras.layers.Dense(5))])
    ours.set_weights(theirs.get_weights())
    assert tuple(ours(x).shape) == tuple(theirs(x).shape) == (2, 3, 5)
    # conv: Keras's own conv-test tolerance
    np.testing.assert_allclose(ours(x).detach().numpy(), keras.ops.convert_to_numpy(theirs(x)), rtol=5e-4, atol=1e-5)


def test_time_distributed_batch_norm_training_is_per_step_like_keras(keras):
    x = sample(4, 3, 5) * 2 + 1
    x[:, 1] += 5  # steps with different statistics: pooled statistics would differ
    ours, theirs = TimeDistributed(layers.BatchNormalization()), keras.layers.TimeDistributed(keras.layers.BatchNormalization())
    theirs(x)
    ours(x)
    want = keras.ops.convert_to_numpy(theirs(x, training=True))
    got = ours(x, training=True).detach().numpy()
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)  # float32 mean/var
    for a, b in zip(ours.get_weights(), theirs.get_weights()):  # moving statistics: one update per step
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_time_distributed_passes_the_mask_through_and_checks_it():
    layer = TimeDistributed(layers.Dense(2), name="td")
    x, mask = torch.ones(2, 3, 4), torch.tensor([[True, False, True], [True, True, False]])
    assert torch.equal(layer.compute_mask(x, mask), mask)
    with pytest.raises(ValueError, match=r"mask.*'td'.*\(2, 4\).*must be \(2, 3\)"):
        layer(x, mask=torch.ones(2, 4, dtype=torch.bool))


def test_time_distributed_needs_a_layer_and_a_sequence():
    with pytest.raises(ValueError, match="TimeDistributed.*Layer"):
        TimeDistributed(torch.nn.Linear(2, 2))
    with pytest.raises(ValueError, match=r"layer 'td' \(TimeDistributed\).*min_ndim=3"):
        TimeDistributed(layers.Dense(2), name="td")(torch.zeros(2, 4))


def test_wrapper_config_reads_nested_keras_configs_and_refuses_unknown_classes(keras):
    theirs = keras.layers.TimeDistributed(keras.layers.Dense(3, activation="relu"))
    theirs(sample(2, 4, 5))  # built: Keras adds the inner build_config
    layer = TimeDistributed.from_config(json.loads(json.dumps(theirs.get_config())))
    assert layer.layer.built and layer.layer.units == 3
    config = layer.get_config()
    config["layer"] = {**config["layer"], "class_name": "NotALayer"}
    with pytest.raises(ValueError, match="NotALayer.*custom_objects"):
        TimeDistributed.from_config(config)

    class Custom(layers.Dense):
        pass

    config["layer"]["class_name"] = "Custom"
    assert type(TimeDistributed.from_config(config, custom_objects={"Custom": Custom}).layer) is Custom
    with pytest.raises(ValueError, match="Wrapper isn't a supported layer type"):
        Wrapper("dense")


# ------------------------------------------------------------------ TorchModuleWrapper


def small_module():
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4), torch.nn.Dropout(0.5),
                               torch.nn.Linear(4, 2))


def test_torch_module_wrapper_tracks_parameters_like_keras(keras):
    ours = TorchModuleWrapper(small_module())
    theirs = keras.layers.TorchModuleWrapper(small_module())
    assert [tuple(w.shape) for w in ours.weights] == [tuple(w.shape) for w in theirs.weights]
    assert ours.count_params() == theirs.count_params() == 16 + 8 + 10
    assert len(ours.trainable_weights) == len(theirs.trainable_weights) == 6
    for a, b in zip(ours.get_weights(), theirs.get_weights()):
        np.testing.assert_array_equal(a, b)
    ours.set_weights([w * 0 + 1 for w in ours.get_weights()])
    assert all(torch.equal(p, torch.ones_like(p)) for p in ours.module.parameters())


def test_torch_module_wrapper_state_dict_gradients_and_freezing():
    layer = TorchModuleWrapper(small_module())
    assert set(layer.state_dict()) == {f"module.{k}" for k in layer.module.state_dict()}
    clone = TorchModuleWrapper(torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4),
                                                   torch.nn.Dropout(0.5), torch.nn.Linear(4, 2)))
    clone.load_state_dict(layer.state_dict())
    x = torch.randn(5, 3)
    assert torch.equal(clone(x), layer(x))
    layer(x, training=True).square().sum().backward()
    assert all(p.grad is not None for p in layer.trainable_weights)
    layer.zero_grad()
    layer.trainable = False
    assert layer.trainable_weights == [] and len(layer.non_trainable_weights) == 6
    layer(x.requires_grad_(), training=True).sum().backward()
    assert all(p.grad is None for p in layer.module.parameters())


def test_torch_module_wrapper_follows_the_training_flag():
    layer = TorchModuleWrapper(torch.nn.Dropout(0.5))
    x = torch.ones(64, 64)
    assert torch.equal(layer(x), x) and not layer.module.training
    assert (layer(x, training=True) == 0).any() and layer.module.training


def test_torch_module_wrapper_output_shape_on_meta_leaves_the_weights_alone():
    layer = TorchModuleWrapper(small_module())
    before = [w.clone() for w in layer.weights]
    assert layer.compute_output_shape((None, 3)) == (None, 2)
    assert all(not w.is_meta and torch.equal(w, b) for w, b in zip(layer.weights, before))
    conv = TorchModuleWrapper(torch.nn.Conv2d(3, 5, 3))
    assert conv.compute_output_shape((None, 3, None, 8)) == (None, 5, None, 6)
    assert TorchModuleWrapper(torch.nn.Linear(3, 2), output_shape=(None, 7)).compute_output_shape((None, 3)) == (None, 7)


def test_torch_module_wrapper_in_a_functional_model_trains():
    inputs = layers.Input((3,))
    outputs = layers.Dense(1)(TorchModuleWrapper(torch.nn.Linear(3, 4), name="torch_linear")(inputs))
    model = lamina.Model(inputs, outputs)
    assert tuple(model.output.shape) == (None, 1)
    assert model.count_params() == 16 + 5
    model(torch.randn(8, 3)).sum().backward()
    assert model.get_layer("torch_linear").module.weight.grad is not None


def test_torch_module_wrapper_config_needs_safe_mode_off_and_round_trips(keras):
    layer = TorchModuleWrapper(small_module(), name="tmw")
    config = json.loads(json.dumps(layer.get_config()))
    assert set(config) >= {"module", "output_shape"}
    with pytest.raises(ValueError, match="safe mode.*safe_mode=False"):
        TorchModuleWrapper.from_config(config)
    clone = TorchModuleWrapper.from_config(config, safe_mode=False)
    x = torch.randn(4, 3)
    assert torch.equal(clone(x), layer(x))
    theirs = keras.layers.TorchModuleWrapper.from_config(dict(config), safe_mode=False)
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(theirs(x, training=False)), layer(x).detach().numpy())


def test_torch_module_wrapper_keras_weights_store_layout():
    layer = TorchModuleWrapper(small_module())
    store = {}
    layer.save_own_variables(store)
    assert list(store) == list(layer.module.state_dict())
    other = TorchModuleWrapper(torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4),
                                                   torch.nn.Dropout(0.5), torch.nn.Linear(4, 2)))
    other.load_own_variables(store)
    x = torch.randn(4, 3)
    assert torch.equal(other(x), layer(x))


def test_torch_module_wrapper_refuses_non_modules_and_lazy_modules():
    with pytest.raises(TypeError, match="torch.nn.Module"):
        TorchModuleWrapper(lambda x: x)
    with pytest.raises(ValueError, match="LazyModules"):
        TorchModuleWrapper(torch.nn.LazyLinear(3))


# ------------------------------------------------------------------ .keras archives


def test_einsum_dense_and_named_lambda_archives_round_trip_with_keras(keras, tmp_path):
    model = lamina.Sequential([layers.Input((4, 3)), EinsumDense("abc,cd->abd", output_shape=(None, 5), bias_axes="d"),
                               Lambda(relu), EinsumDense("abc,cd->ad", output_shape=2, lora_rank=None)])
    x = sample(2, 4, 3)
    model.save(tmp_path / "ours.keras")
    theirs = keras.models.load_model(tmp_path / "ours.keras")
    np.testing.assert_allclose(keras.ops.convert_to_numpy(theirs(x)), model(x).detach().numpy(), rtol=1e-5, atol=1e-6)
    theirs.save(tmp_path / "theirs.keras")
    back = lamina.models.load_model(tmp_path / "theirs.keras")
    np.testing.assert_array_equal(back(x).detach().numpy(), model(x).detach().numpy())


def test_python_lambda_archive_loads_only_with_safe_mode_off(keras, tmp_path):
    model = lamina.Sequential([layers.Input((3,)), Lambda(lambda x: x * 3.0), layers.Dense(2)])
    model.save(tmp_path / "lambda.keras")
    with pytest.raises(ValueError, match="Lambda.*safe_mode=False"):
        lamina.models.load_model(tmp_path / "lambda.keras")
    x = sample(2, 3)
    back = lamina.models.load_model(tmp_path / "lambda.keras", safe_mode=False)
    np.testing.assert_array_equal(back(x).detach().numpy(), model(x).detach().numpy())
    theirs = keras.models.load_model(tmp_path / "lambda.keras", safe_mode=False)
    np.testing.assert_allclose(keras.ops.convert_to_numpy(theirs(x)), model(x).detach().numpy(), rtol=1e-6)


def test_time_distributed_archive_round_trips_with_keras(keras, tmp_path):
    model = lamina.Sequential([layers.Input((4, 5)), TimeDistributed(layers.Dense(3))])
    model.save(tmp_path / "td.keras")
    theirs = keras.models.load_model(tmp_path / "td.keras")
    x = sample(2, 4, 5)
    np.testing.assert_allclose(keras.ops.convert_to_numpy(theirs(x)), model(x).detach().numpy(), rtol=1e-6)
