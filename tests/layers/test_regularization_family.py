"""Noise and regularization layers in training, checked by their properties (Keras's
random streams differ from torch's, so draws are never compared one by one), and the
argument and shape errors of issue 9."""

import math

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from lamina.layers import Dropout
from lamina.layers.regularization.activity_regularization import ActivityRegularization
from lamina.layers.regularization.alpha_dropout import AlphaDropout
from lamina.layers.regularization.gaussian_dropout import GaussianDropout
from lamina.layers.regularization.gaussian_noise import GaussianNoise
from lamina.layers.regularization.spatial_dropout import (
    SpatialDropout1D,
    SpatialDropout2D,
    SpatialDropout3D,
)

NOISE_LAYERS = [
    lambda: Dropout(0.4), lambda: SpatialDropout2D(0.4), lambda: GaussianNoise(0.3),
    lambda: GaussianDropout(0.3), lambda: AlphaDropout(0.3),
]


@pytest.mark.parametrize("make", NOISE_LAYERS, ids=["Dropout", "SpatialDropout2D", "GaussianNoise", "GaussianDropout", "AlphaDropout"])
def test_noise_is_identity_at_inference_and_random_in_training(make):
    layer = make()
    x = torch.randn(8, 6, 6, 5)
    assert torch.equal(layer(x), x)
    assert torch.equal(layer(x, training=False), x)
    assert not torch.equal(layer(x, training=True), x)
    layer.train()  # a torch training loop: training=None follows the module's mode
    assert not torch.equal(layer(x), x)


# ------------------------------------------------------------------ Dropout


def test_dropout_noise_shape_with_none_entries_shares_the_mask_along_ones():
    x = torch.ones(6, 5, 4)
    y = Dropout(0.5, noise_shape=(None, 1, None), seed=1)(x, training=True)
    assert torch.equal(y, y[:, :1, :].expand_as(y))  # one mask value per (sample, feature)
    assert set(y.unique().tolist()) <= {0.0, 2.0}
    assert 0.2 < (y == 0).float().mean().item() < 0.8


@given(
    shape=st.lists(st.integers(1, 4), min_size=1, max_size=4),
    pattern=st.lists(st.sampled_from([None, 1, "size"]), min_size=4, max_size=4),
)
def test_dropout_mask_is_constant_along_every_axis_of_size_one_in_noise_shape(shape, pattern):
    noise_shape = tuple(n if n != "size" else s for n, s in zip(pattern, shape))
    x = torch.ones(shape)
    y = Dropout(0.5, noise_shape=noise_shape, seed=0)(x, training=True)
    assert y.shape == x.shape
    for axis, n in enumerate(noise_shape):
        if n == 1:
            assert torch.equal(y, y.narrow(axis, 0, 1).expand_as(y))


def test_dropout_same_seed_same_masks_and_rate_statistics():
    x = torch.ones(200, 50)
    a = Dropout(0.3, seed=4)(x, training=True)
    b = Dropout(0.3, seed=4)(x, training=True)
    assert torch.equal(a, b)
    assert abs((a == 0).float().mean().item() - 0.3) < 0.02
    assert abs(a.mean().item() - 1.0) < 0.03  # kept values scaled by 1/(1-rate)


@pytest.mark.parametrize(
    "noise_shape, error",
    [((0, 0), ValueError), ((1, -2), ValueError), ("ab", ValueError), ((1.5, 1), ValueError), (3, ValueError)],
)
def test_dropout_refuses_bad_noise_shapes_at_construction_like_keras(noise_shape, error, keras):
    with pytest.raises(error):
        keras.layers.Dropout(0.5, noise_shape=noise_shape)
    with pytest.raises(error, match="noise_shape"):
        Dropout(0.5, noise_shape=noise_shape)


def test_issue_9_dropout_noise_shape_zero_is_refused_not_an_empty_output():
    with pytest.raises(ValueError, match=r"noise_shape.*0"):
        Dropout(0.97, noise_shape=(0, 0))


