"""The attention family against Keras 3 (the oracle): MultiHeadAttention,
GroupedQueryAttention, Attention and AdditiveAttention, after copying Keras's weights.

These layers take several inputs (query, value, key), so they are tested here rather
than as rows of cases.py. Semantics: keras/src/layers/attention/*.py.
"""

import numpy as np
import pytest
import torch

import lamina
from lamina.layers.attention.additive_attention import AdditiveAttention
from lamina.layers.attention.attention import Attention
from lamina.layers.attention.grouped_query_attention import (
    GroupedQueryAttention,
    GroupQueryAttention,
)
from lamina.layers.attention.multi_head_attention import MultiHeadAttention

TOL = dict(rtol=1e-5, atol=1e-5)  # float32 matmuls and a softmax
RNG = np.random.default_rng(0)
Q = RNG.standard_normal((2, 4, 5)).astype("float32")
V = RNG.standard_normal((2, 6, 7)).astype("float32")
K = RNG.standard_normal((2, 6, 3)).astype("float32")
Q6 = RNG.standard_normal((2, 6, 5)).astype("float32")
ATTENTION_MASK = RNG.random((2, 4, 6)) > 0.3
ATTENTION_MASK[:, :, 0] = True  # no fully masked row: Keras's SDPA path would give NaN there


def flat(values):
    return list(values) if isinstance(values, (list, tuple)) else [values]


def assert_same(got, want, keras, **tol):
    got, want = flat(got), flat(want)
    assert len(got) == len(want)
    for a, b in zip(got, want):
        np.testing.assert_allclose(a.detach().numpy(), keras.ops.convert_to_numpy(b), **(tol or TOL))


def configs_match(ours, theirs):
    a, b = ours.get_config(), theirs.get_config()
    a.pop("name"), b.pop("name")
    assert a == b


MHA_CASES = {
    "plain": ({}, {}),
    "value_dim+output_shape": (dict(value_dim=4, output_shape=8), {}),
    "attention_mask": ({}, dict(attention_mask=ATTENTION_MASK)),
    "scores+mask": ({}, dict(return_attention_scores=True, attention_mask=ATTENTION_MASK)),
    "key": (dict(use_bias=False), dict(key=K)),
    "gate": (dict(use_gate=True), {}),
    "causal": ({}, dict(use_causal_mask=True)),
    "causal+scores": ({}, dict(use_causal_mask=True, return_attention_scores=True)),
    "sliding_window+causal": (dict(sliding_window=2), dict(use_causal_mask=True)),
}


@pytest.mark.parametrize("name", list(MHA_CASES), ids=list(MHA_CASES))
def test_multi_head_attention_matches_keras(name, keras):
    kwargs, call = MHA_CASES[name]
    query = Q6 if call.get("use_causal_mask") else Q
    theirs = keras.layers.MultiHeadAttention(2, 3, **kwargs)
    want = theirs(query, V, **call)
    ours = MultiHeadAttention(2, 3, **kwargs)
    ours(query, V, key=call.get("key"))
    ours.set_weights(theirs.get_weights())
    assert [w.shape for w in ours.get_weights()] == [w.shape for w in theirs.get_weights()]
    assert_same(ours(query, V, **call), want, keras)
    configs_match(MultiHeadAttention(2, 3, **kwargs), keras.layers.MultiHeadAttention(2, 3, **kwargs))


def test_multi_head_attention_uses_query_and_value_keras_masks(keras):
    query_mask = torch.as_tensor(RNG.random((2, 4)) > 0.3)
    value_mask = torch.as_tensor(RNG.random((2, 6)) > 0.3)
    value_mask[:, 0] = True
    theirs, ours = keras.layers.MultiHeadAttention(2, 3), MultiHeadAttention(2, 3)

    def masked():  # Keras reads the query's mask from the tensor, as a layer before it leaves it
        q, v = torch.as_tensor(Q).clone(), torch.as_tensor(V).clone()
        q._keras_mask, v._keras_mask = query_mask, value_mask
        return q, v

    want = theirs(*masked())
    ours(Q, V)
    ours.set_weights(theirs.get_weights())
    got = ours(*masked())
    assert_same(got, want, keras)
    assert torch.equal(got._keras_mask, query_mask)  # the query's mask passes to the output


def test_fused_attention_path_matches_explicit_scores_path():
    layer = MultiHeadAttention(2, 3)
    fused = layer(Q, V, attention_mask=ATTENTION_MASK)  # scaled_dot_product_attention
    explicit, scores = layer(Q, V, attention_mask=ATTENTION_MASK, return_attention_scores=True)
    torch.testing.assert_close(fused, explicit, **TOL)
    torch.testing.assert_close(scores.sum(-1), torch.ones(2, 2, 4), **TOL)
    assert torch.all(scores[~torch.as_tensor(ATTENTION_MASK)[:, None].expand_as(scores)] < 1e-6)


