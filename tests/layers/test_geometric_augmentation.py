"""RandomPerspective, RandomElasticTransform and MaxNumBoundingBoxes against Keras.

The seeded layers draw their parameters from `lamina.random` in Keras's order, shapes and
ranges (keras/src/layers/preprocessing/image_preprocessing/random_perspective.py and
random_elastic_transform.py `get_random_transformation`), so with `training=True` a
seeded Lamina layer returns what the seeded Keras layer returns, call after call.
Keras's torch `elastic_transform` draws its displacement noise from torch's global
generator (keras/src/backend/torch/image.py), ignoring the seed; Lamina draws it from
the layer's seed, so that parity test hands both layers the same noise.
"""

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from lamina.layers.preprocessing.image.max_num_bounding_boxes import MaxNumBoundingBoxes
from lamina.layers.preprocessing.image.random_elastic_transform import RandomElasticTransform
from lamina.layers.preprocessing.image.random_perspective import RandomPerspective

# Resampling in float32 on 0..255 values: both libraries run the same float32 operations in
# the same order, but allow for one-ulp differences of a 255-scale value.
RTOL, ATOL = 1e-5, 1e-4

PERSPECTIVE = [
    dict(),
    dict(factor=(0.5, 1.0), scale=0.6, fill_value=3.0),
    dict(factor=0.8, scale=0.3, interpolation="nearest"),
    dict(scale=0.9, data_format="channels_first"),
]

ELASTIC = [
    dict(),
    dict(factor=(0.5, 1.0), scale=(0.3, 0.9), fill_mode="constant", fill_value=3.0),
    dict(interpolation="nearest", fill_mode="mirror", data_format="channels_first"),
    dict(scale=0.7, fill_mode="wrap", value_range=(20, 200)),
    dict(fill_mode="nearest"),
]


def images(shape=(4, 9, 7, 3), seed=0, high=255.0):
    return (np.random.default_rng(seed).random(shape) * high).astype("float32")


def laid_out(x, kwargs):
    return np.ascontiguousarray(np.moveaxis(x, -1, 1)) if kwargs.get("data_format") == "channels_first" else x


@pytest.mark.parametrize("kwargs", PERSPECTIVE, ids=str)
def test_perspective_matches_keras_draw_for_draw(kwargs, keras):
    x = laid_out(images(), kwargs)
    theirs, ours = keras.layers.RandomPerspective(seed=11, **kwargs), RandomPerspective(seed=11, **kwargs)
    for _ in range(2):  # the second call checks that both generators moved on alike
        want = keras.ops.convert_to_numpy(theirs(x, training=True))
        got = ours(torch.from_numpy(x), training=True)
        np.testing.assert_allclose(got.numpy(), want, rtol=RTOL, atol=ATOL)
    want = keras.ops.convert_to_numpy(theirs(x[0], training=True))  # one image: a batch of one
    np.testing.assert_allclose(ours(torch.from_numpy(x[0]), training=True).numpy(), want, rtol=RTOL, atol=ATOL)


def keras_noise(seed, shape):
    """What Keras's torch `elastic_transform` draws after `torch.manual_seed(seed)`: dx, then dy."""
    torch.manual_seed(seed)
    return torch.stack([torch.normal(0.0, 1.0, size=shape) for _ in range(2)])


@pytest.mark.parametrize("kwargs", ELASTIC, ids=str)
def test_elastic_matches_keras_given_keras_noise(kwargs, keras):
    x = laid_out(images(), kwargs)
    theirs, ours = keras.layers.RandomElasticTransform(seed=11, **kwargs), RandomElasticTransform(seed=11, **kwargs)
    applied = []
    for call in range(2):  # the parameter draws (probability, strength) move on alike
        torch.manual_seed(call)
        want = keras.ops.convert_to_numpy(theirs(x, training=True))
        apply, strength, noise = ours._draw(torch.from_numpy(x))
        assert noise.shape == (2, 4, 9, 7)
        got = ours._augment(torch.from_numpy(x), (apply, strength, keras_noise(call, (4, 9, 7))))
        np.testing.assert_allclose(got.numpy(), want, rtol=RTOL, atol=ATOL)
        applied.append(apply)
        changed = (got.numpy() != np.clip(x, *kwargs.get("value_range", (0, 255)))).any(axis=(1, 2, 3))
        assert not changed[~apply.numpy()].any()  # images not drawn stay as they were (clipped)
    assert torch.cat(applied).any()  # seed 11 distorts images in every configuration