@pytest.mark.parametrize("noise_shape", [(None,), (None, 1, 1), (None, 3)])
def test_issue_9_noise_shape_that_does_not_fit_the_input_names_layer_and_shapes(noise_shape):
    layer = Dropout(0.5, noise_shape=noise_shape, name="drop")
    with pytest.raises(ValueError, match=r"'drop'.*noise_shape.*\(2, 4\)"):
        layer(torch.ones(2, 4), training=True)
    with pytest.raises(ValueError, match="'drop'"):
        layer(torch.ones(2, 4))  # the same mistake fails at inference too, not only in fit


@pytest.mark.parametrize("seed", ["x", 1.5, True, [1]])
def test_issue_9_dropout_seed_must_be_an_int(seed):
    with pytest.raises(TypeError, match=r"seed"):
        Dropout(0.5, seed=seed)


@pytest.mark.parametrize("rate", [-0.1, 1.5, float("nan"), "0.5", None])
def test_rates_outside_zero_one_are_refused(rate):
    for cls in (Dropout, GaussianDropout, AlphaDropout, SpatialDropout2D):
        with pytest.raises(ValueError, match="rate"):
            cls(rate)
    with pytest.raises(ValueError, match="stddev"):
        GaussianNoise(rate)


# ------------------------------------------------------------------ spatial dropout


@pytest.mark.parametrize(
    "cls, shape, data_format",
    [
        (SpatialDropout1D, (4, 7, 6), "channels_last"),
        (SpatialDropout2D, (4, 5, 5, 6), "channels_last"),
        (SpatialDropout2D, (4, 6, 5, 5), "channels_first"),
        (SpatialDropout3D, (4, 3, 3, 3, 6), "channels_last"),
        (SpatialDropout3D, (4, 6, 3, 3, 3), "channels_first"),
    ],
)
def test_spatial_dropout_drops_whole_channels(cls, shape, data_format):
    kwargs = {} if cls is SpatialDropout1D else dict(data_format=data_format)
    y = cls(0.5, seed=3, **kwargs)(torch.ones(shape), training=True)
    channel = 1 if data_format == "channels_first" else len(shape) - 1
    per_channel = y.movedim(channel, 1).reshape(shape[0], shape[channel], -1)
    # Every position of a (sample, channel) pair is kept or dropped together.
    assert torch.equal(per_channel, per_channel[:, :, :1].expand_as(per_channel))
    assert set(per_channel.unique().tolist()) <= {0.0, 2.0}


def test_spatial_dropout_checks_the_rank_and_has_keras_narrow_signature(keras):
    with pytest.raises(ValueError, match="ndim=4"):
        SpatialDropout2D(0.5)(torch.ones(2, 3, 4))
    with pytest.raises(TypeError):
        keras.layers.SpatialDropout2D(0.5, trainable=False)
    with pytest.raises(TypeError):
        SpatialDropout2D(0.5, trainable=False)


# ------------------------------------------------------------------ Gaussian noise / dropout / alpha dropout


def test_gaussian_noise_adds_zero_mean_noise_of_the_given_stddev():
    x = torch.full((400, 100), 3.0)
    noise = GaussianNoise(0.2, seed=1)(x, training=True) - x
    assert abs(noise.mean().item()) < 0.005
    assert abs(noise.std().item() - 0.2) < 0.005


def test_gaussian_dropout_multiplies_by_mean_one_noise():
    """keras/src/layers/regularization/gaussian_dropout.py: stddev sqrt(rate / (1 - rate))."""
    x = torch.full((400, 100), 2.0)
    factor = GaussianDropout(0.2, seed=1)(x, training=True) / x
    assert abs(factor.mean().item() - 1.0) < 0.01
    assert abs(factor.std().item() - math.sqrt(0.2 / 0.8)) < 0.01


def test_alpha_dropout_keeps_mean_and_variance_of_normalized_inputs():
    """SELU-normalized inputs (mean 0, variance 1) keep both (Klambauer et al., 2017)."""
    x = torch.randn(500, 200)
    y = AlphaDropout(0.2, seed=2)(x, training=True)
    assert abs(y.mean().item()) < 0.02
    assert abs(y.var().item() - 1.0) < 0.03
    # Dropped entries all land on one value: a * alpha_p + b.
    alpha_p = -1.6732632423543772 * 1.0507009873554805
    a = ((1 - 0.2) * (1 + 0.2 * alpha_p**2)) ** -0.5
    dropped = torch.isclose(y, torch.tensor(a * alpha_p - a * alpha_p * 0.2))
    assert abs(dropped.float().mean().item() - 0.2) < 0.01


