"""The image augmentation layers: Keras parity draw for draw, and their properties.

Lamina's layers draw their random parameters with `lamina.random` from a `SeedGenerator`
in the order, shapes and ranges of Keras's layers, and `lamina.random` reproduces Keras's
torch-backend streams; so a seeded Lamina layer called with `training=True` must return
what the seeded Keras layer returns, call after call. Properties cover the rest: the
identity at inference, exact flips, reproducibility, value ranges, shapes, and training
inside `fit`.
"""

import numpy as np
import pytest
import torch

from lamina.layers.preprocessing.image.auto_contrast import AutoContrast
from lamina.layers.preprocessing.image.cut_mix import CutMix
from lamina.layers.preprocessing.image.mix_up import MixUp
from lamina.layers.preprocessing.image.random_brightness import RandomBrightness
from lamina.layers.preprocessing.image.random_color_degeneration import RandomColorDegeneration
from lamina.layers.preprocessing.image.random_contrast import RandomContrast
from lamina.layers.preprocessing.image.random_crop import RandomCrop
from lamina.layers.preprocessing.image.random_erasing import RandomErasing
from lamina.layers.preprocessing.image.random_flip import RandomFlip
from lamina.layers.preprocessing.image.random_grayscale import RandomGrayscale
from lamina.layers.preprocessing.image.random_invert import RandomInvert
from lamina.layers.preprocessing.image.random_rotation import RandomRotation
from lamina.layers.preprocessing.image.random_shear import RandomShear
from lamina.layers.preprocessing.image.random_translation import RandomTranslation
from lamina.layers.preprocessing.image.random_zoom import RandomZoom
from lamina.layers.preprocessing.image.solarization import Solarization
from lamina.layers.preprocessing.pipeline import Pipeline

LAYERS = {cls.__name__: cls for cls in (CutMix, MixUp, RandomBrightness, RandomContrast, RandomCrop, RandomErasing,
                                         RandomFlip, RandomGrayscale, RandomRotation, RandomShear, RandomTranslation,
                                         RandomZoom, Solarization, RandomInvert, RandomColorDegeneration)}

SEEDED = [
    ("RandomFlip", dict()),
    ("RandomFlip", dict(mode="horizontal")),
    ("RandomFlip", dict(mode="vertical", data_format="channels_first")),
    ("RandomRotation", dict(factor=0.2)),
    ("RandomRotation", dict(factor=(-0.1, 0.3), fill_mode="constant", fill_value=7.0)),
    ("RandomRotation", dict(factor=0.5, fill_mode="wrap", interpolation="nearest", data_format="channels_first")),
    ("RandomRotation", dict(factor=0.25, fill_mode="nearest")),
    ("RandomZoom", dict(height_factor=0.3)),
    ("RandomZoom", dict(height_factor=(-0.4, -0.1), width_factor=0.4, fill_mode="constant")),
    ("RandomZoom", dict(height_factor=0.5, fill_mode="wrap", data_format="channels_first")),
    ("RandomTranslation", dict(height_factor=0.3, width_factor=(-0.2, 0.1))),
    ("RandomTranslation", dict(height_factor=0.5, width_factor=0.5, fill_mode="nearest", interpolation="nearest")),
    ("RandomCrop", dict(height=4, width=5)),
    ("RandomCrop", dict(height=12, width=5)),  # taller than the input: Keras's fixed window, then resize
    ("RandomCrop", dict(height=3, width=3, data_format="channels_first")),
    ("RandomContrast", dict(factor=0.5)),
    ("RandomContrast", dict(factor=(0.2, 0.9), value_range=(0, 1))),
    ("RandomBrightness", dict(factor=(-0.2, 0.5))),
    ("RandomBrightness", dict(factor=0.3, value_range=(0, 1))),
    ("RandomGrayscale", dict(factor=0.5)),
    ("RandomGrayscale", dict(factor=0.7, data_format="channels_first")),
    ("RandomShear", dict(x_factor=0.3, y_factor=(0.1, 0.4))),
    ("RandomShear", dict(x_factor=(0.2, 0.5), fill_mode="constant", data_format="channels_first")),
    ("RandomErasing", dict()),
    ("RandomErasing", dict(factor=(0.5, 1.0), fill_value=[1.0, 2.0, 3.0])),
    ("RandomErasing", dict(scale=0.5, fill_value=7.0, data_format="channels_first")),
    ("Solarization", dict(addition_factor=0.3, threshold_factor=(0.2, 0.8))),
    ("Solarization", dict(threshold_factor=0.6, value_range=(0, 1))),
    ("MixUp", dict(alpha=0.4)),
    ("CutMix", dict()),
    ("CutMix", dict(factor=(0.2, 0.7), data_format="channels_first")),
    ("RandomInvert", dict()),
    ("RandomInvert", dict(factor=(0.2, 0.6), value_range=(0, 1))),
    ("RandomColorDegeneration", dict(factor=0.5)),
    ("RandomColorDegeneration", dict(factor=(0.2, 0.9), value_range=(0, 1), data_format="channels_first")),
]