def test_elastic_is_reproducible_per_seed_and_clipped_to_the_value_range():
    x = torch.from_numpy(images((3, 8, 8, 2)))
    a, b = RandomElasticTransform(factor=(1, 1), seed=4), RandomElasticTransform(factor=(1, 1), seed=4)
    first = a(x, training=True)
    assert torch.equal(first, b(x, training=True))
    assert not torch.equal(first, a(x, training=True))  # both streams moved on
    assert not torch.equal(RandomElasticTransform(seed=5, factor=(1, 1))(x, training=True), first)
    low, high = 30.0, 200.0
    y = RandomElasticTransform(factor=(1, 1), value_range=(low, high), seed=1)(x, training=True)
    assert y.min() >= low and y.max() <= high
    # Keras's shortcut: no probability or no strength draws nothing and leaves the values alone.
    for kwargs in (dict(factor=0.0), dict(scale=0.0)):
        layer = RandomElasticTransform(value_range=(low, high), seed=1, **kwargs)
        assert torch.equal(layer(x, training=True), x)
        assert layer.generator.state.tolist() == [1, 0]


@given(seed=st.integers(0, 2**16), scale=st.floats(0.0, 1.0), cf=st.booleans())
def test_zero_factor_never_warps(seed, scale, cf):
    x = torch.from_numpy(images((2, 5, 6, 3)))
    x = x.permute(0, 3, 1, 2) if cf else x
    data_format = "channels_first" if cf else "channels_last"
    for layer in (RandomPerspective(factor=0.0, scale=scale, seed=seed, data_format=data_format),
                  RandomElasticTransform(factor=(0.0, 0.0), scale=scale, seed=seed, data_format=data_format)):
        assert torch.equal(layer(x, training=True), x)


@pytest.mark.parametrize("name, kwargs", [("RandomPerspective", k) for k in PERSPECTIVE]
                         + [("RandomElasticTransform", k) for k in ELASTIC], ids=str)
def test_configs_match_keras_and_round_trip(name, kwargs, keras):
    cls = {"RandomPerspective": RandomPerspective, "RandomElasticTransform": RandomElasticTransform}[name]
    ours = cls(seed=3, **kwargs).get_config()
    theirs = getattr(keras.layers, name)(seed=3, **kwargs).get_config()
    ours.pop("name"), theirs.pop("name")
    assert ours == theirs
    assert cls.from_config(ours).get_config() | {"name": None} == ours | {"name": None}
    x = torch.from_numpy(laid_out(images(), kwargs))
    assert torch.equal(cls(**kwargs)(x), x)  # a plain call is inference: the identity


def boxes_input(num_boxes, batch=2, seed=0):
    rng = np.random.default_rng(seed)
    boxes = rng.random((batch, num_boxes, 4)).astype("float32") * 10
    labels = rng.integers(0, 5, (batch, num_boxes))
    return images((batch, 4, 4, 3)), boxes, labels


@pytest.mark.parametrize("num_boxes, max_number, fill_value", [(5, 3, -1), (2, 4, -1), (3, 3, 0), (1, 3, 7)])
def test_max_num_bounding_boxes_pads_and_truncates_like_keras(num_boxes, max_number, fill_value, keras):
    x, boxes, labels = boxes_input(num_boxes)
    kwargs = dict(max_number=max_number, fill_value=fill_value, bounding_box_format="xyxy")
    theirs, ours = keras.layers.MaxNumBoundingBoxes(**kwargs), MaxNumBoundingBoxes(**kwargs)
    want = theirs({"images": x, "labels": labels[:, 0], "bounding_boxes": {"boxes": boxes, "labels": labels}})
    for training in (False, True):  # not random: the same in training and at inference
        got = ours({"images": torch.from_numpy(x), "labels": torch.from_numpy(labels[:, 0]),
                    "bounding_boxes": {"boxes": torch.from_numpy(boxes), "labels": torch.from_numpy(labels)}},
                   training=training)
        for key in ("boxes", "labels"):
            expected = keras.ops.convert_to_numpy(want["bounding_boxes"][key])
            np.testing.assert_array_equal(got["bounding_boxes"][key].numpy(), expected)
            assert got["bounding_boxes"][key].dtype == want["bounding_boxes"][key].dtype
        assert torch.equal(got["images"], torch.from_numpy(x)) and torch.equal(got["labels"],
                                                                               torch.from_numpy(labels[:, 0]))
    # one image with its boxes
    single = theirs({"images": x[0], "bounding_boxes": {"boxes": boxes[0], "labels": labels[0]}})
    got = ours({"images": torch.from_numpy(x[0]),
                "bounding_boxes": {"boxes": torch.from_numpy(boxes[0]), "labels": torch.from_numpy(labels[0])}})
    for key in ("boxes", "labels"):
        np.testing.assert_array_equal(got["bounding_boxes"][key].numpy(),
                                      keras.ops.convert_to_numpy(single["bounding_boxes"][key]))
    shapes = {"images": (2, 4, 4, 3), "bounding_boxes": {"boxes": (2, num_boxes, 4), "labels": (2, num_boxes)}}
    theirs_shape = theirs.compute_output_shape({"images": (2, 4, 4, 3), "bounding_boxes": dict(shapes["bounding_boxes"])})
    assert ours.compute_output_shape(shapes) == {
        "images": (2, 4, 4, 3), "bounding_boxes": {k: tuple(v) for k, v in theirs_shape["bounding_boxes"].items()}}


