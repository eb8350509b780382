"""RandAugment and AugMix against Keras, draw for draw.

Both layers hand their own seed generator to their operations (keras/src/layers/
preprocessing/image_preprocessing/rand_augment.py and aug_mix.py
`get_random_transformation`), so a seeded Lamina layer makes Keras's draws in Keras's
order. AugMix picks its chain steps with Python's `random.choice` on the global module;
a seeded Lamina AugMix uses `random.Random(seed)`, so the tests seed Python's global
`random` with the same seed before calling Keras.

Keras's RandAugment on torch evaluates all eleven operations for each of the `num_ops`
steps and keeps the picked one, and two of them write into their arguments in place:
RandomBrightness adds its delta into the images (random_brightness.py `images +=
rgb_delta`), and torch's `affine_transform` swaps entries of RandomRotation's stored
matrix (keras/src/backend/torch/image.py). So on torch every step adds the brightness
delta, picked or not, and a rotation picked at an odd step is transposed; on the other
backends neither happens. Lamina implements the intended policy, and the RandAugment
test compares it with Keras after making Keras's operations work on copies.
"""

import random

import numpy as np
import pytest
import torch

from lamina.layers.preprocessing.image.aug_mix import AugMix
from lamina.layers.preprocessing.image.rand_augment import OPERATIONS, RandAugment
from lamina.layers.preprocessing.image.random_elastic_transform import RandomElasticTransform
from lamina.layers.preprocessing.image.random_perspective import RandomPerspective

# Keras's Equalization on torch calls `Tensor.T` on a 0-D tensor (backend/torch/numpy.py
# `count_nonzero`), which torch warns about.
pytestmark = pytest.mark.filterwarnings("ignore:Tensor.T is deprecated:UserWarning")

# Resampling and blending in float32 on 0..255 values; both libraries run the same float32
# operations in the same order, so this only allows for one-ulp differences.
RTOL, ATOL = 1e-5, 1e-4

RAND_AUGMENT = [
    dict(),
    dict(num_ops=3, factor=0.8),
    dict(num_ops=4, factor=(0.2, 0.9), interpolation="nearest", data_format="channels_first"),
    dict(value_range=(0, 1), num_ops=5),
]

AUG_MIX = [
    dict(),
    dict(num_chains=2, chain_depth=4, factor=0.8, alpha=0.5),
    dict(all_ops=False, interpolation="nearest", data_format="channels_first"),
    dict(value_range=(0, 1), factor=(0.2, 0.6)),
]


def images(kwargs, shape=(4, 9, 7, 3), seed=0):
    x = (np.random.default_rng(seed).random(shape) * 255).astype("float32")
    if tuple(kwargs.get("value_range", (0, 255))) == (0, 1):
        x = x / 255
    if kwargs.get("data_format") == "channels_first":
        x = np.ascontiguousarray(np.moveaxis(x, -1, 1))
    return x


def on_copies(tree):
    if isinstance(tree, dict):
        return {key: on_copies(value) for key, value in tree.items()}
    return tree.clone() if isinstance(tree, torch.Tensor) else tree


def without_in_place_writes(keras_layer):
    """Keras's RandAugment whose operations get copies of the images and parameters."""
    for name in OPERATIONS:
        op = getattr(keras_layer, name)
        call = op.transform_images
        object.__setattr__(op, "transform_images", lambda images, transformation=None, training=True, _call=call:
                           _call(images.clone(), on_copies(transformation), training))
    return keras_layer


@pytest.mark.parametrize("seed", [0, 5])
@pytest.mark.parametrize("kwargs", RAND_AUGMENT, ids=str)
def test_rand_augment_matches_keras_draw_for_draw(kwargs, seed, keras):
    x = images(kwargs)
    theirs = without_in_place_writes(keras.layers.RandAugment(seed=seed, **kwargs))
    ours = RandAugment(seed=seed, **kwargs)
    for _ in range(2):  # the second call checks that both generators moved on alike
        want = keras.ops.convert_to_numpy(theirs(x.copy(), training=True))
        got = ours(torch.from_numpy(x), training=True)
        np.testing.assert_allclose(got.numpy(), want, rtol=RTOL, atol=ATOL)
    want = keras.ops.convert_to_numpy(theirs(x[0].copy(), training=True))  # one image: a batch of one
    np.testing.assert_allclose(ours(torch.from_numpy(x[0]), training=True).numpy(), want, rtol=RTOL, atol=ATOL)


