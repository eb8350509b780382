"""Masks flow as in Keras on torch (`_keras_mask` on tensors, symbolic masks on model
tensors), from Embedding(mask_zero=True) and Masking; plus the Embedding family's own
behaviour (issue 12: Embedding, ReversibleEmbedding, Masking; issue 10: masking)."""

import numpy as np
import pytest
import torch

from lamina import Input, Model, layers
from lamina.layers import Embedding, Masking, ReversibleEmbedding

IDS = np.array([[3, 1, 0, 0], [2, 5, 6, 0], [0, 0, 0, 0]])


def keras_mask(tensor):
    return getattr(tensor, "_keras_mask", None)


def masking_pair(keras):
    """The same two custom layers for Lamina and Keras: a pass-through that supports
    masking, and a masked mean over time whose `call` takes `mask`."""

    def make(base):
        class PassThrough(base):
            def __init__(self, **kwargs):
                super().__init__(**kwargs)
                self.supports_masking = True

            def call(self, inputs):
                return inputs * 2.0

        class MaskedMean(base):
            def call(self, inputs, mask=None):
                weights = mask[..., None].to(inputs.dtype)
                return (inputs * weights).sum(1) / weights.sum(1).clamp(min=1.0)

            def compute_mask(self, inputs, mask=None):
                return None

            def compute_output_shape(self, input_shape):
                return (input_shape[0], input_shape[2])

        return PassThrough, MaskedMean

    return make(layers.Layer), make(keras.layers.Layer)


def test_embedding_mask_flows_through_a_masking_layer_into_call(keras):
    (PassThrough, MaskedMean), (KPassThrough, KMaskedMean) = masking_pair(keras)
    oracle = keras.layers.Embedding(8, 3, mask_zero=True)
    kh = oracle(IDS)
    ours = Embedding(8, 3, mask_zero=True)
    ours.build()
    ours.set_weights(oracle.get_weights())
    h = ours(IDS)
    np.testing.assert_array_equal(keras_mask(h).numpy(), keras.ops.convert_to_numpy(keras_mask(kh)))
    np.testing.assert_array_equal(np.asarray(ours.compute_mask(IDS)), keras.ops.convert_to_numpy(oracle.compute_mask(IDS)))
    h2, kh2 = PassThrough()(h), KPassThrough()(kh)
    np.testing.assert_array_equal(keras_mask(h2).numpy(), keras.ops.convert_to_numpy(keras_mask(kh2)))
    got, want = MaskedMean()(h2), KMaskedMean()(kh2)
    np.testing.assert_allclose(got.detach().numpy(), keras.ops.convert_to_numpy(want), rtol=1e-6)
    assert keras_mask(got) is None and keras_mask(want) is None


def test_masking_layer_matches_keras(keras):
    x = np.random.default_rng(0).standard_normal((2, 5, 3)).astype("float32")
    x[0, 1] = 0.0
    x[1, 3:] = 0.0
    x[1, 0, 0] = 0.0  # one zero feature does not mask the step
    got, want = Masking()(x), keras.layers.Masking()(x)
    np.testing.assert_array_equal(got.numpy(), keras.ops.convert_to_numpy(want))
    np.testing.assert_array_equal(keras_mask(got).numpy(), keras.ops.convert_to_numpy(keras_mask(want)))
    np.testing.assert_array_equal(
        Masking(mask_value=0.0).compute_mask(torch.from_numpy(x)).numpy(),
        keras.ops.convert_to_numpy(keras.layers.Masking().compute_mask(x)),
    )


def test_symbolic_tensors_carry_the_mask_and_models_apply_it(keras):
    (PassThrough, MaskedMean), (KPassThrough, KMaskedMean) = masking_pair(keras)
    inputs, kinputs = Input((4,), dtype="int32"), keras.Input((4,), dtype="int32")
    embedding, kembedding = Embedding(8, 3, mask_zero=True), keras.layers.Embedding(8, 3, mask_zero=True)
    h, kh = PassThrough()(embedding(inputs)), KPassThrough()(kembedding(kinputs))
    assert keras_mask(h).shape == tuple(keras_mask(kh).shape) == (None, 4)
    assert keras_mask(h).dtype == keras_mask(kh).dtype == "bool"
    out, kout = MaskedMean()(h), KMaskedMean()(kh)
    assert out.shape == tuple(kout.shape) and keras_mask(out) is None
    model, kmodel = Model(inputs, out), keras.Model(kinputs, kout)
    model.set_weights(kmodel.get_weights())
    np.testing.assert_allclose(model(IDS).detach().numpy(), keras.ops.convert_to_numpy(kmodel(IDS)), rtol=1e-6)


