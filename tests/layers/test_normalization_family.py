"""Normalization layers beyond the case table: training mode against Keras, axes Keras on
torch cannot run (checked against Keras's documented formula, written out in numpy), the
power iteration of SpectralNormalization, and argument errors."""

import math
import warnings

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from lamina.layers import Conv2D, Dense
from lamina.layers.normalization.batch_normalization import BatchNormalization
from lamina.layers.normalization.group_normalization import GroupNormalization
from lamina.layers.normalization.layer_normalization import LayerNormalization
from lamina.layers.normalization.rms_normalization import RMSNormalization
from lamina.layers.normalization.spectral_normalization import SpectralNormalization
from lamina.layers.normalization.unit_normalization import UnitNormalization


def sample(shape, seed=0, scale=1.0, shift=0.0):
    return (np.random.default_rng(seed).standard_normal(shape) * scale + shift).astype("float32")


def layer_norm_reference(x, axes, gamma, beta, epsilon):
    """Keras's generic path (keras/src/ops/nn.py `_layer_normalization`, the `moments`
    branch TF and JAX take): per-sample mean/variance over `axes`, then gamma and beta
    broadcast along those axes."""
    x = x.astype("float64")
    mean = x.mean(axis=tuple(axes), keepdims=True)
    variance = x.var(axis=tuple(axes), keepdims=True)
    view = [x.shape[a] if a in axes else 1 for a in range(x.ndim)]
    return (x - mean) / np.sqrt(variance + epsilon) * gamma.reshape(view) + beta.reshape(view)


# ------------------------------------------------------------------ LayerNormalization


@pytest.mark.parametrize(
    "shape, axis", [((2, 3, 4), 1), ((2, 3, 4, 5), [1, 2]), ((2, 3, 4, 5), [1, 3]), ((2, 3, 4, 5), [-3, -2])]
)
def test_layer_norm_on_leading_axes_follows_keras_formula(shape, axis, keras):
    """Keras on torch hands these axes to `F.layer_norm`, which only normalizes trailing
    axes, and fails; Lamina computes what Keras's other backends compute."""
    x = sample(shape)
    layer = LayerNormalization(axis=axis, gamma_initializer="random_normal", beta_initializer="random_normal")
    got = layer(x).detach().numpy()
    axes = sorted(a % len(shape) for a in (axis if isinstance(axis, list) else [axis]))
    want = layer_norm_reference(x, axes, layer.gamma.detach().numpy(), layer.beta.detach().numpy(), 1e-3)
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)
    if axes == [1]:
        with pytest.raises(Exception):  # noqa: B017 - documents the Keras-on-torch failure
            keras.layers.LayerNormalization(axis=axis)(x)


@given(
    shape=st.lists(st.integers(1, 4), min_size=2, max_size=4),
    data=st.data(),
)
def test_layer_norm_matches_the_formula_for_any_axes(shape, data):
    rank = len(shape)
    axes = data.draw(st.lists(st.integers(1, rank - 1), min_size=1, max_size=rank - 1, unique=True))
    x = sample(tuple(shape), seed=rank)
    layer = LayerNormalization(axis=axes, epsilon=1e-2)
    got = layer(x).detach().numpy()
    ones = np.ones([shape[a] for a in sorted(axes)])
    want = layer_norm_reference(x, sorted(axes), ones, 0 * ones, 1e-2)
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)


def test_layer_norm_rms_scaling_warns_and_matches_keras(keras):
    x = sample((2, 3, 4), scale=2, shift=1)
    with pytest.warns(UserWarning, match="rms_scaling"):
        oracle = keras.layers.LayerNormalization(rms_scaling=True)
    with pytest.warns(UserWarning, match="rms_scaling"):
        layer = LayerNormalization(rms_scaling=True)
    with warnings.catch_warnings():  # Keras warns again in the op
        warnings.simplefilter("ignore")
        oracle(x)
    layer(x)
    assert len(layer.weights) == len(oracle.weights) == 1  # gamma only
    layer.set_weights([w * 1.5 for w in oracle.get_weights()])
    oracle.set_weights([w * 1.5 for w in oracle.get_weights()])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        want = keras.ops.convert_to_numpy(oracle(x))
    np.testing.assert_allclose(layer(x).detach().numpy(), want, rtol=1e-5, atol=1e-6)
    assert layer.get_config()["rms_scaling"] is True