def test_rand_augment_applies_exactly_the_picked_operations():
    """The output is the picked operations, in order, with the parameters drawn for them."""
    x = torch.from_numpy(images({}, (3, 8, 8, 3)))
    layer, twin = RandAugment(num_ops=3, seed=7), RandAugment(num_ops=3, seed=7)
    picks, drawn = twin._draw(x)
    want = x
    for pick in picks:
        want = getattr(twin, OPERATIONS[pick])._augment(want, drawn[pick])
    assert torch.equal(layer(x, training=True), want)
    assert len(picks) == 3 and all(0 <= p < len(OPERATIONS) for p in picks)


@pytest.mark.parametrize("seed", [0, 5])
@pytest.mark.parametrize("kwargs", AUG_MIX, ids=str)
def test_aug_mix_matches_keras_draw_for_draw(kwargs, seed, keras):
    x = images(kwargs)
    theirs, ours = keras.layers.AugMix(seed=seed, **kwargs), AugMix(seed=seed, **kwargs)
    random.seed(seed)  # Keras picks the steps with the global `random`; ours with Random(seed)
    for _ in range(2):
        want = keras.ops.convert_to_numpy(theirs(x.copy(), training=True))
        got = ours(torch.from_numpy(x), training=True)
        np.testing.assert_allclose(got.numpy(), want, rtol=RTOL, atol=ATOL)
    want = keras.ops.convert_to_numpy(theirs(x[0].copy(), training=True))
    np.testing.assert_allclose(ours(torch.from_numpy(x[0]), training=True).numpy(), want, rtol=RTOL, atol=ATOL)


def test_aug_mix_weights_are_distributions_and_outputs_stay_in_range():
    x = torch.from_numpy(images({}, (3, 6, 6, 3)))
    layer = AugMix(num_chains=4, seed=2, value_range=(10, 200))
    weights, blend, chains = layer._draw(x)
    torch.testing.assert_close(weights.sum(), torch.tensor(1.0))
    assert (weights >= 0).all() and 0 <= blend <= 1 and len(chains) == 4
    assert all(len(steps) <= layer.chain_depth for steps in chains)
    y = layer(x, training=True)
    assert y.min() >= 10 and y.max() <= 200
    # chain_depth=0: every chain is the image itself, so the blend is the image again.
    plain = AugMix(chain_depth=0, seed=2)
    torch.testing.assert_close(plain(x, training=True), x, rtol=1e-5, atol=1e-4)


def test_seeded_layers_reproduce_and_unseeded_layers_vary():
    x = torch.from_numpy(images({}, (4, 8, 8, 3)))
    for cls in (RandAugment, AugMix):
        a, b = cls(seed=4), cls(seed=4)
        first = a(x, training=True)
        assert torch.equal(first, b(x, training=True))
        outputs = [a(x, training=True) for _ in range(3)]
        assert any(not torch.equal(first, y) for y in outputs)  # the streams moved on
        assert torch.equal(cls(seed=4)(x), x)  # a plain call is inference: the identity


@pytest.mark.parametrize("name, kwargs", [("RandAugment", k) for k in RAND_AUGMENT]
                         + [("AugMix", k) for k in AUG_MIX], ids=str)
def test_configs_match_keras_and_round_trip(name, kwargs, keras):
    cls = {"RandAugment": RandAugment, "AugMix": AugMix}[name]
    ours = cls(seed=3, **kwargs).get_config()
    theirs = getattr(keras.layers, name)(seed=3, **kwargs).get_config()
    ours.pop("name"), theirs.pop("name")
    assert ours == theirs
    assert cls.from_config(ours).get_config() | {"name": None} == ours | {"name": None}


