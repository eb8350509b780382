"""The layer contract, checked for every row of `cases.py` (build, shapes, config, state,
parameters, gradients, numpy inputs, weight round trips)."""

import json

import numpy as np
import pytest
import torch
from cases import CASE_IDS, CASES, MERGE_CASES, MERGE_IDS, WEIGHTED, WEIGHTED_IDS

from lamina import layers

cases = pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
merge_cases = pytest.mark.parametrize("case", MERGE_CASES, ids=MERGE_IDS)


def sample(shape, seed=0):
    return torch.from_numpy(np.random.default_rng(seed).standard_normal(shape).astype("float32"))


def with_none_batch(shape):
    return (None, *shape[1:])


def test_every_public_layer_has_a_case():
    """A layer exported from `lamina.layers` must get rows in `cases.py`."""
    exported = {
        obj for obj in (getattr(layers, name) for name in layers.__all__)  # lazily exported names
        if isinstance(obj, type) and issubclass(obj, layers.Layer)
    }
    covered = {case.layer for case in CASES + MERGE_CASES}
    # TorchModuleWrapper's config is Keras's torch.save pickle, which the generic config
    # tests rightly refuse to load in safe mode; tests/layers/test_core_wrappers.py covers it.
    # Pipeline holds layer objects, which a case row can't: test_augmentation.py covers it.
    # Cells take (inputs, states), RNN/Bidirectional take layer objects and attention takes
    # several inputs, which a row can't express: test_rnn_family.py and
    # test_attention_family.py compare them with Keras.
    # Keras builds Hashing/HashedCrossing and the lookups only with TensorFlow, and RandomSaturation's plain
    # Keras call (which trains) is never the identity on sampled inputs, so a row cannot
    # compare them: test_hashing.py, test_lookup.py, test_text_vectorization.py and
    # test_color_augmentation.py hold their contract tests.
    own_tests = {layers.Hashing, layers.HashedCrossing, layers.RandomSaturation, layers.IntegerLookup,
                 layers.StringLookup, layers.TextVectorization}
    sequence = {layers.RNN, layers.Bidirectional, layers.LSTMCell, layers.GRUCell, layers.SimpleRNNCell,
                layers.StackedRNNCells, layers.MultiHeadAttention, layers.GroupedQueryAttention,
                layers.Attention, layers.AdditiveAttention}
    assert exported - covered == {layers.Layer, layers.InputLayer, layers.TorchModuleWrapper, layers.Pipeline,
                                  *sequence, *own_tests}


@pytest.mark.parametrize("case", WEIGHTED, ids=WEIGHTED_IDS)
def test_unbuilt_before_first_call_and_built_after(case):
    layer = case.make()
    assert not layer.built
    assert layer.weights == []
    layer(case.sample())
    assert layer.built
    assert len(layer.weights) == case.trainable + case.non_trainable


@cases
def test_eager_output_shape_is_expected_and_matches_compute_output_shape(case):
    layer = case.make()
    y = layer(case.sample())
    assert tuple(y.shape) == case.output_shape
    symbolic = layer.compute_output_shape(with_none_batch(case.input_shape))
    assert tuple(symbolic) == with_none_batch(case.output_shape)


@cases
def test_config_round_trip_is_identical_and_json_serializable(case):
    layer = case.make()
    config = layer.get_config()
    json.dumps(config)
    clone = type(layer).from_config(config)
    assert clone.get_config() == config
    layer(case.sample())  # building must not change the config
    assert layer.get_config() == config


@cases
def test_state_dict_round_trip_gives_identical_outputs(case):
    x = case.sample()
    layer = case.make()
    layer(x, training=True)  # moves BatchNormalization's statistics away from their init
    clone = type(layer).from_config(layer.get_config())
    clone(x)
    clone.load_state_dict(layer.state_dict())
    assert set(clone.state_dict()) == set(layer.state_dict())
    assert torch.equal(clone(x), layer(x))