def images(shape=(3, 9, 7, 3), seed=0, high=255.0):
    return (np.random.default_rng(seed).random(shape) * high).astype("float32")


def scaled_for(kwargs, x):
    return x / 255 if tuple(kwargs.get("value_range", (0, 255))) == (0, 1) else x


@pytest.mark.parametrize("name, kwargs", SEEDED, ids=[f"{n}-{k}" for n, k in SEEDED])
def test_seeded_training_calls_match_keras_draw_for_draw(name, kwargs, keras):
    x = scaled_for(kwargs, images())
    if kwargs.get("data_format") == "channels_first":
        x = np.ascontiguousarray(np.moveaxis(x, -1, 1))
    theirs = getattr(keras.layers, name)(seed=11, **kwargs)
    ours = LAYERS[name](seed=11, **kwargs)
    for _ in range(2):  # the second call checks that both generators moved on alike
        want = keras.ops.convert_to_numpy(theirs(x, training=True))
        got = ours(torch.from_numpy(x), training=True)
        np.testing.assert_allclose(got.numpy(), want, rtol=1e-5, atol=1e-4)  # float32 resampling, 0..255
    single = x[0]  # one unbatched image draws like a batch of one
    want = keras.ops.convert_to_numpy(theirs(single, training=True))
    np.testing.assert_allclose(ours(torch.from_numpy(single), training=True).numpy(), want, rtol=1e-5, atol=1e-4)


@pytest.mark.parametrize("name, kwargs", SEEDED, ids=[f"{n}-{k}" for n, k in SEEDED])
def test_configs_match_keras_and_round_trip(name, kwargs, keras):
    ours = LAYERS[name](seed=3, **kwargs).get_config()
    theirs = getattr(keras.layers, name)(seed=3, **kwargs).get_config()
    ours.pop("name"), theirs.pop("name")
    assert ours == theirs
    assert LAYERS[name].from_config(ours).get_config() | {"name": None} == ours | {"name": None}


@pytest.mark.parametrize("name, kwargs", SEEDED, ids=[f"{n}-{k}" for n, k in SEEDED])
def test_inference_is_the_identity_except_for_crops(name, kwargs):
    x = torch.from_numpy(scaled_for(kwargs, images()))
    layer = LAYERS[name](**kwargs)
    if name == "RandomCrop":
        assert tuple(layer(x).shape) == layer.compute_output_shape(tuple(x.shape))
    else:
        assert torch.equal(layer(x), x)
        assert torch.equal(layer(x, training=False), x)


@pytest.mark.parametrize("name", ["MixUp", "CutMix"])
def test_mixing_layers_mix_labels_like_keras(name, keras):
    x = images((5, 6, 6, 3))
    y = np.eye(3, dtype="float32")[[0, 1, 2, 1, 0]]
    theirs, ours = getattr(keras.layers, name)(seed=2), LAYERS[name](seed=2)
    for _ in range(2):
        want = theirs({"images": x, "labels": y}, training=True)
        got = ours({"images": torch.from_numpy(x), "labels": torch.from_numpy(y)}, training=True)
        np.testing.assert_allclose(got["images"].numpy(), keras.ops.convert_to_numpy(want["images"]), rtol=1e-5,
                                   atol=1e-4)
        np.testing.assert_allclose(got["labels"].numpy(), keras.ops.convert_to_numpy(want["labels"]), rtol=1e-5,
                                   atol=1e-6)
        np.testing.assert_allclose(got["labels"].sum(1).numpy(), np.ones(5), rtol=1e-5)  # still distributions
    plain = ours({"images": torch.from_numpy(x), "labels": torch.from_numpy(y)})
    assert torch.equal(plain["images"], torch.from_numpy(x)) and torch.equal(plain["labels"], torch.from_numpy(y))