def test_a_layer_that_does_not_support_masking_warns_and_drops_the_mask(keras):
    h = Embedding(8, 3, mask_zero=True)(IDS)
    with pytest.warns(UserWarning, match="does not support masking"):
        out = layers.Flatten()(h)
    assert keras_mask(out) is None
    with pytest.warns(UserWarning, match="does not support masking"):
        keras.layers.Flatten()(keras.layers.Embedding(8, 3, mask_zero=True)(IDS))


def test_explicit_mask_argument_wins_over_the_attached_one(keras):
    (_, MaskedMean), _ = masking_pair(keras)
    table = np.arange(16, dtype="float32").reshape(8, 2)
    h = Embedding(8, 2, weights=table, mask_zero=True)(IDS)
    everything = torch.ones(IDS.shape, dtype=torch.bool)
    expected = torch.from_numpy(table[IDS].mean(1))  # every step counts, padding included
    torch.testing.assert_close(MaskedMean()(h, mask=everything), expected, rtol=1e-6, atol=1e-6)
    attached = torch.from_numpy((table[IDS] * (IDS != 0)[..., None]).sum(1) / np.maximum((IDS != 0).sum(1), 1)[:, None]).float()
    torch.testing.assert_close(MaskedMean()(h), attached, rtol=1e-6, atol=1e-6)


# --------------------------------------------------------------------- Embedding family
def test_embedding_float_negative_and_out_of_range_ids(keras):
    oracle = keras.layers.Embedding(6, 2)
    ids = np.array([[1.7, -1.0, 5.0]], "float32")  # floats truncate; -1 is the last row
    want = keras.ops.convert_to_numpy(oracle(ids))
    ours = Embedding(6, 2)
    ours.build()
    ours.set_weights(oracle.get_weights())
    np.testing.assert_array_equal(ours(ids).detach().numpy(), want)
    with pytest.raises(ValueError, match=r"Embedding '.*' received ids outside \[-6, 6\).*e.g. 9"):
        ours(np.array([[9]]))


def test_embedding_weights_argument_and_input_length(keras):
    table = np.arange(8, dtype="float32").reshape(4, 2)
    ours, theirs = Embedding(4, 2, weights=table), keras.layers.Embedding(4, 2, weights=table)
    assert ours.built
    np.testing.assert_array_equal(ours.get_weights()[0], theirs.get_weights()[0])
    with pytest.warns(UserWarning, match="input_length"):
        layer = Embedding(4, 2, input_length=7)
    assert "input_length" not in layer.get_config()
    with pytest.raises(ValueError, match="input_dim"):
        Embedding(0, 2)


@pytest.mark.parametrize("kwargs", [
    dict(),
    dict(tie_weights=False),
    dict(logit_soft_cap=2.0),
    dict(reverse_dtype="float64"),
], ids=["tied", "untied", "soft-cap", "reverse-dtype"])
def test_reversible_embedding_reverse_matches_keras(kwargs, keras):
    oracle = keras.layers.ReversibleEmbedding(7, 3, **kwargs)
    hidden = oracle(IDS)
    want = keras.ops.convert_to_numpy(oracle(hidden, reverse=True))
    ours = ReversibleEmbedding(7, 3, **kwargs)
    ours(IDS)
    ours.set_weights(oracle.get_weights())
    got = ours(ours(IDS), reverse=True)
    np.testing.assert_allclose(got.detach().numpy(), want, rtol=1e-5, atol=1e-6)
    assert ours.count_params() == oracle.count_params()
    shape = (None, 4, 3)
    assert tuple(ours.compute_output_shape(shape, reverse=True)) == tuple(oracle.compute_output_shape(shape, reverse=True))
    config, kconfig = ours.get_config(), oracle.get_config()
    assert {k: v for k, v in config.items() if k != "name"} == {k: v for k, v in kconfig.items() if k != "name"}


def test_reversible_embedding_gradients_reach_the_untied_matrix_in_reverse_mode():
    layer = ReversibleEmbedding(5, 2, tie_weights=False)
    hidden = layer(np.array([[1, 2]]))
    layer(hidden, reverse=True).sum().backward()
    assert all(w.grad is not None for w in layer.trainable_weights)
