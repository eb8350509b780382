"""Reshaping layers beyond the case table: TF's half-pixel bilinear rule, views, errors,
unknown dims, empty inputs, and padding/cropping invariants."""

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

import lamina
from lamina.layers.reshaping.cropping1d import Cropping1D
from lamina.layers.reshaping.cropping2d import Cropping2D
from lamina.layers.reshaping.cropping3d import Cropping3D
from lamina.layers.reshaping.repeat_vector import RepeatVector
from lamina.layers.reshaping.reshape import Reshape
from lamina.layers.reshaping.up_sampling1d import UpSampling1D
from lamina.layers.reshaping.up_sampling2d import UpSampling2D
from lamina.layers.reshaping.up_sampling3d import UpSampling3D
from lamina.layers.reshaping.zero_padding1d import ZeroPadding1D
from lamina.layers.reshaping.zero_padding2d import ZeroPadding2D
from lamina.layers.reshaping.zero_padding3d import ZeroPadding3D


def half_pixel_bilinear(x, fh, fw):
    """TF's `resize_bilinear(half_pixel_centers=True)`, which Keras's UpSampling2D asks for
    (keras/src/layers/reshaping/up_sampling2d.py -> ops.image.resize): output pixel `i`
    samples input position `(i + 0.5) / f - 0.5`, clamped to the edges."""
    def weights(n, f):
        src = np.clip((np.arange(n * f) + 0.5) / f - 0.5, 0, n - 1)
        lo = np.floor(src).astype(int)
        hi = np.minimum(lo + 1, n - 1)
        return lo, hi, src - lo

    (r0, r1, rt), (c0, c1, ct) = weights(x.shape[1], fh), weights(x.shape[2], fw)
    rows = x[:, r0] * (1 - rt)[None, :, None, None] + x[:, r1] * rt[None, :, None, None]
    return rows[:, :, c0] * (1 - ct)[None, None, :, None] + rows[:, :, c1] * ct[None, None, :, None]


@pytest.mark.parametrize("size", [(2, 2), (2, 3), (3, 1)])
def test_bilinear_up_sampling_follows_the_half_pixel_rule(size):
    x = np.random.default_rng(0).standard_normal((2, 3, 4, 2)).astype("float32")
    got = UpSampling2D(size, interpolation="bilinear")(x).numpy()
    np.testing.assert_allclose(got, half_pixel_bilinear(x, *size), rtol=1e-5, atol=1e-6)
    first = UpSampling2D(size, interpolation="bilinear", data_format="channels_first")(x.transpose(0, 3, 1, 2))
    np.testing.assert_allclose(first.numpy().transpose(0, 2, 3, 1), got, rtol=1e-6, atol=1e-6)


def test_nearest_up_sampling_repeats_every_cell():
    x = torch.arange(24.0).reshape(1, 2, 3, 4)
    y = UpSampling2D((2, 3))(x)
    assert torch.equal(y, x.repeat_interleave(2, 1).repeat_interleave(3, 2))
    assert torch.equal(UpSampling1D(3)(x[0]), x[0].repeat_interleave(3, 1))
    v = torch.arange(16.0).reshape(1, 2, 2, 2, 2)
    assert torch.equal(UpSampling3D(2)(v)[:, ::2, ::2, ::2], v)


def test_up_sampling_integer_input_keeps_its_dtype_like_keras(keras):
    x = np.arange(12, dtype="int32").reshape(1, 2, 3, 2)
    for interpolation in ("nearest", "bilinear"):
        want = keras.ops.convert_to_numpy(keras.layers.UpSampling2D(2, interpolation=interpolation)(x))
        got = UpSampling2D(2, interpolation=interpolation)(x)
        assert str(got.dtype).removeprefix("torch.") == str(want.dtype)
        np.testing.assert_array_equal(got.numpy(), want)


def test_cropping_returns_a_view_without_copying():
    x = torch.randn(2, 6, 7, 3)
    y = Cropping2D(((1, 2), (0, 3)))(x)
    assert y.untyped_storage().data_ptr() == x.untyped_storage().data_ptr()
    assert torch.equal(y, x[:, 1:4, 0:4])


@pytest.mark.parametrize("layer, shape", [
    (Cropping1D((3, 3), name="c1"), (2, 6, 3)),
    (Cropping2D(((2, 2), (0, 0)), name="c2"), (2, 4, 6, 3)),
    (Cropping3D(((0, 0), (0, 0), (5, 1)), name="c3"), (2, 4, 4, 6, 3)),
])
def test_cropping_everything_away_is_a_value_error(layer, shape):
    with pytest.raises(ValueError, match=rf"'{layer.name}'.*`cropping` should be smaller.*{shape[1]}"):
        layer(torch.zeros(shape))
    with pytest.raises(ValueError, match=f"'{layer.name}'"):
        layer.compute_output_shape((None, *shape[1:]))


@pytest.mark.parametrize("make", [
    lambda: ZeroPadding1D(-1), lambda: ZeroPadding3D((1, 2)), lambda: ZeroPadding2D(((1, 2), (3,))),
    lambda: Cropping2D(1.5), lambda: Cropping3D(((1, 1), (1, 1), (1, -1))), lambda: Cropping1D((1, 2, 3)),
])
def test_bad_padding_and_cropping_arguments_are_refused(make):
    with pytest.raises(ValueError, match="(padding|cropping)="):
        make()