def test_operations_share_the_layer_generator_and_settings(keras):
    layer = AugMix(factor=0.5, value_range=(0, 1), interpolation="nearest", data_format="channels_first",
                   all_ops=False, seed=9)
    for name in ("random_shear", "random_rotation", "solarization", "equalization"):
        op = getattr(layer, name)
        assert op.generator is layer.generator and op.data_format == "channels_first"
    assert layer.random_rotation.factor == (0, 0.5) and layer.random_rotation.interpolation == "nearest"
    # Keras builds its posterization with `max(1, int(8 * factor[1]))` bits
    assert layer.random_posterization.factor == keras.layers.AugMix(factor=0.5).random_posterization.factor
    assert not hasattr(layer, "random_brightness")  # all_ops=False leaves out the color operations


def test_integer_images_come_out_float32_and_work_on_the_input_device():
    x = torch.randint(0, 255, (2, 6, 5, 3), dtype=torch.uint8)
    for layer in (RandAugment(seed=1), AugMix(seed=1)):
        assert layer(x, training=True).dtype == torch.float32
        assert layer(x).dtype == torch.float32


@pytest.mark.parametrize("make, message", [
    (lambda: RandAugment(num_ops=-1), "num_ops"),
    (lambda: RandAugment(num_ops=1.5), "num_ops"),
    (lambda: RandAugment(factor=1.5), "factor"),
    (lambda: RandAugment(value_range=(0,)), "value_range"),
    (lambda: RandAugment(interpolation="bicubic"), "interpolation"),
    (lambda: AugMix(num_chains=0), "num_chains"),
    (lambda: AugMix(chain_depth=-1), "chain_depth"),
    (lambda: AugMix(alpha=0.0), "alpha"),
    (lambda: AugMix(all_ops="yes"), "all_ops"),
    (lambda: AugMix(seed="a"), "seed"),
])
def test_bad_arguments_are_named(make, message):
    with pytest.raises((ValueError, TypeError), match=message):
        make()


def test_bad_inputs_name_the_layer():
    with pytest.raises(ValueError, match="RandAugment layer 'ra'.*rank 3"):
        RandAugment(name="ra")(torch.zeros(2, 3), training=True)
    with pytest.raises(TypeError, match="AugMix"):
        AugMix()(torch.zeros(1, 4, 4, 1, dtype=torch.complex64))


def test_augmentation_trains_inside_fit_and_predict_is_clean():
    import lamina as keras

    rng = np.random.default_rng(0)
    x, y = (rng.random((8, 8, 8, 3)) * 255).astype("float32"), rng.integers(0, 2, 8)
    model = keras.Sequential([
        keras.Input((8, 8, 3)),
        RandomPerspective(scale=0.3, seed=1),
        RandomElasticTransform(seed=2),
        RandAugment(seed=3),
        AugMix(seed=4),
        keras.layers.Rescaling(1 / 255),
        keras.layers.Flatten(),
        keras.layers.Dense(2, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    history = model.fit(x, y, epochs=2, batch_size=4, verbose=0)
    assert len(history.history["loss"]) == 2 and np.isfinite(history.history["loss"]).all()
    dense = model.layers[-1]
    flat = x.reshape(8, -1) / 255 @ dense.kernel.detach().numpy() + dense.bias.detach().numpy()
    want = np.exp(flat - flat.max(1, keepdims=True))
    want /= want.sum(1, keepdims=True)
    np.testing.assert_allclose(model.predict(x, verbose=0), want, rtol=1e-5, atol=1e-6)  # no augmentation


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a GPU")
def test_layers_run_on_the_inputs_device():
    x = torch.from_numpy(images({}, (4, 8, 8, 3))).cuda()
    for make in (lambda: RandomPerspective(seed=1), lambda: RandAugment(num_ops=4, seed=1),
                 lambda: AugMix(seed=1), lambda: RandomElasticTransform(factor=(1, 1), seed=1)):
        y = make().to("cuda")(x, training=True)
        assert y.device == x.device and y.shape == x.shape and torch.isfinite(y).all()
        assert torch.equal(make()(x, training=True), y)  # seeded: the same draws on the device