def test_half_precision_weights_compute_in_float32_like_keras(keras):
    x = sample((2, 3, 8), scale=3)
    for cls in (LayerNormalization, RMSNormalization, GroupNormalization, BatchNormalization):
        kwargs = dict(groups=2) if cls is GroupNormalization else {}
        layer = cls(dtype="bfloat16", **kwargs)
        oracle = getattr(keras.layers, cls.__name__)(dtype="bfloat16", **kwargs)
        want = keras.ops.convert_to_numpy(keras.ops.cast(oracle(x), "float32"))
        got = layer(torch.from_numpy(x))
        assert got.dtype == torch.bfloat16, cls.__name__
        np.testing.assert_allclose(got.float().detach().numpy(), want, rtol=1e-2, atol=1e-2)  # bfloat16


@pytest.mark.parametrize("cls", [LayerNormalization, RMSNormalization, UnitNormalization])
def test_axis_out_of_range_is_a_value_error_naming_the_layer(cls):
    layer = cls(axis=3, name="norm")
    with pytest.raises(ValueError, match=r"'norm'.*axis 3.*\(None, 4\)"):
        layer.compute_output_shape((None, 4))
    with pytest.raises(ValueError, match=r"'norm'.*axis 3"):
        layer(torch.zeros(2, 4))


def test_axis_of_the_wrong_type_is_a_type_error():
    with pytest.raises(TypeError, match="axis"):
        LayerNormalization(axis="last")
    with pytest.raises(TypeError, match="axis"):
        UnitNormalization(axis=1.5)


# ------------------------------------------------------------------ RMS / Unit normalization


def test_rms_norm_on_non_trailing_axes_follows_keras_formula():
    """keras/src/ops/nn.py `_rms_normalization`: x * rsqrt(mean(x**2) + eps) * scale."""
    x = sample((2, 3, 4))
    layer = RMSNormalization(axis=1)
    layer(x)
    layer.set_weights([np.arange(1, 4, dtype="float32")])
    want = x / np.sqrt((x.astype("float64") ** 2).mean(axis=1, keepdims=True) + 1e-6) * np.arange(1, 4).reshape(1, 3, 1)
    np.testing.assert_allclose(layer(x).detach().numpy(), want, rtol=1e-5, atol=1e-6)


def test_unit_norm_gives_unit_vectors_and_keeps_zero_vectors():
    x = np.concatenate([sample((3, 5)), np.zeros((1, 5), "float32")])
    y = UnitNormalization()(x).numpy()
    np.testing.assert_allclose(np.linalg.norm(y[:3], axis=1), np.ones(3), rtol=1e-6)
    assert np.array_equal(y[3], np.zeros(5))


# ------------------------------------------------------------------ GroupNormalization


@pytest.mark.parametrize("groups, channels", [(4, 6), (8, 6), (0, 6), (-2, 6)])
def test_group_norm_refuses_groups_that_do_not_divide_the_channels(groups, channels, keras):
    with pytest.raises(ValueError):
        keras.layers.GroupNormalization(groups=groups)(np.zeros((2, channels), "float32"))
    with pytest.raises(ValueError, match=rf"groups.*{groups}" if groups > 0 else "groups"):
        GroupNormalization(groups=groups)(torch.zeros(2, channels))


def test_group_norm_with_one_group_per_channel_is_instance_norm():
    x = sample((2, 5, 5, 3), scale=2, shift=1)
    y = GroupNormalization(groups=-1, epsilon=0.0)(x).detach().numpy()
    np.testing.assert_allclose(y.mean(axis=(1, 2)), np.zeros((2, 3)), atol=1e-5)
    np.testing.assert_allclose(y.var(axis=(1, 2)), np.ones((2, 3)), rtol=1e-4)


# ------------------------------------------------------------------ BatchNormalization


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(epsilon=float("nan")), r"epsilon.*nan"),
        (dict(epsilon=-1e-3), r"epsilon.*-0\.001"),
        (dict(momentum=float("nan")), r"momentum.*nan"),
        (dict(momentum=1.5), r"momentum.*1\.5"),
        (dict(momentum=-0.1), r"momentum.*-0\.1"),
        (dict(renorm_momentum=2.0), r"renorm_momentum.*2\.0"),
        (dict(renorm=True, renorm_clipping={"rmax": 0.5, "rmin": 2.0}), r"rmax.*rmin"),
        (dict(renorm=True, renorm_clipping={"dmax": -1.0}), r"dmax"),
        (dict(renorm=True, renorm_clipping={"bad": 1.0}), r"renorm_clipping"),
        (dict(synchronized=True), r"synchronized"),
    ],
)
def test_batch_norm_refuses_bad_arguments_naming_the_layer_and_value(kwargs, match):
    with pytest.raises(ValueError, match=match) as info:
        BatchNormalization(name="bn", **kwargs)
    if "synchronized" not in kwargs and "renorm_clipping" not in kwargs:
        assert "'bn'" in str(info.value)