def test_alpha_dropout_noise_shape_shares_the_mask():
    y = AlphaDropout(0.5, noise_shape=(None, 1), seed=0)(torch.ones(50, 8), training=True)
    assert torch.equal(y, y[:, :1].expand_as(y))


@pytest.mark.parametrize("cls", [GaussianDropout, AlphaDropout])
def test_rate_one_is_a_clear_error_in_training_where_keras_divides_by_zero(cls):
    layer = cls(1.0, name="noisy")
    assert torch.equal(layer(torch.ones(2, 3)), torch.ones(2, 3))
    with pytest.raises(ValueError, match="'noisy'.*rate"):
        layer(torch.ones(2, 3), training=True)


# ------------------------------------------------------------------ ActivityRegularization


def test_activity_regularization_penalty_matches_keras(keras):
    x = np.random.default_rng(0).standard_normal((4, 3, 5)).astype("float32")
    oracle = keras.layers.ActivityRegularization(l1=0.01, l2=0.03)
    oracle(x)
    layer = ActivityRegularization(l1=0.01, l2=0.03)
    assert torch.equal(layer(x), torch.from_numpy(x))
    (want,) = [keras.ops.convert_to_numpy(loss) for loss in oracle.losses]
    (got,) = layer.losses
    np.testing.assert_allclose(got.item(), want, rtol=1e-6)


def test_activity_regularization_reaches_the_training_loss():
    from lamina import Sequential
    from lamina.layers import Dense, Input

    model = Sequential([Input((3,)), Dense(2, kernel_initializer="ones"), ActivityRegularization(l2=1.0)])
    model.compile(loss="mse", optimizer="sgd")
    x, y = np.ones((4, 3), "float32"), np.zeros((4, 2), "float32")
    loss = model.evaluate(x, y, verbose=0)
    # mse of outputs 3.0 is 9; the penalty is sum(3**2 * 8 entries) / batch 4 = 18.
    assert math.isclose(loss, 9.0 + 18.0, rel_tol=1e-5)


def test_activity_regularization_refuses_negative_factors(keras):
    with pytest.raises(ValueError):
        keras.layers.ActivityRegularization(l1=-1.0)
    with pytest.raises(ValueError, match="l1"):
        ActivityRegularization(l1=-1.0)


# ------------------------------------------------------------------ .keras round trips


def _regularization_model(k):
    L = k.layers
    inputs = k.Input((5, 4))
    x = L.Dropout(0.3, noise_shape=(None, 1, 4), seed=2)(inputs)
    x = L.SpatialDropout1D(0.2)(x)
    x = L.GaussianNoise(0.1, seed=1)(x)
    x = L.Dense(6)(x)
    x = L.GaussianDropout(0.2)(x)
    x = L.AlphaDropout(0.1, noise_shape=(None, 1, 6))(x)
    x = L.Reshape((5, 2, 3))(x)
    x = L.SpatialDropout2D(0.1, data_format="channels_first")(x)
    x = L.Reshape((5, 1, 2, 3))(x)
    x = L.SpatialDropout3D(0.1)(x)
    outputs = L.ActivityRegularization(l1=0.01, l2=0.02)(x)
    return k.Model(inputs, outputs)


@pytest.mark.parametrize("writer", ["keras", "lamina"])
def test_regularization_model_round_trips_through_keras_files(writer, tmp_path, keras):
    import lamina

    source = _regularization_model(keras if writer == "keras" else lamina)
    source.set_weights([np.full(np.shape(w), 0.5, "float32") for w in source.get_weights()])
    path = tmp_path / "reg.keras"
    source.save(path)
    loaded = lamina.models.load_model(path) if writer == "keras" else keras.saving.load_model(path)
    ours, theirs = loaded.get_config(), source.get_config()
    assert [layer["config"].get("seed") for layer in ours["layers"]] == [
        layer["config"].get("seed") for layer in theirs["layers"]
    ]
    x = np.random.default_rng(0).standard_normal((2, 5, 4)).astype("float32")
    want, got = (np.asarray(m.predict(x, verbose=0)) for m in (source, loaded))
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)  # identity at inference
