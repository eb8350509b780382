"""Numeric parity with Keras 3 (the oracle), plus independent references where they help.

For each row of `cases.py`: build the Keras layer and the Lamina layer with the same
arguments, copy the weights with `set_weights(get_weights())` and compare outputs, output
shapes and configs.
"""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from cases import CASE_IDS, CASES, MERGE_CASES, MERGE_IDS

from lamina import layers

BN_CASES = [case for case in CASES if case.layer is layers.BatchNormalization]


def sample(shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype("float32")


def normalized(value):
    """Configs compared structurally: tuples and lists are the same JSON."""
    if isinstance(value, (tuple, list)):
        return [normalized(v) for v in value]
    if isinstance(value, dict):
        return {k: normalized(v) for k, v in value.items()}
    return value


def same_pads(n, k, s, d=1):
    """TensorFlow "same" padding (C4), written out here rather than taken from lamina.shapes."""
    out = -(-n // s)
    total = max((out - 1) * s + d * (k - 1) + 1 - n, 0)
    return total // 2, total - total // 2


def keras_pools_differently(case) -> bool:
    """Keras-on-torch pads asymmetric "same" AVERAGE pooling with replicated edge values
    (keras/src/backend/torch/nn.py `_apply_same_padding`, mode="replicate"), so windows of
    more than two cells that overlap the padding average a repeated edge value. TF/JAX
    Keras and KERAS_SEMANTICS P2 leave padded cells out; Lamina follows P2, and those rows
    are checked against `average_pool_reference` instead."""
    if case.layer is not layers.AveragePooling2D or case.kwargs.get("padding") != "same":
        return False
    pool = case.kwargs.get("pool_size", 2)
    strides = case.kwargs.get("strides") or pool
    first = 1 if case.kwargs.get("data_format", "channels_last") == "channels_last" else 2
    spatial = case.input_shape[first:first + 2]
    asymmetric = [start != end for start, end in (same_pads(n, pool, strides) for n in spatial)]
    return pool > 2 and any(asymmetric)


def average_pool_reference(x, pool, strides, padding, data_format="channels_last"):
    """Average pooling in numpy, one window at a time; padded cells are never counted."""
    if data_format == "channels_first":
        x = np.moveaxis(x, 1, -1)
    batch, rows, cols, channels = x.shape
    if padding == "same":
        (top, _), (left, _) = same_pads(rows, pool, strides), same_pads(cols, pool, strides)
        out_rows, out_cols = -(-rows // strides), -(-cols // strides)
    else:
        top = left = 0
        out_rows, out_cols = (rows - pool) // strides + 1, (cols - pool) // strides + 1
    out = np.zeros((batch, out_rows, out_cols, channels), dtype=np.float64)
    for i in range(out_rows):
        r0 = i * strides - top
        for j in range(out_cols):
            c0 = j * strides - left
            window = x[:, max(r0, 0):min(r0 + pool, rows), max(c0, 0):min(c0 + pool, cols), :]
            out[:, i, j, :] = window.mean(axis=(1, 2))
    out = out.astype(np.float32)
    return np.moveaxis(out, -1, 1) if data_format == "channels_first" else out


def assert_matches(case, got, want):
    got = got.detach().numpy() if isinstance(got, torch.Tensor) else got
    if case.exact:
        np.testing.assert_array_equal(got, want)
    elif case.layer is layers.Conv2D:
        # Loose on purpose: different summation orders in the conv kernels; this is
        # the tolerance Keras's own conv tests use against their numpy reference.
        np.testing.assert_allclose(got, want, rtol=5e-4, atol=1e-5)
    else:
        np.testing.assert_allclose(got, want, rtol=case.rtol, atol=case.atol)


ORACLE_CASES = [case for case in CASES if not keras_pools_differently(case)]


@pytest.mark.parametrize("case", ORACLE_CASES, ids=[c.id for c in ORACLE_CASES])
def test_outputs_match_keras_with_copied_weights(case, keras):
    x = case.sample()
    oracle = case.oracle(keras)
    want = keras.ops.convert_to_numpy(oracle(x))
    layer = case.make()
    layer(x)
    layer.set_weights(oracle.get_weights())
    assert_matches(case, layer(x), want)


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_compute_output_shape_matches_keras(case, keras):
    shape = (None, *case.input_shape[1:])
    oracle = case.oracle(keras)
    assert tuple(case.make().compute_output_shape(shape)) == tuple(oracle.compute_output_shape(shape))


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_get_config_matches_keras(case, keras):
    ours, theirs = case.make().get_config(), case.oracle(keras).get_config()
    ours.pop("name")
    theirs.pop("name")
    assert normalized(ours) == normalized(theirs)


@pytest.mark.parametrize("case", CASES + MERGE_CASES, ids=CASE_IDS + MERGE_IDS)
def test_keras_config_loads_into_lamina(case, keras):
    """A config written by Keras (e.g. inside a .keras file) builds the same Lamina layer."""
    theirs = case.oracle(keras).get_config()
    assert normalized(case.layer.from_config(theirs).get_config()) == normalized(theirs)


UNKNOWN_DIMS = [
    # (layer, kwargs, input shape with unknown dims)
    (layers.Dense, dict(units=5), (None, 3, None)),
    (layers.Conv2D, dict(filters=8, kernel_size=3, strides=2), (None, None, None, 3)),
    (layers.Conv2D, dict(filters=8, kernel_size=3, padding="same", data_format="channels_first"), (None, 3, None, 9)),
    (layers.MaxPooling2D, dict(), (None, None, None, 3)),
    (layers.AveragePooling2D, dict(pool_size=3, strides=2, padding="same"), (None, None, 7, 3)),
    (layers.GlobalMaxPooling2D, dict(), (None, None, None, 64)),
    (layers.GlobalAveragePooling2D, dict(keepdims=True), (None, None, None, 64)),
    (layers.Flatten, dict(), (None, None, None, 3)),
    (layers.Reshape, dict(target_shape=(-1, 3)), (4, 6, None, 3)),
    (layers.Reshape, dict(target_shape=(4, 3)), (None, None, 3)),
    (layers.Permute, dict(dims=(2, 1)), (None, None, 3)),
    (layers.BatchNormalization, dict(), (None, None, 16)),
]


@pytest.mark.parametrize(
    "layer, kwargs, shape", UNKNOWN_DIMS, ids=[f"{c.__name__}-{s}" for c, _, s in UNKNOWN_DIMS]
)
def test_compute_output_shape_with_unknown_dims_matches_keras(layer, kwargs, shape, keras):
    theirs = getattr(keras.layers, layer.__name__)(**kwargs).compute_output_shape(shape)
    assert tuple(layer(**kwargs).compute_output_shape(shape)) == tuple(theirs)


def test_dense_on_integer_input_gives_float32_like_keras(keras):
    x = np.array([[1, 2, 3]])
    oracle = keras.layers.Dense(2)
    want = keras.ops.convert_to_numpy(oracle(x))
    layer = layers.Dense(2)
    layer(x.astype("float32"))
    layer.set_weights(oracle.get_weights())
    got = layer(x)
    assert got.dtype == torch.float32
    np.testing.assert_allclose(got.detach().numpy(), want, rtol=1e-5, atol=1e-6)


def test_global_average_pooling_on_integer_input_gives_float32_like_keras(keras):
    x = np.arange(2 * 4 * 4 * 3).reshape(2, 4, 4, 3)
    want = keras.ops.convert_to_numpy(keras.layers.GlobalAveragePooling2D()(x))
    got = layers.GlobalAveragePooling2D()(x)
    assert got.dtype == torch.float32
    np.testing.assert_allclose(got.numpy(), want, rtol=1e-6)


@pytest.mark.parametrize("case", MERGE_CASES, ids=MERGE_IDS)
def test_merge_layers_match_keras(case, keras):
    inputs = [sample(s, seed=i) for i, s in enumerate(case.input_shapes)]
    oracle = case.oracle(keras)
    want = keras.ops.convert_to_numpy(oracle(inputs))
    layer = case.make()
    np.testing.assert_array_equal(layer(inputs).numpy(), want)  # Add of two floats is exact too
    shapes = [(None, *s[1:]) for s in case.input_shapes]
    assert tuple(layer.compute_output_shape(shapes)) == tuple(oracle.compute_output_shape(shapes))
    ours, theirs = layer.get_config(), oracle.get_config()
    ours.pop("name")
    theirs.pop("name")
    assert normalized(ours) == normalized(theirs)


# ------------------------------------------------------------------ BatchNormalization


@pytest.mark.parametrize("case", BN_CASES, ids=[c.id for c in BN_CASES])
def test_batch_norm_training_output_and_moving_statistics_match_keras(case, keras):
    x = case.sample() * 3 + 1
    oracle = case.oracle(keras)
    oracle(x)
    layer = case.make()
    layer(x)
    layer.set_weights(oracle.get_weights())
    want = keras.ops.convert_to_numpy(oracle(x, training=True))
    got = layer(x, training=True)
    np.testing.assert_allclose(got.detach().numpy(), want, rtol=1e-5, atol=1e-5)  # float32 mean/var
    for ours, theirs in zip(layer.get_weights(), oracle.get_weights()):
        np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)
    # ...and inference now uses the moved statistics, in both.
    np.testing.assert_allclose(
        layer(x).detach().numpy(), keras.ops.convert_to_numpy(oracle(x)), rtol=1e-5, atol=1e-5
    )


def test_batch_norm_p6_example():
    bn = layers.BatchNormalization()
    y = bn(torch.tensor([[1.0], [2.0], [3.0], [4.0]]), training=True)
    # Biased batch variance 1.25: (x - 2.5) / sqrt(1.25 + 1e-3).
    expected = (np.array([1, 2, 3, 4]) - 2.5) / np.sqrt(1.25 + 1e-3)
    np.testing.assert_allclose(y.detach().numpy().ravel(), expected, rtol=1e-6)
    np.testing.assert_allclose(y.detach().numpy().ravel(), [-1.3411, -0.4470, 0.4470, 1.3411], atol=1e-4)
    # moving = 0.99 * moving + 0.01 * batch: mean 0.025, variance 0.99 + 0.0125 = 1.0025.
    np.testing.assert_allclose(bn.moving_mean.numpy(), [0.025], rtol=1e-6)
    np.testing.assert_allclose(bn.moving_variance.numpy(), [1.0025], rtol=1e-6)


def test_frozen_batch_norm_runs_in_inference_mode_even_when_training():
    bn = layers.BatchNormalization()
    x = torch.tensor([[1.0], [2.0], [3.0], [4.0]])
    bn(x)
    bn.trainable = False
    y = bn(x, training=True)
    torch.testing.assert_close(y, x / torch.sqrt(torch.tensor(1.0 + 1e-3)), rtol=1e-6, atol=1e-6)
    assert bn.moving_mean.item() == 0.0 and bn.moving_variance.item() == 1.0


# ------------------------------------------------------------------ Dropout


def test_dropout_training_scales_kept_values_and_inference_is_identity():
    x = torch.ones(64, 64)
    layer = layers.Dropout(0.5)
    y = layer(x, training=True)
    assert set(y.unique().tolist()) <= {0.0, 2.0}
    assert 0.35 < (y == 0).float().mean().item() < 0.65
    assert torch.equal(layer(x), x)
    assert torch.equal(layer(x, training=False), x)


def test_dropout_seed_and_noise_shape():
    x = torch.ones(4, 3, 3, 8)
    a = layers.Dropout(0.5, seed=7, noise_shape=(None, 1, 1, 8))(x, training=True)
    b = layers.Dropout(0.5, seed=7, noise_shape=(None, 1, 1, 8))(x, training=True)
    assert torch.equal(a, b)
    # One mask value per (sample, channel), shared by every position.
    assert torch.equal(a, a[:, :1, :1, :].expand_as(a))


# ------------------------------------------------------------------ Conv2D references


def test_conv2d_c4_same_padding_example():
    x = torch.arange(16.0).reshape(1, 4, 4, 1)
    conv = layers.Conv2D(1, 3, strides=2, padding="same", use_bias=False, kernel_initializer="ones")
    y = conv(x)[0, :, :, 0]
    # Total padding 1, all of it at the bottom/right: windows rows/cols {0..2} and {2,3}.
    assert torch.equal(y, torch.tensor([[45.0, 39.0], [66.0, 50.0]]))
    # A symmetric pad of 1 (torch's padding=1) gives something else.
    symmetric = F.conv2d(x.permute(0, 3, 1, 2), torch.ones(1, 1, 3, 3), stride=2, padding=1)
    assert not torch.equal(symmetric[0, 0], y)


CONV_CASES = [case for case in CASES if case.layer is layers.Conv2D]


@pytest.mark.parametrize("case", CONV_CASES, ids=[c.id for c in CONV_CASES])
def test_conv2d_matches_torch_functional_on_permuted_inputs(case):
    x = case.sample()
    conv = case.make()
    y = conv(x)
    kw = case.kwargs
    nchw = x if kw.get("data_format") == "channels_first" else x.permute(0, 3, 1, 2)
    k = kw["kernel_size"]
    kernel_size = (k, k) if isinstance(k, int) else k
    s = kw.get("strides", 1)
    strides = (s, s) if isinstance(s, int) else s
    d = kw.get("dilation_rate", 1)
    if kw.get("padding") == "same":
        (top, bottom), (left, right) = (
            same_pads(n, k_, s_, d) for n, k_, s_ in zip(nchw.shape[2:], kernel_size, strides)
        )
        nchw = F.pad(nchw, (left, right, top, bottom))
    bias = conv.bias if conv.use_bias else None
    ref = F.conv2d(nchw, conv.kernel.permute(3, 2, 0, 1), bias, strides, 0, d, kw.get("groups", 1))
    ref = conv.activation(ref)
    if kw.get("data_format") != "channels_first":
        ref = ref.permute(0, 2, 3, 1)
    # Same kernel, same arithmetic; allow for a different algorithm choice on the permuted view.
    torch.testing.assert_close(y, ref, rtol=5e-4, atol=1e-5)


def test_conv2d_channels_first_and_last_agree_on_transposed_data():
    x = torch.from_numpy(sample((2, 9, 8, 3)))
    last = layers.Conv2D(4, 3, strides=2, padding="same")
    first = layers.Conv2D(4, 3, strides=2, padding="same", data_format="channels_first")
    last(x)
    first(x.permute(0, 3, 1, 2))
    first.set_weights(last.get_weights())
    torch.testing.assert_close(first(x.permute(0, 3, 1, 2)), last(x).permute(0, 3, 1, 2), rtol=5e-4, atol=1e-5)


# ------------------------------------------------------------------ pooling references


def test_pooling_p2_same_examples():
    x = np.arange(9, dtype="float32").reshape(1, 3, 3, 1)
    average = layers.AveragePooling2D(2, padding="same")(x)[0, :, :, 0]
    maximum = layers.MaxPooling2D(2, padding="same")(x)[0, :, :, 0]
    assert torch.equal(average, torch.tensor([[2.0, 3.5], [6.5, 8.0]]))
    assert torch.equal(maximum, torch.tensor([[4.0, 5.0], [7.0, 8.0]]))


AVG_CASES = [case for case in CASES if case.layer is layers.AveragePooling2D]


@pytest.mark.parametrize("case", AVG_CASES, ids=[c.id for c in AVG_CASES])
def test_average_pooling_matches_numpy_reference(case):
    x = case.sample().numpy()
    kw = case.kwargs
    pool = kw.get("pool_size", 2)
    want = average_pool_reference(
        x, pool, kw.get("strides") or pool, kw.get("padding", "valid"), kw.get("data_format", "channels_last")
    )
    np.testing.assert_allclose(case.make()(x).numpy(), want, rtol=1e-5, atol=1e-6)


def test_asymmetric_same_average_pooling_excludes_padding_unlike_keras_on_torch(keras):
    """Pool 3, stride 2 on 8x8: one padded row/column at the end. The last window holds
    cells 6, 7 and one pad; P2 averages the two real cells."""
    x = sample((1, 8, 8, 2))
    got = layers.AveragePooling2D(3, strides=2, padding="same")(x).numpy()
    np.testing.assert_allclose(got, average_pool_reference(x, 3, 2, "same"), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got[0, 3, 3], x[0, 6:, 6:].mean(axis=(0, 1)), rtol=1e-5, atol=1e-6)
    # Documents the backend quirk this test works around: Keras-on-torch differs here.
    oracle = keras.layers.AveragePooling2D(3, strides=2, padding="same")
    assert not np.allclose(keras.ops.convert_to_numpy(oracle(x)), got)


def test_max_pooling_same_never_picks_padding():
    x = -1.0 - torch.rand(1, 7, 7, 2)  # all negative: a zero pad would win
    y = layers.MaxPooling2D(3, strides=2, padding="same")(x)
    assert (y < 0).all()
    ref = F.max_pool2d(F.pad(x.permute(0, 3, 1, 2), (1, 1, 1, 1), value=-float("inf")), 3, 2)
    assert torch.equal(y, ref.permute(0, 2, 3, 1))