@pytest.mark.parametrize("kwargs", [dict(epsilon="1e-3"), dict(momentum=None), dict(axis=1.0)])
def test_batch_norm_refuses_non_numbers_with_a_type_error(kwargs):
    with pytest.raises(TypeError, match=next(iter(kwargs))):
        BatchNormalization(**kwargs)


@pytest.mark.parametrize(
    "kwargs, shape",
    [
        (dict(renorm=True), (8, 3)),
        (dict(renorm=True, renorm_clipping={"rmax": 1.2, "rmin": 0.8, "dmax": 0.3}, renorm_momentum=0.5), (6, 2, 3)),
        (dict(axis=1, momentum=0.8), (4, 3, 2, 2, 2)),
    ],
)
def test_batch_norm_several_training_steps_match_keras(kwargs, shape, keras):
    oracle = keras.layers.BatchNormalization(**kwargs)
    layer = BatchNormalization(**kwargs)
    oracle(sample(shape))
    layer(sample(shape))
    layer.set_weights(oracle.get_weights())
    for step in range(3):
        x = sample(shape, seed=step + 1, scale=2 + step, shift=step)
        want = keras.ops.convert_to_numpy(oracle(x, training=True))
        np.testing.assert_allclose(layer(x, training=True).detach().numpy(), want, rtol=1e-5, atol=1e-5)
    for ours, theirs in zip(layer.get_weights(), oracle.get_weights()):
        np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)
    x = sample(shape, seed=9)
    np.testing.assert_allclose(
        layer(x).detach().numpy(), keras.ops.convert_to_numpy(oracle(x)), rtol=1e-5, atol=1e-5
    )


def test_batch_norm_with_a_mask_matches_keras(keras):
    x = sample((3, 5, 4), scale=2, shift=1)
    mask = np.random.default_rng(1).random((3, 5)) > 0.4
    oracle = keras.layers.BatchNormalization()
    layer = BatchNormalization()
    want = keras.ops.convert_to_numpy(oracle(x, training=True, mask=mask))
    got = layer(x, training=True, mask=torch.from_numpy(mask))
    np.testing.assert_allclose(got.detach().numpy(), want, rtol=1e-5, atol=1e-5)
    for ours, theirs in zip(layer.get_weights(), oracle.get_weights()):
        np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)
    with pytest.raises(ValueError, match="one dimension less"):
        layer(x, training=True, mask=torch.ones(3, 5, 4, dtype=torch.bool))


def test_batch_norm_3d_and_5d_training_uses_every_non_feature_axis():
    x = sample((2, 3, 4, 5, 6), scale=3, shift=2)
    y = BatchNormalization(axis=2, epsilon=0.0)(x, training=True).detach().numpy()
    np.testing.assert_allclose(y.mean(axis=(0, 1, 3, 4)), np.zeros(4), atol=1e-5)
    np.testing.assert_allclose(y.var(axis=(0, 1, 3, 4)), np.ones(4), rtol=1e-4)


# ------------------------------------------------------------------ SpectralNormalization


@pytest.mark.parametrize(
    "inner, shape, power_iterations",
    [
        (lambda m: m.Dense(3), (4, 5), 1),
        (lambda m: m.Dense(4, use_bias=False), (3, 2, 6), 3),
        (lambda m: m.Conv2D(3, 3), (2, 6, 6, 2), 2),
    ],
)
def test_spectral_norm_power_iteration_matches_keras_in_training(inner, shape, power_iterations, keras):
    from lamina import layers

    oracle = keras.layers.SpectralNormalization(inner(keras.layers), power_iterations=power_iterations)
    layer = SpectralNormalization(inner(layers), power_iterations=power_iterations)
    oracle(sample(shape))
    layer(sample(shape))
    layer.set_weights(oracle.get_weights())
    for step in range(2):
        x = sample(shape, seed=step + 1)
        want = keras.ops.convert_to_numpy(oracle(x, training=True))
        np.testing.assert_allclose(layer(x, training=True).detach().numpy(), want, rtol=5e-4, atol=1e-5)
    names = [w.path.split("/")[-1] for w in oracle.weights]
    for name, ours, theirs in zip(names, layer.get_weights(), oracle.get_weights()):
        np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6, err_msg=name)


def test_spectral_norm_brings_the_largest_singular_value_to_one():
    layer = SpectralNormalization(Dense(6, kernel_initializer="random_normal"), power_iterations=20)
    layer(sample((2, 8)))
    with torch.no_grad():
        layer.layer.kernel.mul_(7.0)
    layer(sample((2, 8)), training=True)
    sigma = torch.linalg.matrix_norm(layer.layer.kernel.detach(), ord=2).item()
    assert math.isclose(sigma, 1.0, rel_tol=1e-3)