def test_pipeline_chains_layers_like_keras(keras):
    x = images((4, 6, 6, 3))
    theirs = keras.layers.Pipeline([keras.layers.RandomFlip(seed=1), keras.layers.RandomRotation(0.2, seed=2)])
    ours = Pipeline([RandomFlip(seed=1, name="flip"), RandomRotation(0.2, seed=2, name="turn")], name="aug")
    want = keras.ops.convert_to_numpy(theirs(x, training=True))
    np.testing.assert_allclose(ours(torch.from_numpy(x), training=True).numpy(), want, rtol=1e-5, atol=1e-4)
    assert torch.equal(ours(torch.from_numpy(x)), torch.from_numpy(x))
    config = ours.get_config()
    assert [c["class_name"] for c in config["layers"]] == ["RandomFlip", "RandomRotation"]
    clone = Pipeline.from_config(config)
    assert [type(x) for x in clone.layers] == [RandomFlip, RandomRotation] and clone.get_config() == config
    with pytest.raises(ValueError, match="Pipeline.*list of layers"):
        Pipeline("flip")


@pytest.mark.parametrize("value_range", [(0, 255), (0, 1)])
def test_auto_contrast_matches_keras_and_stretches_to_the_range(value_range, keras):
    x = images((3, 5, 6, 3)) * 0.5 + 20
    x[1, ..., 0] = 7.0  # a constant channel stays as it is
    x = x if value_range == (0, 255) else x / 255
    want = keras.ops.convert_to_numpy(keras.layers.AutoContrast(value_range=value_range)(x))
    got = AutoContrast(value_range=value_range)(torch.from_numpy(x))
    np.testing.assert_allclose(got.numpy(), want, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(got.amin(dim=(1, 2))[[0, 2]].numpy(), value_range[0], atol=1e-4)
    np.testing.assert_allclose(got.amax(dim=(1, 2))[[0, 2]].numpy(), value_range[1], rtol=1e-5)
    np.testing.assert_array_equal(got[1, ..., 0].numpy(), x[1, ..., 0])


def test_a_flip_is_an_exact_flip_of_the_chosen_images():
    x = torch.arange(6 * 4 * 5 * 2, dtype=torch.float32).reshape(6, 4, 5, 2)
    for mode, axes in [("horizontal", (2,)), ("vertical", (1,)), ("horizontal_and_vertical", (1, 2))]:
        y = RandomFlip(mode, seed=5)(x, training=True)
        flipped = [torch.equal(y[i], x[i].flip([a - 1 for a in axes])) for i in range(6)]
        kept = [torch.equal(y[i], x[i]) for i in range(6)]
        assert all(f != k for f, k in zip(flipped, kept))  # each image is one or the other
        assert any(flipped) and any(kept)  # seed 5 draws both outcomes in six images


def test_seeded_layers_reproduce_and_unseeded_layers_vary():
    x = torch.from_numpy(images((8, 6, 6, 3)))
    a, b = RandomRotation(0.3, seed=4), RandomRotation(0.3, seed=4)
    first = a(x, training=True)
    assert torch.equal(first, b(x, training=True))
    assert not torch.equal(first, a(x, training=True))  # the generator moved on
    assert not torch.equal(RandomRotation(0.3)(x, training=True), RandomRotation(0.3)(x, training=True))


def test_value_ranges_are_respected():
    x = torch.from_numpy(images((8, 5, 5, 3), high=1.0))
    y = RandomBrightness(0.9, value_range=(0, 1), seed=1)(x, training=True)
    assert y.min() >= 0 and y.max() <= 1 and not torch.equal(y, x)
    y = RandomContrast(0.9, value_range=(0, 1), seed=1)(x, training=True)
    assert y.min() >= 0 and y.max() <= 1 and not torch.equal(y, x)
    # Brightness draws one offset per image: the unclipped pixels all move by it.
    x = torch.full((4, 3, 3, 1), 100.0)
    y = RandomBrightness(0.2, seed=2)(x, training=True)
    assert all(len(torch.unique(y[i])) == 1 for i in range(4))
    assert ((y - x).abs() <= 0.2 * 255 + 1e-3).all()


def test_rotation_by_a_quarter_turn_is_exact_on_a_square_image(keras):
    """factor=(0.25, 0.25) draws exactly 90 degrees: a pure transpose-and-flip of the pixels."""
    x = torch.arange(2 * 5 * 5, dtype=torch.float32).reshape(2, 5, 5, 1)
    y = RandomRotation((0.25, 0.25), interpolation="nearest", seed=1)(x, training=True)
    np.testing.assert_array_equal(y.numpy(), torch.rot90(x, k=1, dims=(1, 2)).numpy())
    theirs = keras.layers.RandomRotation((0.25, 0.25), interpolation="nearest", seed=1)
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(theirs(x.numpy(), training=True)), y.numpy())


