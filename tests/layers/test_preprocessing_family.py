"""The deterministic preprocessing layers beyond the generic case table: Normalization's
`adapt`, CategoryEncoding, Discretization, integer images, unbatched images, errors.

Keras 3 runs all of these on torch without TensorFlow except `Discretization.adapt`
(it checks for `tf.data.Dataset` first); that one is checked against boundaries derived
here from Keras's documented algorithm (keras/src/layers/preprocessing/discretization.py:
with one summary smaller than `1 / epsilon`, the boundaries are linear interpolations of
the sorted data at the quantiles `1/num_bins, 2/num_bins, ...`).
"""

import numpy as np
import pytest
import torch

from lamina.layers.preprocessing.category_encoding import CategoryEncoding
from lamina.layers.preprocessing.discretization import Discretization
from lamina.layers.preprocessing.image.center_crop import CenterCrop
from lamina.layers.preprocessing.image.resizing import Resizing
from lamina.layers.preprocessing.normalization import Normalization
from lamina.layers.preprocessing.rescaling import Rescaling


def data(shape=(12, 3, 4), seed=0):
    return (np.random.default_rng(seed).standard_normal(shape) * 3 + 1).astype("float32")


# ------------------------------------------------------------------ Normalization
@pytest.mark.parametrize("kwargs", [dict(), dict(axis=None), dict(axis=(1, 2)), dict(axis=1), dict(invert=True)],
                         ids=str)
