"""Every name in `keras.initializers` against Keras 3: deterministic initializers exactly,
random ones by statistics (mean, standard deviation, bounds) against Keras's own draws,
orthogonality, seeds, configs and names."""

import math

import numpy as np
import pytest
import torch

from lamina import initializers

# Names of keras.initializers that Lamina does not provide, with the reason. (None today.)
EXCLUDED: dict[str, str] = {}

DETERMINISTIC = [
    ("Zeros", {}, (3, 4)),
    ("Ones", {}, (2, 3, 4)),
    ("Constant", {}, (3, 4)),
    ("Constant", {"value": 2.5}, (2, 5)),
    ("Identity", {}, (4, 4)),
    ("Identity", {"gain": 3.0}, (3, 5)),
    ("STFT", {}, (16, 1, 9)),
    (
        "STFT",
        {"side": "imag", "window": "hamming", "scaling": "spectrum", "periodic": True},
        (12, 2, 7),
    ),
    ("STFT", {"window": None, "scaling": None}, (8, 1, 5)),
    ("STFT", {"window": "blackman", "periodic": False}, (10, 1, 6)),
    ("STFT", {"window": "bartlett", "side": "imag"}, (10, 1, 6)),
]

# (class name, kwargs, shape); the shape is large enough for stable statistics.
RANDOM = [
    ("RandomNormal", {}, (200, 250)),
    ("RandomNormal", {"mean": 1.0, "stddev": 0.3}, (200, 250)),
    ("RandomUniform", {}, (200, 250)),
    ("RandomUniform", {"minval": 0.5, "maxval": 2.0}, (200, 250)),
    ("TruncatedNormal", {}, (200, 250)),
    ("TruncatedNormal", {"mean": -1.0, "stddev": 2.0}, (200, 250)),
    ("VarianceScaling", {}, (100, 300)),
    (
        "VarianceScaling",
        {"scale": 2.0, "mode": "fan_out", "distribution": "uniform"},
        (3, 3, 40, 60),
    ),
    ("VarianceScaling", {"mode": "fan_avg", "distribution": "untruncated_normal"}, (150, 300)),
    (
        "VarianceScaling",
        {"distribution": "normal", "input_axes": [0], "output_axes": [1, 2]},
        (64, 20, 40),
    ),
    ("GlorotUniform", {}, (120, 300)),
    ("GlorotNormal", {}, (120, 300)),
    ("HeUniform", {}, (3, 3, 30, 80)),
    ("HeNormal", {}, (3, 3, 30, 80)),
    ("LecunUniform", {}, (200, 250)),
    ("LecunNormal", {}, (200, 250)),
]
ORTHOGONAL = [({}, (20, 8)), ({"gain": 2.0}, (6, 15)), ({}, (3, 3, 4, 12)), ({"gain": 0.5}, (5, 5))]
ALL_CLASSES = {name for name, _, _ in DETERMINISTIC + RANDOM} | {"Orthogonal"}


def _np(x):
    return np.asarray(x.detach().cpu()) if isinstance(x, torch.Tensor) else np.asarray(x)


def _public(module):
    return [n for n in dir(module) if not n.startswith("_")]


def test_every_keras_initializer_name_exists(keras):
    missing = [
        n for n in _public(keras.initializers) if not hasattr(initializers, n) and n not in EXCLUDED
    ]
    assert not missing, f"keras.initializers names Lamina lacks: {missing}"


def test_every_keras_class_is_tested_and_lowercase_names_match(keras):
    for name in _public(keras.initializers):
        obj = getattr(keras.initializers, name)
        if not isinstance(obj, type) or name == "Initializer":
            continue
        assert obj.__name__ in ALL_CLASSES, f"no value test for keras.initializers.{name}"
        # The lower-case names and the *Initializer aliases are the classes themselves.
        assert getattr(initializers, name).__name__ == obj.__name__, name


@pytest.mark.parametrize(("name", "kwargs", "shape"), DETERMINISTIC)
def test_deterministic_values_match_keras(keras, name, kwargs, shape):
    ours = getattr(initializers, name)(**kwargs)(shape, dtype="float32")
    theirs = getattr(keras.initializers, name)(**kwargs)(shape, dtype="float32")
    # STFT gives (frame_length, 1, fft_length) whatever the channels, as Keras does.
    assert tuple(ours.shape) == tuple(theirs.shape) and ours.dtype == torch.float32
    np.testing.assert_allclose(_np(ours), keras.ops.convert_to_numpy(theirs), rtol=1e-5, atol=1e-6)


def test_stft_with_an_array_window_and_float64(keras):
    window = np.linspace(0.1, 1.0, 8)
    ours = initializers.STFT(window=window)((8, 1, 5), dtype=torch.float64)
    theirs = keras.initializers.STFT(window=window)((8, 1, 5), dtype="float64")
    assert ours.dtype == torch.float64
    np.testing.assert_allclose(_np(ours), keras.ops.convert_to_numpy(theirs), rtol=1e-12)


def _bound(name, kwargs, shape):
    """The largest possible |value - mean|, from Keras's formulas
    (keras/src/initializers/random_initializers.py)."""
    if name == "RandomUniform":
        return None
    if name in ("RandomNormal",) or kwargs.get("distribution") == "untruncated_normal":
        return None
    if name == "TruncatedNormal":
        return 2 * kwargs.get("stddev", 0.05)
    vs = getattr(initializers, name)(**kwargs)
    fan_in, fan_out = initializers.compute_fans(shape, vs.input_axes, vs.output_axes)
    fan = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}[vs.mode]
    scale = vs.scale / max(1.0, fan)
    if vs.distribution == "uniform":
        return math.sqrt(3.0 * scale)
    return 2 * math.sqrt(scale) / 0.87962566103423978