def test_geometric_layers_use_the_affine_transform_op():
    """A zoom's output is `ops.image.affine_transform` with the zoom matrix (random_zoom.py)."""
    from lamina.ops.image import affine_transform

    x = torch.from_numpy(images((1, 6, 8, 1)))
    y = RandomZoom((0.5, 0.5), fill_mode="constant", seed=0)(x, training=True)
    zx = zy = 1.5
    matrix = torch.tensor([[zx, 0, (8 - 1) / 2 * (1 - zx), 0, zy, (6 - 1) / 2 * (1 - zy), 0, 0]])
    torch.testing.assert_close(y, affine_transform(x, matrix, fill_mode="constant"), rtol=1e-5, atol=1e-4)


def test_integer_images_come_out_float32():
    x = torch.randint(0, 255, (2, 5, 5, 3), dtype=torch.uint8)
    for layer in (RandomFlip(seed=1), RandomRotation(0.1, seed=1), RandomContrast(0.2, seed=1)):
        assert layer(x, training=True).dtype == torch.float32
        assert layer(x).dtype == torch.float32


@pytest.mark.parametrize("make, message", [
    (lambda: RandomRotation(1.5), "factor"),
    (lambda: RandomRotation(0.1, fill_mode="mirror"), "fill_mode"),
    (lambda: RandomZoom(-1.0), "height_factor"),
    (lambda: RandomTranslation(0.1, 2.0), "width_factor"),
    (lambda: RandomFlip("diagonal"), "mode"),
    (lambda: RandomContrast(-0.5), "factor"),
    (lambda: RandomBrightness(0.2, value_range=(0,)), "value_range"),
    (lambda: RandomCrop(0, 4), "height"),
    (lambda: RandomFlip(seed=1.5), "seed"),
])
def test_bad_arguments_are_named(make, message):
    with pytest.raises((ValueError, TypeError), match=message):
        make()


def test_bad_inputs_name_the_layer():
    with pytest.raises(ValueError, match="RandomFlip layer 'flipper'.*rank 3"):
        RandomFlip(name="flipper")(torch.zeros(2, 3), training=True)
    with pytest.raises(TypeError, match="RandomZoom"):
        RandomZoom(0.1)(torch.zeros(1, 4, 4, 1, dtype=torch.complex64))


def test_augmentation_trains_inside_fit_and_predict_is_clean():
    import lamina as keras

    rng = np.random.default_rng(0)
    x, y = rng.random((16, 8, 8, 1)).astype("float32"), rng.integers(0, 2, 16)
    model = keras.Sequential([
        keras.Input((8, 8, 1)),
        RandomFlip(seed=1),
        RandomRotation(0.1, seed=2),
        RandomZoom(0.1, seed=3),
        keras.layers.Flatten(),
        keras.layers.Dense(2, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    history = model.fit(x, y, epochs=2, batch_size=8, verbose=0)
    assert len(history.history["loss"]) == 2 and np.isfinite(history.history["loss"]).all()
    dense = model.layers[-1]
    flat = x.reshape(16, -1) @ dense.kernel.detach().numpy() + dense.bias.detach().numpy()
    want = np.exp(flat - flat.max(1, keepdims=True))
    want /= want.sum(1, keepdims=True)
    np.testing.assert_allclose(model.predict(x, verbose=0), want, rtol=1e-5, atol=1e-6)  # no augmentation


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a GPU")
def test_augmentation_runs_on_the_inputs_device():
    x = torch.from_numpy(images((4, 6, 6, 3))).cuda()
    for layer in (RandomFlip(seed=1), RandomRotation(0.2, seed=1), RandomZoom(0.2, seed=1),
                  RandomTranslation(0.2, 0.2, seed=1), RandomCrop(4, 4, seed=1), RandomContrast(0.3, seed=1),
                  RandomBrightness(0.3, seed=1)):
        y = layer.to("cuda")(x, training=True)
        assert y.device == x.device
        cpu = type(layer).from_config(layer.get_config())(x.cpu(), training=True)
        torch.testing.assert_close(y.cpu(), cpu, rtol=1e-5, atol=1e-3)


def test_a_preprocessing_model_saves_and_loads(tmp_path):
    import lamina as keras

    x = images((4, 8, 8, 3))
    norm = keras.layers.Normalization()
    norm.adapt(x)
    model = keras.Sequential([
        keras.Input((8, 8, 3)),
        keras.layers.RandomFlip(seed=1),
        keras.layers.RandomCrop(6, 6, seed=2),
        keras.layers.Resizing(5, 5),
        keras.layers.CenterCrop(4, 4),
        norm,
        keras.layers.Rescaling(0.5),
    ])
    assert model.output_shape == (None, 4, 4, 3)
    model.save(tmp_path / "m.keras")
    loaded = keras.models.load_model(tmp_path / "m.keras")
    assert [type(layer).__name__ for layer in loaded.layers] == [type(layer).__name__ for layer in model.layers]
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))