def test_normalization_adapt_matches_keras(kwargs, keras):
    x = data()
    theirs = keras.layers.Normalization(**kwargs)
    theirs.adapt(x)
    ours = Normalization(**kwargs)
    ours.adapt(x)
    for got, want in zip(ours.get_weights(), theirs.get_weights()):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)  # float32 means of 48 values
    want = keras.ops.convert_to_numpy(theirs(x))
    np.testing.assert_allclose(ours(x).numpy(), want, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("source", ["list", "generator", "xy", "tensor", "loader"])
def test_normalization_adapt_on_batches_equals_adapt_on_the_array(source):
    x = data((10, 4))
    whole = Normalization()
    whole.adapt(x)
    batches = [x[:3], x[3:7], x[7:]]
    feed = {
        "list": batches,
        "generator": (b for b in batches),
        "xy": [(b, np.zeros(len(b))) for b in batches],
        "tensor": torch.from_numpy(x),
        "loader": torch.utils.data.DataLoader(torch.from_numpy(x), batch_size=4),
    }[source]
    layer = Normalization()
    layer.adapt(feed)
    np.testing.assert_allclose(layer.mean.numpy(), whole.mean.numpy(), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(layer.variance.numpy(), whole.variance.numpy(), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(whole.mean.numpy(), x.mean(0), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(whole.variance.numpy(), x.var(0), rtol=1e-5, atol=1e-6)


def test_normalization_invert_undoes_normalization():
    x = data((6, 3))
    forward, backward = Normalization(), Normalization(invert=True)
    forward.adapt(x)
    backward.adapt(x)
    torch.testing.assert_close(backward(forward(x)), torch.from_numpy(x), rtol=1e-5, atol=1e-5)


def test_normalization_given_statistics_match_keras_and_hold_no_weights(keras):
    x = data((2, 5, 3))
    kwargs = dict(axis=(1, 2), mean=[1.0, 2.0, 3.0], variance=[4.0, 1.0, 0.0])  # a zero variance: eps floor
    want = keras.ops.convert_to_numpy(keras.layers.Normalization(**kwargs)(x))
    layer = Normalization(**kwargs)
    np.testing.assert_allclose(layer(x).numpy(), want, rtol=1e-6)
    assert layer.weights == [] and list(layer.state_dict()) == []


def test_normalization_errors_name_the_layer():
    with pytest.raises(ValueError, match="Normalization.*both `mean` and `variance`"):
        Normalization(mean=1.0)
    layer = Normalization(name="norm")
    layer.adapt(data((4, 3)))
    with pytest.raises(ValueError, match="'norm'.*incompatible shape"):
        layer(torch.zeros(2, 5))
    with pytest.raises(ValueError, match="empty iterable"):
        Normalization().adapt([])


# ------------------------------------------------------------------ CategoryEncoding
@pytest.mark.parametrize("mode", ["one_hot", "multi_hot", "count", "binary"])
@pytest.mark.parametrize("ids", [[[0, 1, 1], [3, 2, -1]], [0, 4, 4, 2], [[2], [0]]], ids=["rank2", "rank1", "column"])
def test_category_encoding_matches_keras(mode, ids, keras):
    ids = np.array(ids)
    want = keras.ops.convert_to_numpy(keras.layers.CategoryEncoding(5, output_mode=mode)(ids))
    layer = CategoryEncoding(5, output_mode=mode)
    got = layer(torch.from_numpy(ids))
    np.testing.assert_array_equal(got.numpy(), want)
    assert tuple(got.shape) == layer.compute_output_shape(ids.shape)


def test_category_encoding_count_weights_match_keras(keras):
    ids, weights = np.array([[0, 1, 1], [3, 3, 3]]), np.array([[0.5, 1.0, 2.0], [1.0, 1.0, 0.25]])
    want = keras.ops.convert_to_numpy(keras.layers.CategoryEncoding(4, "count")(ids, count_weights=weights))
    np.testing.assert_allclose(CategoryEncoding(4, "count")(ids, count_weights=weights).numpy(), want, rtol=1e-6)


def test_category_encoding_config_and_errors(keras):
    ours, theirs = CategoryEncoding(7, "count").get_config(), keras.layers.CategoryEncoding(7, "count").get_config()
    assert {k: v for k, v in ours.items() if k != "name"} == {k: v for k, v in theirs.items() if k != "name"}
    with pytest.raises(ValueError, match=r"CategoryEncoding.*\[0, 3\)"):
        CategoryEncoding(3)(torch.tensor([[0, 3]]))
    with pytest.raises(ValueError, match="num_tokens"):
        CategoryEncoding()
    with pytest.raises(ValueError, match="count_weights"):
        CategoryEncoding(3)(torch.tensor([[0, 1]]), count_weights=torch.ones(1, 2))


# ------------------------------------------------------------------ Discretization
@pytest.mark.parametrize("mode", ["int", "one_hot", "multi_hot", "count"])
def test_discretization_matches_keras(mode, keras):
    x = data((6, 4))
    kwargs = dict(bin_boundaries=[-1.0, 0.0, 1.0, 1.0, 2.5], output_mode=mode)
    theirs = keras.layers.Discretization(**kwargs)
    want = keras.ops.convert_to_numpy(theirs(x))
    layer = Discretization(**kwargs)
    got = layer(x)
    assert got.dtype == (torch.int32 if mode == "int" else torch.float32)
    np.testing.assert_array_equal(got.numpy(), want)
    assert tuple(got.shape) == tuple(theirs.compute_output_shape(x.shape)) == layer.compute_output_shape(x.shape)
    assert layer.get_config() | {"name": None} == theirs.get_config() | {"name": None}


def test_discretization_adapt_finds_the_quantiles_of_small_data():
    x = np.random.default_rng(3).standard_normal(60).astype("float32")  # 60 < 1 / epsilon values
    layer = Discretization(num_bins=4, epsilon=0.01)
    layer.adapt(x)
    ordered = np.sort(x)
    cumulative = np.arange(1, 61) / 60  # each value weighs one: its cumulative fraction
    expected = np.interp([0.25, 0.5, 0.75], cumulative, ordered)
    np.testing.assert_allclose(layer.bin_boundaries, expected, rtol=1e-6)
    np.testing.assert_array_equal(layer(x).numpy(), np.digitize(x, expected))  # [low, high) bins
    # Batches merge into the same summary while it stays below 1 / epsilon values.
    batched = Discretization(num_bins=4, epsilon=0.01)
    batched.adapt([x[:25], torch.from_numpy(x[25:])])
    np.testing.assert_allclose(batched.bin_boundaries, expected, rtol=1e-6)
    clone = Discretization.from_config(layer.get_config())
    assert clone.bin_boundaries == layer.bin_boundaries


def test_discretization_errors():
    with pytest.raises(ValueError, match="either `num_bins` or `bin_boundaries`"):
        Discretization()
    with pytest.raises(ValueError, match="sorted"):
        Discretization(bin_boundaries=[1.0, 0.0])
    with pytest.raises(ValueError, match="adapt"):
        Discretization(num_bins=3)(torch.zeros(2))


# ------------------------------------------------------------------ images and rescaling
def test_resizing_keeps_integer_images_integer_like_keras(keras):
    x = np.random.default_rng(0).integers(0, 256, (2, 7, 9, 3)).astype("uint8")
    for kwargs in (dict(height=4, width=5), dict(height=11, width=6, interpolation="bicubic")):
        want = keras.ops.convert_to_numpy(keras.layers.Resizing(**kwargs)(x))
        got = Resizing(**kwargs)(torch.from_numpy(x))
        assert got.dtype == torch.uint8
        np.testing.assert_array_equal(got.numpy(), want)


def test_resizing_and_center_crop_take_one_image(keras):
    x = data((7, 9, 3))
    for ours, theirs in ((Resizing(4, 6, crop_to_aspect_ratio=True), keras.layers.Resizing(4, 6, crop_to_aspect_ratio=True)),
                         (CenterCrop(5, 5), keras.layers.CenterCrop(5, 5)),
                         (CenterCrop(9, 4), keras.layers.CenterCrop(9, 4))):
        want = keras.ops.convert_to_numpy(theirs(x))
        np.testing.assert_allclose(ours(x).numpy(), want, rtol=1e-5, atol=1e-5)


def test_rescaling_casts_integers_and_broadcasts_per_channel(keras):
    x = np.arange(2 * 2 * 3).reshape(2, 2, 3).astype("uint8")
    want = keras.ops.convert_to_numpy(keras.layers.Rescaling([1.0, 0.5, 0.25], offset=-1.0)(x))
    got = Rescaling([1.0, 0.5, 0.25], offset=-1.0)(torch.from_numpy(x))
    assert got.dtype == torch.float32
    np.testing.assert_allclose(got.numpy(), want, rtol=1e-6)
    with pytest.raises(ValueError, match="Rescaling.*scale"):
        Rescaling("half")


def test_image_layer_errors_name_the_layer():
    with pytest.raises(ValueError, match="Resizing.*pad_to_aspect_ratio"):
        Resizing(4, 4, crop_to_aspect_ratio=True, pad_to_aspect_ratio=True)
    with pytest.raises(ValueError, match="Resizing.*interpolation"):
        Resizing(4, 4, interpolation="lanczos7")
    with pytest.raises(ValueError, match="CenterCrop layer 'crop'.*rank"):
        CenterCrop(2, 2, name="crop")(torch.zeros(4, 4))
    with pytest.raises(ValueError, match="Resizing.*empty image"):
        Resizing(2, 2)(torch.zeros(1, 0, 4, 3))


@pytest.mark.parametrize("mode", ["one_hot", "multi_hot", "count"])
@pytest.mark.parametrize("dtype", ["int32", "float32", "int64"])
def test_category_encoding_output_dtype_is_keras(keras, mode, dtype):
    ids = np.array([[0, 1, 1, 3], [2, 2, 2, 0]])
    ids = ids[0] if mode == "one_hot" else ids
    theirs = keras.layers.CategoryEncoding(num_tokens=4, output_mode=mode, dtype=dtype)(ids)
    ours = CategoryEncoding(num_tokens=4, output_mode=mode, dtype=dtype)(ids)
    assert ours.dtype == theirs.dtype
    np.testing.assert_array_equal(ours.numpy(), np.asarray(theirs))