def test_bad_up_sampling_and_repeat_arguments_are_refused():
    with pytest.raises(ValueError, match="interpolation.*lanczos3"):
        UpSampling2D(interpolation="lanczos3")
    with pytest.raises(ValueError, match="size"):
        UpSampling2D(size=0)
    with pytest.raises(TypeError, match="size"):
        UpSampling1D(size=2.0)
    with pytest.raises(TypeError, match="`n`"):
        RepeatVector(n="3")
    with pytest.raises(ValueError, match="n=0"):
        RepeatVector(n=0)
    with pytest.raises(ValueError, match="RepeatVector"):
        RepeatVector(3)(torch.zeros(2, 3, 4))


def test_reshape_of_a_scalar_is_a_clear_value_error():
    """Issue 9 item 19: `Reshape(())` on a 0-d tensor raised a bare IndexError."""
    with pytest.raises(ValueError, match=r"Reshape.*min_ndim=1, found ndim=0"):
        Reshape(())(torch.tensor(3.0))
    assert Reshape(())(torch.ones(4, 1)).shape == (4,)


UNKNOWN = [
    (Cropping1D, dict(cropping=(1, 2)), (None, None, 3)),
    (Cropping2D, dict(cropping=1, data_format="channels_first"), (None, 3, None, 8)),
    (Cropping3D, dict(), (None, None, 5, None, 2)),
    (UpSampling1D, dict(size=3), (None, None, 4)),
    (UpSampling2D, dict(size=(2, 3), interpolation="bilinear"), (None, None, 5, 2)),
    (UpSampling3D, dict(size=2, data_format="channels_first"), (None, 2, None, 3, None)),
    (ZeroPadding1D, dict(padding=(2, 1)), (None, None, 3)),
    (ZeroPadding3D, dict(padding=1), (None, 2, None, 4, 3)),
    (RepeatVector, dict(n=4), (None, None)),
]


@pytest.mark.parametrize("cls, kwargs, shape", UNKNOWN, ids=[f"{c.__name__}-{s}" for c, _, s in UNKNOWN])
def test_compute_output_shape_with_unknown_dims_matches_keras(cls, kwargs, shape, keras):
    want = getattr(keras.layers, cls.__name__)(**kwargs).compute_output_shape(shape)
    assert tuple(cls(**kwargs).compute_output_shape(shape)) == tuple(want)


@pytest.mark.parametrize("layer, shape", [
    (ZeroPadding3D(1), (0, 2, 2, 2, 3)),
    (UpSampling2D(2, interpolation="bilinear"), (0, 3, 4, 2)),
    (UpSampling2D(2, interpolation="bilinear"), (2, 0, 4, 2)),
    (UpSampling3D(2), (2, 1, 0, 2, 3)),
    (Cropping2D(1), (0, 4, 4, 3)),
    (RepeatVector(2), (0, 3)),
])
def test_empty_inputs_give_empty_outputs_of_the_computed_shape(layer, shape):
    y = layer(torch.zeros(shape))
    assert tuple(y.shape) == tuple(layer.compute_output_shape(shape))


def test_reshaping_layers_in_a_model_from_input():
    inputs = lamina.layers.Input((8, 8, 3))
    x = ZeroPadding2D(1)(inputs)
    x = Cropping2D(((1, 0), (2, 1)))(x)
    x = UpSampling2D((2, 1), interpolation="bilinear")(x)
    model = lamina.Model(inputs, x)
    assert tuple(model.output.shape) == (None, 18, 7, 3)
    assert tuple(model(torch.zeros(2, 8, 8, 3)).shape) == (2, 18, 7, 3)


pairs = st.tuples(st.integers(0, 2), st.integers(0, 2))


@given(p=st.tuples(pairs, pairs, pairs), data_format=st.sampled_from(["channels_last", "channels_first"]))
def test_cropping_undoes_zero_padding(p, data_format):
    x = torch.randn(2, 3, 2, 4, 2)
    padded = ZeroPadding3D(p, data_format=data_format)(x)
    assert tuple(padded.shape) == ZeroPadding3D(p, data_format=data_format).compute_output_shape(tuple(x.shape))
    assert torch.equal(Cropping3D(p, data_format=data_format)(padded), x)
    assert padded.count_nonzero() == x.count_nonzero()  # only zeros were added


@given(p=pairs, q=pairs)
def test_one_and_two_dimensional_padding_agree_with_torch_pad(p, q):
    x = torch.randn(2, 3, 4, 2)
    assert torch.equal(ZeroPadding1D(p)(x[:, :, 0]), torch.nn.functional.pad(x[:, :, 0], (0, 0, *p)))
    assert torch.equal(ZeroPadding2D((p, q))(x), torch.nn.functional.pad(x, (0, 0, *q, *p)))


def test_keras_archive_round_trips_both_ways_with_keras(keras, tmp_path):
    layers = lamina.layers
    model = lamina.Sequential([
        layers.Input((6, 6, 2)), ZeroPadding2D(1), Cropping2D(((1, 0), (0, 2))), UpSampling2D(2, interpolation="bilinear"),
        Reshape((-1, 2)), Cropping1D(1), UpSampling1D(2), ZeroPadding1D(1), layers.Flatten(), RepeatVector(2),
        Reshape((2, 1, 1, -1)), UpSampling3D((1, 2, 1)), ZeroPadding3D(1), Cropping3D(1),
    ])
    x = np.random.default_rng(0).standard_normal((2, 6, 6, 2)).astype("float32")
    model.save(tmp_path / "ours.keras")
    theirs = keras.models.load_model(tmp_path / "ours.keras")
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(theirs(x)), model(x).numpy())
    theirs.save(tmp_path / "theirs.keras")
    back = lamina.models.load_model(tmp_path / "theirs.keras")
    np.testing.assert_array_equal(back(x).numpy(), model(x).numpy())