@pytest.mark.parametrize(("name", "kwargs", "shape"), RANDOM)
def test_random_statistics_match_keras(keras, name, kwargs, shape):
    ours = _np(getattr(initializers, name)(**kwargs)(shape))
    theirs = keras.ops.convert_to_numpy(getattr(keras.initializers, name)(**kwargs)(shape))
    assert ours.shape == theirs.shape == shape and ours.dtype == np.float32
    std = theirs.std()
    # Sampling error of the mean is std/sqrt(n) (n >= 50_000): 0.02*std is over 4 sigma.
    assert abs(ours.mean() - theirs.mean()) < 0.02 * std + 1e-7
    np.testing.assert_allclose(ours.std(), std, rtol=0.03)
    bound = _bound(name, kwargs, shape)
    if bound is not None or name == "RandomUniform":  # bounded: the extremes agree too
        np.testing.assert_allclose(ours.min(), theirs.min(), atol=0.05 * std)
        np.testing.assert_allclose(ours.max(), theirs.max(), atol=0.05 * std)
    if bound is not None:
        center = kwargs.get("mean", 0.0)
        assert np.abs(ours - center).max() <= bound * (1 + 1e-6)
    if name == "RandomUniform":
        assert ours.min() >= kwargs.get("minval", -0.05) and ours.max() < kwargs.get("maxval", 0.05)


@pytest.mark.parametrize(("kwargs", "shape"), ORTHOGONAL)
def test_orthogonal_matches_keras_layout(keras, kwargs, shape):
    ours = _np(initializers.Orthogonal(**kwargs)(shape))
    theirs = keras.ops.convert_to_numpy(keras.initializers.Orthogonal(**kwargs)(shape))
    gain = kwargs.get("gain", 1.0)
    for q in (ours, theirs):  # Keras flattens to (prod(shape[:-1]), shape[-1])
        flat = q.reshape(-1, shape[-1])
        gram = flat.T @ flat if flat.shape[0] >= flat.shape[1] else flat @ flat.T
        np.testing.assert_allclose(gram, gain**2 * np.eye(len(gram)), atol=1e-5)
    with pytest.raises(ValueError, match="two-dimensional"):
        initializers.Orthogonal()((5,))


@pytest.mark.parametrize("name", sorted({n for n, _, _ in RANDOM} | {"Orthogonal"}))
def test_a_seed_gives_the_same_values_every_call_as_in_keras(keras, name):
    shape = (6, 4)
    ours = getattr(initializers, name)(seed=7)
    theirs = getattr(keras.initializers, name)(seed=7)
    assert torch.equal(ours(shape), ours(shape))
    np.testing.assert_array_equal(
        keras.ops.convert_to_numpy(theirs(shape)), keras.ops.convert_to_numpy(theirs(shape))
    )
    assert not torch.equal(ours(shape), getattr(initializers, name)(seed=8)(shape))


CONFIG_CASES = [(n, k) for n, k, _ in DETERMINISTIC + RANDOM] + [
    ("Orthogonal", {}),
    ("Orthogonal", {"gain": 2.0, "seed": 3}),
    ("HeNormal", {"seed": 5}),
    ("GlorotUniform", {"input_axes": [0], "output_axes": [1]}),
]


@pytest.mark.parametrize(("name", "kwargs"), CONFIG_CASES)
def test_configs_and_serialization_match_keras(keras, name, kwargs):
    ours, theirs = (
        getattr(initializers, name)(**kwargs),
        getattr(keras.initializers, name)(**kwargs),
    )
    assert ours.get_config() == theirs.get_config()
    assert initializers.serialize(ours) == keras.initializers.serialize(theirs)
    again = initializers.deserialize(keras.initializers.serialize(theirs))
    assert type(again) is type(ours) and again.get_config() == ours.get_config()
    assert ours.clone().get_config() == ours.get_config()


@pytest.mark.parametrize(
    "name",
    sorted(
        n
        for n in dir(initializers)
        if n[:1].islower() and isinstance(getattr(initializers, n), type)
    ),
)
def test_lowercase_names_resolve_as_in_keras(keras, name):
    ours = initializers.get(name)
    if name == "constant":
        # Keras 3.15.1's get("constant") raises KeyError: it builds Constant through
        # from_config({}) (keras/src/initializers/constant_initializers.py); Lamina gives
        # Constant() as for every other name.
        theirs = keras.initializers.Constant()
    else:
        theirs = keras.initializers.get(name)
    assert type(ours).__name__ == type(theirs).__name__
    assert ours.get_config() == theirs.get_config()


def test_bad_arguments_raise(keras):
    with pytest.raises(ValueError, match="2D"):
        initializers.Identity()((2, 3, 4))
    with pytest.raises(ValueError, match="side"):
        initializers.STFT(side="both")
    with pytest.raises(ValueError, match="scaling"):
        initializers.STFT(scaling="power")
    with pytest.raises(ValueError, match="scale"):
        initializers.VarianceScaling(scale=0.0)


def test_get_instantiates_a_class_as_keras_does(keras):
    ours = initializers.get(initializers.GlorotUniform)
    theirs = keras.initializers.get(keras.initializers.GlorotUniform)
    assert isinstance(ours, initializers.GlorotUniform)
    assert ours.get_config() == theirs.get_config()
