"""The pooling family beyond the case table: Keras's names and aliases, numpy references
(asymmetric "same" averages, adaptive windows, masked averages), unknown dims, layouts
without copies, clear errors for empty or too small maps (issue 9 items 14 and 19), and
`.keras` files both ways."""

import itertools
import math

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

import lamina
from lamina import layers


def sample(shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype("float32")


def keras_pool_names(keras):
    return sorted(n for n in dir(keras.layers) if "Pool" in n)


def test_every_keras_pooling_name_and_alias_exists(keras):
    for name in keras_pool_names(keras):
        assert getattr(layers, name).__name__ == getattr(keras.layers, name).__name__, name
    for a, b in itertools.combinations(keras_pool_names(keras), 2):
        assert (getattr(layers, a) is getattr(layers, b)) == (getattr(keras.layers, a) is getattr(keras.layers, b))


# ------------------------------------------------------------------ numpy references


def same_pads(n, k, s):
    """TensorFlow "same" padding (KERAS_SEMANTICS C4), written out here."""
    total = max((-(-n // s) - 1) * s + k - n, 0)
    return total // 2, total - total // 2


def pool_reference(x, pool, strides, padding, mode):
    """Max or average pooling of a channels_last array, one window at a time; padded
    cells never count (P2)."""
    spatial = x.shape[1:-1]
    starts, outs = [], []
    for n, k, s in zip(spatial, pool, strides):
        before = same_pads(n, k, s)[0] if padding == "same" else 0
        outs.append(-(-n // s) if padding == "same" else (n - k) // s + 1)
        starts.append(lambda i, s=s, before=before: i * s - before)
    out = np.zeros((x.shape[0], *outs, x.shape[-1]), dtype=np.float64)
    for index in itertools.product(*map(range, outs)):
        window = tuple(slice(max(start(i), 0), min(start(i) + k, n))
                       for i, start, k, n in zip(index, starts, pool, spatial))
        cells = x[(slice(None), *window)].reshape(x.shape[0], -1, x.shape[-1])
        out[(slice(None), *index)] = cells.max(axis=1) if mode == "max" else cells.mean(axis=1)
    return out.astype(np.float32)


ASYMMETRIC = [
    (layers.AveragePooling1D, 3, 2, (2, 10, 3)),
    (layers.AveragePooling1D, 4, 1, (2, 9, 3)),
    (layers.AveragePooling3D, 3, 2, (2, 6, 5, 4, 2)),
    (layers.AveragePooling3D, (3, 1, 4), 1, (2, 5, 4, 6, 2)),
    (layers.MaxPooling1D, 4, 3, (2, 10, 3)),
    (layers.MaxPooling3D, 3, 2, (2, 6, 5, 4, 2)),
]


@pytest.mark.parametrize("cls, pool, strides, shape", ASYMMETRIC,
                         ids=[f"{c.__name__}-{p}-{s}" for c, p, s, _ in ASYMMETRIC])
def test_asymmetric_same_pooling_leaves_padding_out(cls, pool, strides, shape, keras):
    """Asymmetric "same" padding, the extra cell at the end (TensorFlow's placement); the
    average divides by the real cells only. Keras-on-torch differs for averages over more
    than two cells (it replicates edge values into the padding, keras/src/backend/torch/nn.py
    `_apply_same_padding`); TensorFlow and JAX Keras leave padding out, as Lamina does."""
    x = sample(shape)
    layer = cls(pool, strides=strides, padding="same")
    got = layer(x).numpy()
    rank = len(shape) - 2
    mode = "max" if "Max" in cls.__name__ else "average"
    want = pool_reference(x, layer.pool_size, (strides,) * rank, "same", mode)
    if mode == "max":
        np.testing.assert_array_equal(got, want)
        oracle = getattr(keras.layers, cls.__name__)(pool, strides=strides, padding="same")
        np.testing.assert_array_equal(got, keras.ops.convert_to_numpy(oracle(x)))
    else:
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


@given(n=st.integers(1, 12), pool=st.integers(1, 5), stride=st.integers(1, 4),
       padding=st.sampled_from(["valid", "same"]), mode=st.sampled_from(["max", "average"]))
def test_pooling_1d_is_the_window_reference_or_a_value_error(n, pool, stride, padding, mode):
    """The layer contract for any window: the numpy result with the shape
    `compute_output_shape` says, or a ValueError naming the layer."""
    cls = layers.MaxPooling1D if mode == "max" else layers.AveragePooling1D
    layer = cls(pool, strides=stride, padding=padding, name="p")
    x = sample((2, n, 3))
    if padding == "valid" and pool > n:
        with pytest.raises(ValueError, match=r"'p'.*zero or negative"):
            layer(x)
        return
    got = layer(x).numpy()
    assert got.shape == layer.compute_output_shape(x.shape)
    np.testing.assert_allclose(got, pool_reference(x, (pool,), (stride,), padding, mode), rtol=1e-5, atol=1e-6)


def adaptive_reference(x, output_size, mode):
    """Window `i` of an axis of length `n` covers `[floor(i n / out), ceil((i + 1) n / out))`
    (keras/src/layers/pooling/base_adaptive_pooling.py defers to torch's rule)."""
    spatial = x.shape[1:-1]
    out = np.zeros((x.shape[0], *output_size, x.shape[-1]), dtype=np.float64)
    for index in itertools.product(*map(range, output_size)):
        window = tuple(slice(i * n // o, math.ceil((i + 1) * n / o)) for i, n, o in zip(index, spatial, output_size))
        cells = x[(slice(None), *window)].reshape(x.shape[0], -1, x.shape[-1])
        out[(slice(None), *index)] = cells.max(axis=1) if mode == "max" else cells.mean(axis=1)
    return out.astype(np.float32)


ADAPTIVE = [
    (layers.AdaptiveMaxPooling1D, 4, (2, 10, 3)), (layers.AdaptiveAveragePooling1D, 3, (2, 7, 3)),
    (layers.AdaptiveMaxPooling2D, (3, 5), (2, 7, 9, 2)), (layers.AdaptiveAveragePooling2D, 4, (2, 9, 6, 2)),
    (layers.AdaptiveMaxPooling3D, 2, (2, 5, 3, 4, 2)), (layers.AdaptiveAveragePooling3D, (1, 2, 3), (2, 4, 5, 7, 2)),
]


@pytest.mark.parametrize("cls, size, shape", ADAPTIVE, ids=[c.__name__ for c, _, _ in ADAPTIVE])
def test_adaptive_pooling_windows_match_the_reference(cls, size, shape):
    x = sample(shape)
    layer = cls(size)
    mode = "max" if "Max" in cls.__name__ else "average"
    np.testing.assert_allclose(layer(x).numpy(), adaptive_reference(x, layer.output_size, mode), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name, size, error", [
    ("AdaptiveMaxPooling1D", 2.0, TypeError), ("AdaptiveMaxPooling1D", "2", TypeError),
    ("AdaptiveMaxPooling1D", (2, 2), ValueError), ("AdaptiveAveragePooling2D", (2, 2, 2), TypeError),
    ("AdaptiveAveragePooling3D", None, TypeError),
])
def test_adaptive_output_size_of_the_wrong_kind_is_refused_as_in_keras(name, size, error, keras):
    with pytest.raises(error):
        getattr(keras.layers, name)(size)
    with pytest.raises(error, match="`output_size`"):
        getattr(layers, name)(size)


def test_adaptive_output_size_must_be_positive():
    with pytest.raises(ValueError, match=r"positive integers. Received: output_size=\(2, 0\)"):
        layers.AdaptiveAveragePooling2D((2, 0))


# ------------------------------------------------------------------ masked average


@pytest.mark.parametrize("data_format, keepdims", [("channels_last", False), ("channels_first", True)])
def test_global_average_pooling_1d_mask_matches_keras(data_format, keepdims, keras):
    x = sample((3, 6, 4))
    if data_format == "channels_first":
        x = np.ascontiguousarray(x.transpose(0, 2, 1))
    mask = np.array([[1, 1, 0, 0, 1, 0], [1] * 6, [0, 1, 0, 0, 0, 0]], bool)
    kwargs = dict(data_format=data_format, keepdims=keepdims)
    want = keras.ops.convert_to_numpy(keras.layers.GlobalAveragePooling1D(**kwargs)(x, mask=mask))
    got = layers.GlobalAveragePooling1D(**kwargs)(x, mask=torch.from_numpy(mask))
    np.testing.assert_allclose(got.numpy(), want, rtol=1e-5, atol=1e-6)


def test_global_average_pooling_1d_mask_of_the_wrong_shape_is_a_value_error():
    with pytest.raises(ValueError, match=r"'g'.*\(batch, steps\) mask.*\(2, 5\).*\(2, 4\)"):
        layers.GlobalAveragePooling1D(name="g")(torch.zeros(2, 5, 3), mask=torch.ones(2, 4, dtype=torch.bool))


def test_global_average_pooling_1d_takes_the_mask_of_an_embedding_model():
    """In a model, the mask of Embedding(mask_zero=True) reaches the pooling (padding ids
    leave the mean alone)."""
    if not hasattr(layers, "Embedding"):
        pytest.skip("Embedding is another family's layer")
    ids = np.array([[3, 4, 0, 0], [5, 0, 0, 0]])
    model = lamina.Sequential([lamina.Input((4,), dtype="int32"), layers.Embedding(8, 2, mask_zero=True),
                               layers.GlobalAveragePooling1D()])
    vectors = model.layers[0](torch.from_numpy(ids))
    want = [vectors[0, :2].mean(0), vectors[1, :1].mean(0)]
    torch.testing.assert_close(model(ids), torch.stack(want), rtol=1e-5, atol=1e-6)


# ------------------------------------------------------------------ unknown dims


UNKNOWN_DIMS = [
    (layers.MaxPooling1D, dict(pool_size=3, strides=2, padding="same"), (None, None, 3)),
    (layers.AveragePooling1D, dict(pool_size=2, data_format="channels_first"), (None, 3, None)),
    (layers.MaxPooling3D, dict(), (None, None, 8, None, 2)),
    (layers.AveragePooling3D, dict(pool_size=3, padding="same"), (None, 5, None, 7, None)),
    (layers.GlobalMaxPooling1D, dict(keepdims=True), (None, None, 3)),
    (layers.GlobalAveragePooling1D, dict(), (None, None, None)),
    (layers.GlobalMaxPooling3D, dict(data_format="channels_first"), (None, 3, None, None, None)),
    (layers.GlobalAveragePooling3D, dict(keepdims=True), (None, None, None, None, 5)),
    (layers.AdaptiveMaxPooling1D, dict(output_size=4), (None, None, 3)),
    (layers.AdaptiveAveragePooling2D, dict(output_size=(2, 3), data_format="channels_first"), (None, 3, None, None)),
    (layers.AdaptiveAveragePooling3D, dict(output_size=2), (None, None, None, None, 4)),
]


@pytest.mark.parametrize("layer, kwargs, shape", UNKNOWN_DIMS, ids=[f"{c.__name__}-{s}" for c, _, s in UNKNOWN_DIMS])
def test_compute_output_shape_with_unknown_dims_matches_keras(layer, kwargs, shape, keras):
    theirs = getattr(keras.layers, layer.__name__)(**kwargs).compute_output_shape(shape)
    assert tuple(layer(**kwargs).compute_output_shape(shape)) == tuple(theirs)


# ------------------------------------------------------------------ channels_last without copies


ZERO_COPY = [
    (lambda: layers.MaxPooling1D(), (7, 12, 4)),
    (lambda: layers.MaxPooling1D(3, strides=1, padding="same"), (7, 12, 4)),
    (lambda: layers.AveragePooling1D(2), (7, 12, 4)),
    (lambda: layers.MaxPooling3D(), (7, 6, 6, 6, 4)),
    (lambda: layers.AdaptiveMaxPooling1D(4), (7, 12, 4)),
    (lambda: layers.AdaptiveAveragePooling2D(3), (7, 8, 8, 4)),
    (lambda: layers.AdaptiveMaxPooling2D(3), (7, 8, 8, 4)),
    (lambda: layers.GlobalAveragePooling3D(keepdims=True), (7, 3, 3, 3, 4)),
]


@pytest.mark.parametrize("make, shape", ZERO_COPY, ids=[str(i) for i in range(len(ZERO_COPY))])
def test_channels_last_output_is_contiguous_and_flattens_to_a_view(make, shape):
    """Pooled maps come back contiguous in Keras's layout, so Flatten is a view. (torch's
    3-D average and adaptive-3-D kernels return channels-first memory: those outputs are
    permuted views, and Flatten copies them.)"""
    with torch.no_grad():
        y = make()(torch.randn(shape))
    assert y.is_contiguous()
    flat = layers.Flatten()(y)
    assert flat.untyped_storage().data_ptr() == y.untyped_storage().data_ptr()


# ------------------------------------------------------------------ clear errors (issue 9)


def test_max_pooling_window_larger_than_the_map_is_a_value_error():
    """Issue 9 item 19: called on a tensor this was torch's "Output size is too small"."""
    with pytest.raises(ValueError, match=r"'mp'.*zero or negative.*\(1, 2, 2, 1\).*pool_size=\(3, 3\)"):
        layers.MaxPooling2D(3, name="mp")(torch.zeros(1, 2, 2, 1))


@pytest.mark.parametrize("cls", [layers.MaxPooling1D, layers.AveragePooling1D, layers.MaxPooling2D,
                                 layers.AveragePooling2D, layers.MaxPooling3D, layers.AveragePooling3D])
@pytest.mark.parametrize("padding", ["valid", "same"])
def test_empty_spatial_axis_is_a_value_error(cls, padding):
    layer = cls(1, padding=padding, name="p")
    shape = (1, *(3,) * (layer.rank - 1), 0, 2)
    with pytest.raises(ValueError, match=rf"'p'.*zero or negative.*{re_shape(shape)}"):
        layer(torch.zeros(shape))
    with pytest.raises(ValueError, match="zero or negative"):
        layer.compute_output_shape((None, *shape[1:]))


def re_shape(shape):
    import re

    return re.escape(str(tuple(shape)))


@pytest.mark.parametrize("cls", [layers.GlobalMaxPooling1D, layers.GlobalAveragePooling1D, layers.GlobalMaxPooling2D,
                                 layers.GlobalAveragePooling2D, layers.GlobalMaxPooling3D,
                                 layers.GlobalAveragePooling3D, layers.AdaptiveMaxPooling2D,
                                 layers.AdaptiveAveragePooling1D])
def test_global_and_adaptive_pooling_of_an_empty_map_is_a_value_error(cls):
    """Issue 9 items 14/19: GlobalAveragePooling2D gave NaN, GlobalMaxPooling2D an IndexError."""
    layer = cls(2, name="g") if "Adaptive" in cls.__name__ else cls(name="g")
    rank = layer.rank
    shape = (2, 0, *(3,) * (rank - 1), 4)
    with pytest.raises(ValueError, match=rf"'g'.*empty feature map.*{re_shape(shape)}"):
        layer(torch.zeros(shape))


@pytest.mark.parametrize("cls, shape", [(layers.MaxPooling1D, (2, 4, 4, 3)), (layers.GlobalAveragePooling3D, (2, 4, 3)),
                                        (layers.AdaptiveMaxPooling3D, (2, 4, 4, 3))])
def test_wrong_rank_is_a_value_error_naming_the_layer(cls, shape):
    layer = cls(2, name="r") if "Adaptive" in cls.__name__ else cls(name="r")
    with pytest.raises(ValueError, match=rf"'r'.*expected ndim={layer.rank + 2}, found ndim={len(shape)}"):
        layer(torch.zeros(shape))


# ------------------------------------------------------------------ .keras files, both ways


def pooling_stack(k):
    return k.Sequential([
        k.Input((12, 10, 3)),
        k.layers.Reshape((12, 30)),
        k.layers.MaxPooling1D(3, strides=2, padding="same"),
        k.layers.AveragePooling1D(2, data_format="channels_first"),
        k.layers.Reshape((6, 3, 5, 1)),
        k.layers.MaxPooling3D((2, 1, 2)),
        k.layers.AveragePooling3D(1),
        k.layers.AdaptiveAveragePooling3D((2, 3, 2)),
        k.layers.GlobalMaxPooling3D(keepdims=True),
        k.layers.Reshape((1, 1)),
        k.layers.GlobalAveragePooling1D(),
    ])


def test_keras_files_load_both_ways(tmp_path, keras):
    x = sample((3, 12, 10, 3))
    theirs = pooling_stack(keras)
    theirs.save(tmp_path / "k.keras")
    ours = lamina.models.load_model(tmp_path / "k.keras")
    want = theirs.predict(x, verbose=0)
    np.testing.assert_allclose(ours.predict(x, verbose=0), want, rtol=1e-5, atol=1e-6)
    ours.save(tmp_path / "l.keras")
    np.testing.assert_allclose(keras.saving.load_model(tmp_path / "l.keras").predict(x, verbose=0), want,
                               rtol=1e-5, atol=1e-6)