def test_spectral_norm_is_plain_at_inference_and_keeps_state():
    layer = SpectralNormalization(Conv2D(2, 3))
    x = torch.from_numpy(sample((1, 5, 5, 1)))
    layer(x)
    kernel, u = layer.layer.kernel.detach().clone(), layer.vector_u.clone()
    layer(x)
    assert torch.equal(layer.layer.kernel, kernel) and torch.equal(layer.vector_u, u)
    assert [w.shape for w in layer.non_trainable_weights] == [torch.Size([1, 2])]
    assert "vector_u" in layer.state_dict()


def test_spectral_norm_argument_errors():
    with pytest.raises(ValueError, match="power_iterations"):
        SpectralNormalization(Dense(2), power_iterations=0)
    with pytest.raises(ValueError, match="supported layer"):
        SpectralNormalization("dense")
    from lamina.layers import Dropout

    with warnings.catch_warnings():
        layer = SpectralNormalization(Dropout(0.5), name="sn")
    with pytest.raises(ValueError, match=r"'sn'.*kernel"):
        layer(torch.zeros(2, 3))


# ------------------------------------------------------------------ .keras round trips


def _normalization_model(k):
    """Every normalization and activation layer of this family in one model (but
    SpectralNormalization: Lamina's weights files do not nest layers yet, see issue 12)."""
    L = k.layers
    inputs = k.Input((4, 6))
    x = L.LayerNormalization(axis=[-2, -1])(inputs)
    x = L.PReLU(shared_axes=[1])(x)
    x = L.GroupNormalization(groups=3)(x)
    x = L.ReLU(max_value=2.0, negative_slope=0.1, threshold=0.1)(x)
    x = L.BatchNormalization(renorm=True, renorm_clipping={"rmax": 2.0})(x)
    x = L.LeakyReLU()(x)
    x = L.RMSNormalization()(x)
    x = L.ELU(alpha=0.5)(x)
    x = L.UnitNormalization(axis=[1, 2])(x)
    x = L.Dense(5)(x)
    x = L.BatchNormalization(axis=1)(x)
    outputs = L.Softmax(axis=(1, 2))(x)
    return k.Model(inputs, outputs)


@pytest.mark.parametrize("writer", ["keras", "lamina"])
def test_normalization_and_activation_model_round_trips_through_keras_files(writer, tmp_path, keras):
    import lamina

    source = _normalization_model(keras if writer == "keras" else lamina)
    rng = np.random.default_rng(0)
    source.set_weights([rng.uniform(0.5, 1.5, np.shape(w)).astype("float32") for w in source.get_weights()])
    path = tmp_path / "norm.keras"
    source.save(path)
    loaded = lamina.models.load_model(path) if writer == "keras" else keras.saving.load_model(path)
    x = sample((3, 4, 6))
    want, got = (np.asarray(m.predict(x, verbose=0)) for m in (source, loaded))
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    for ours, theirs in zip(loaded.get_weights(), source.get_weights()):
        np.testing.assert_array_equal(np.asarray(ours), np.asarray(theirs))


def test_constraints_round_trip_from_keras_configs_and_reach_the_weights(keras):
    for name, kwargs in [("LayerNormalization", {}), ("GroupNormalization", dict(groups=2)),
                         ("BatchNormalization", {})]:
        theirs = getattr(keras.layers, name)(gamma_constraint="non_neg", beta_constraint="max_norm", **kwargs)
        config = theirs.get_config()
        from lamina import layers

        ours = getattr(layers, name).from_config(config)
        assert ours.get_config() == config, name

    def clip(w):
        return w.clamp(min=0)

    layer = LayerNormalization(gamma_constraint=clip)
    layer(torch.zeros(2, 4))
    assert layer.gamma.constraint is clip


def test_spectral_norm_wraps_embeddings_and_keeps_float_outputs(keras):
    """Keras casts the output to the input dtype (keras/src/layers/normalization/
    spectral_normalization.py `call`), so for an Embedding it returns integers; Lamina
    keeps the embeddings' floats and otherwise matches."""
    from lamina import layers

    ids = np.random.default_rng(0).integers(0, 10, (3, 4))
    oracle = keras.layers.SpectralNormalization(keras.layers.Embedding(10, 5))
    layer = SpectralNormalization(layers.Embedding(10, 5))
    oracle(ids)
    layer(torch.from_numpy(ids))
    layer.set_weights(oracle.get_weights())
    oracle(ids, training=True)
    got = layer(torch.from_numpy(ids), training=True)
    assert got.dtype == torch.float32
    for ours, theirs in zip(layer.get_weights(), oracle.get_weights()):
        np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)
    table = keras.ops.convert_to_numpy(oracle.layer.embeddings)
    np.testing.assert_allclose(got.detach().numpy(), table[ids], rtol=1e-6)