def test_max_num_bounding_boxes_config_and_passthrough(keras):
    kwargs = dict(max_number=4, fill_value=-2, bounding_box_format="xyxy", data_format="channels_first")
    ours = MaxNumBoundingBoxes(**kwargs).get_config()
    theirs = keras.layers.MaxNumBoundingBoxes(**kwargs).get_config()
    ours.pop("name"), theirs.pop("name")
    assert ours == theirs | {"fill_value": -2}  # Keras drops `fill_value`; kept when not the default
    assert MaxNumBoundingBoxes.from_config(ours).get_config() | {"name": None} == ours | {"name": None}
    no_format = MaxNumBoundingBoxes(3).get_config()
    assert "bounding_box_format" not in no_format
    assert no_format.keys() == keras.layers.MaxNumBoundingBoxes(3).get_config().keys()
    x = torch.from_numpy(images((2, 4, 4, 3)))
    assert MaxNumBoundingBoxes(3)(x) is not None and torch.equal(MaxNumBoundingBoxes(3)(x), x)


@pytest.mark.parametrize("make, message", [
    (lambda: RandomPerspective(factor=1.5), "factor"),
    (lambda: RandomPerspective(scale=1.5), "scale"),
    (lambda: RandomPerspective(interpolation="bicubic"), "interpolation"),
    (lambda: RandomPerspective(fill_value="x"), "fill_value"),
    (lambda: RandomPerspective(seed=1.5), "seed"),
    (lambda: RandomElasticTransform(scale=(0.1, 0.2, 0.3)), "scale"),
    (lambda: RandomElasticTransform(factor=-0.5), "factor"),
    (lambda: RandomElasticTransform(fill_mode="edge"), "fill_mode"),
    (lambda: RandomElasticTransform(value_range=(0,)), "value_range"),
    (lambda: MaxNumBoundingBoxes(0), "max_number"),
    (lambda: MaxNumBoundingBoxes(3, fill_value="pad"), "fill_value"),
    (lambda: MaxNumBoundingBoxes(3, bounding_box_format=4), "bounding_box_format"),
])
def test_bad_arguments_are_named(make, message):
    with pytest.raises((ValueError, TypeError), match=message):
        make()


def test_bad_inputs_name_the_layer():
    with pytest.raises(ValueError, match="RandomPerspective layer 'warp'.*rank 3"):
        RandomPerspective(name="warp")(torch.zeros(2, 3), training=True)
    boxes = {"boxes": torch.zeros(2, 3, 4), "labels": torch.zeros(2, 3)}
    with pytest.raises(ValueError, match="MaxNumBoundingBoxes.*bounding_box_format"):
        MaxNumBoundingBoxes(2)({"images": torch.zeros(2, 4, 4, 3), "bounding_boxes": boxes})
    layer = MaxNumBoundingBoxes(2, bounding_box_format="xyxy")
    with pytest.raises(ValueError, match=r"boxes.shape=\(2, 3, 5\)"):
        layer({"images": torch.zeros(2, 4, 4, 3), "bounding_boxes": {"boxes": torch.zeros(2, 3, 5),
                                                                      "labels": torch.zeros(2, 3)}})
    with pytest.raises(ValueError, match="'boxes' and 'labels'"):
        layer({"images": torch.zeros(2, 4, 4, 3), "bounding_boxes": {"boxes": torch.zeros(2, 3, 4)}})
    with pytest.raises(ValueError, match="unsupported keys.*scores"):
        layer.compute_output_shape({"bounding_boxes": {"boxes": (2, 3, 4), "labels": (2, 3), "scores": (2, 3)}})


def test_integer_images_come_out_float32_and_empty_batches_pass():
    x = torch.randint(0, 255, (2, 6, 5, 3), dtype=torch.uint8)
    for layer in (RandomPerspective(seed=1), RandomElasticTransform(seed=1)):
        assert layer(x, training=True).dtype == torch.float32
        empty = torch.zeros(0, 6, 5, 3)
        assert layer(empty, training=True).shape == (0, 6, 5, 3)