def test_attention_dropout_only_in_training_and_keeps_expectation():
    layer = MultiHeadAttention(2, 3, dropout=0.5, seed=1)
    x = torch.as_tensor(Q)
    inference = layer(x, x)
    torch.testing.assert_close(layer(x, x, training=False), inference)
    _, scores = layer(x, x, training=True, return_attention_scores=True)
    trained = layer(x, x, training=True)
    assert not torch.allclose(trained, inference)
    torch.testing.assert_close(scores.sum(-1), torch.ones(2, 2, 4), **TOL)  # scores: before dropout


GQA_CASES = {"plain": ({}, {}), "mask": ({}, dict(attention_mask=ATTENTION_MASK)),
             "scores": ({}, dict(return_attention_scores=True)), "gate+key": (dict(use_gate=True), dict(key=K))}


@pytest.mark.parametrize("name", list(GQA_CASES), ids=list(GQA_CASES))
def test_grouped_query_attention_matches_keras(name, keras):
    kwargs, call = GQA_CASES[name]
    theirs = keras.layers.GroupQueryAttention(3, 4, 2, **kwargs)
    want = theirs(Q, V, **call)
    ours = GroupQueryAttention(3, 4, 2, **kwargs)
    ours(Q, V, key=call.get("key"))
    ours.set_weights(theirs.get_weights())
    assert_same(ours(Q, V, **call), want, keras)
    configs_match(GroupedQueryAttention(3, 4, 2, **kwargs), keras.layers.GroupQueryAttention(3, 4, 2, **kwargs))
    with pytest.raises(ValueError, match="divisible"):
        GroupedQueryAttention(3, 4, 3)


QV = [RNG.standard_normal((2, 4, 5)).astype("float32"), RNG.standard_normal((2, 6, 5)).astype("float32")]
KEY = RNG.standard_normal((2, 6, 5)).astype("float32")
MASKS = [torch.as_tensor(RNG.random((2, 4)) > 0.3), torch.as_tensor(np.r_[[[1, 0, 1, 1, 0, 0]], [[0, 1, 1, 0, 1, 1]]] > 0)]
SIMPLE = {
    "Attention": [{}, dict(use_scale=True), dict(score_mode="concat", use_scale=True), dict(score_mode="concat")],
    "AdditiveAttention": [{}, dict(use_scale=False)],
}
CALLS = {"plain": (QV, {}), "key+masks": ([*QV, KEY], dict(mask=MASKS)),
         "causal+scores": (QV, dict(use_causal_mask=True, return_attention_scores=True))}


@pytest.mark.parametrize("call", list(CALLS), ids=list(CALLS))
@pytest.mark.parametrize("layer, kwargs", [(n, k) for n, ks in SIMPLE.items() for k in ks],
                         ids=[f"{n}-{k}" for n, ks in SIMPLE.items() for k in ks])
def test_dot_and_additive_attention_match_keras(layer, kwargs, call, keras):
    cls = {"Attention": Attention, "AdditiveAttention": AdditiveAttention}[layer]
    inputs, call_kwargs = CALLS[call]
    theirs, ours = getattr(keras.layers, layer)(**kwargs), cls(**kwargs)
    theirs(inputs)
    ours(inputs)
    ours.set_weights([w + 0.5 for w in theirs.get_weights()])  # away from the ones init
    theirs.set_weights(ours.get_weights())
    assert_same(ours(inputs, **call_kwargs), theirs(inputs, **call_kwargs), keras, rtol=1e-5, atol=1e-6)
    configs_match(cls(**kwargs), getattr(keras.layers, layer)(**kwargs))
    shapes = [(None, 4, 5), (None, 6, 5)]
    assert tuple(ours.compute_output_shape(shapes)) == tuple(theirs.compute_output_shape(shapes))


def test_attention_in_a_functional_model_matches_keras(keras):
    def model(lib, mha):
        query, value = lib.Input((4, 5)), lib.Input((6, 7))
        return lib.Model([query, value], mha(query, value))

    theirs = model(keras, keras.layers.MultiHeadAttention(2, 3))
    ours = model(lamina, MultiHeadAttention(2, 3))
    ours([Q, V])  # the value projection is created at the first call with data
    ours.set_weights(theirs.get_weights())
    assert_same(ours([Q, V]), theirs([Q, V]), keras)


def test_bad_arguments_and_inputs_name_the_layer():
    with pytest.raises(ValueError, match="num_heads"):
        MultiHeadAttention(0, 3)
    with pytest.raises(ValueError, match="attention_axes"):
        MultiHeadAttention(2, 3, attention_axes=(1, 2))
    with pytest.raises(ValueError, match="score_mode"):
        Attention(score_mode="cosine")
    with pytest.raises(ValueError, match="list of inputs"):
        Attention(name="att")(torch.zeros(2, 3, 4))