@cases
def test_count_params_is_expected_and_equals_keras(case, keras):
    layer = case.make()
    layer(case.sample())
    oracle = case.oracle(keras)
    oracle(np.zeros(case.input_shape, "float32"))
    assert layer.count_params() == case.params == oracle.count_params()
    assert len(layer.trainable_weights) == case.trainable == len(oracle.trainable_weights)
    assert len(layer.non_trainable_weights) == case.non_trainable == len(oracle.non_trainable_weights)


@cases
def test_backward_reaches_trainable_weights_only(case):
    layer = case.make()
    x = case.sample()
    if x.is_floating_point():  # integer inputs (Embedding ids) have no gradient
        x.requires_grad_()
    out = layer(x, training=True)
    if out.requires_grad:  # integer outputs (CategoryEncoding counts ids) carry no gradient
        out.float().square().sum().backward()
        assert x.grad is not None or not x.is_floating_point()
    for weight in layer.trainable_weights:
        assert weight.grad is not None
        assert weight.grad.shape == weight.shape
    for weight in layer.non_trainable_weights:
        assert weight.grad is None
        assert not weight.requires_grad


@pytest.mark.parametrize("case", WEIGHTED, ids=WEIGHTED_IDS)
def test_frozen_layer_moves_every_weight_to_non_trainable(case):
    layer = case.make()
    layer(case.sample())
    layer.trainable = False
    assert layer.trainable_weights == []
    assert len(layer.non_trainable_weights) == len(layer.weights)
    assert layer.count_params() == case.params
    x = case.sample()
    if x.is_floating_point():
        x.requires_grad_()
    out = layer(x, training=True)
    if out.requires_grad:
        out.square().sum().backward()
    assert all(w.grad is None for w in layer.weights)


@cases
def test_numpy_input_gives_torch_tensor(case):
    layer = case.make()
    x = np.random.default_rng(0).standard_normal(case.input_shape)  # float64: cast to float32
    y = layer(x)
    assert isinstance(y, torch.Tensor)
    assert y.dtype == torch.float32
    assert torch.equal(y, layer(torch.from_numpy(x.astype("float32"))))


@cases
def test_get_weights_set_weights_round_trip(case):
    x = case.sample()
    source, target = case.make(), case.make()
    source(x, training=True)
    target(x)
    target.set_weights(source.get_weights())
    got, want = target.get_weights(), source.get_weights()
    assert len(got) == len(want) == case.trainable + case.non_trainable
    for a, b in zip(got, want):
        assert isinstance(a, np.ndarray)
        np.testing.assert_array_equal(a, b)
    assert torch.equal(target(x), source(x))


@cases
def test_layer_is_a_torch_module_in_eval_mode(case):
    layer = case.make()
    assert isinstance(layer, torch.nn.Module)
    assert not layer.training  # a plain call is inference, as in Keras
    x = case.sample()
    assert torch.equal(layer(x), layer.forward(x))


@merge_cases
def test_merge_output_shape_matches_compute_output_shape(case):
    layer = case.make()
    inputs = [sample(s, seed=i) for i, s in enumerate(case.input_shapes)]
    y = layer(inputs)
    assert tuple(y.shape) == case.output_shape
    symbolic = layer.compute_output_shape([with_none_batch(s) for s in case.input_shapes])
    assert tuple(symbolic) == with_none_batch(case.output_shape)
    assert layer.built and layer.weights == [] and layer.count_params() == 0


@merge_cases
def test_merge_config_round_trip_and_tuple_input(case):
    layer = case.make()
    config = layer.get_config()
    json.dumps(config)
    assert type(layer).from_config(config).get_config() == config
    inputs = [sample(s, seed=i) for i, s in enumerate(case.input_shapes)]
    assert torch.equal(layer(tuple(inputs)), layer(inputs))


@merge_cases
def test_merge_backward_reaches_every_input(case):
    inputs = [sample(s, seed=i).requires_grad_() for i, s in enumerate(case.input_shapes)]
    case.make()(inputs).sum().backward()
    assert all(x.grad is not None and x.grad.shape == x.shape for x in inputs)
