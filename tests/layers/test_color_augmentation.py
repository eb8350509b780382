"""The colour augmentation layers (issue 14): Keras parity draw for draw, and their properties.

A seeded Lamina layer called with `training=True` draws what the seeded Keras layer draws
(the same `lamina.random` stream, order and shapes), so the outputs must agree call after
call. Equalization and CLAHE draw nothing: they are compared directly (CLAHE at inference
too, where Keras also transforms). Properties derived from the documented formulas cover
the rest: identity factors, the opposite hue, grey at zero saturation, posterized bit
patterns, batch-pooled histograms, the inference identity, errors and devices.
"""

import colorsys

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from lamina.layers.preprocessing.image.clahe import ContrastLimitedAdaptiveHistogramEqualization
from lamina.layers.preprocessing.image.color import hsv_to_rgb, rgb_to_hsv
from lamina.layers.preprocessing.image.equalization import Equalization
from lamina.layers.preprocessing.image.random_color_jitter import RandomColorJitter
from lamina.layers.preprocessing.image.random_gaussian_blur import RandomGaussianBlur
from lamina.layers.preprocessing.image.random_hue import RandomHue
from lamina.layers.preprocessing.image.random_posterization import RandomPosterization
from lamina.layers.preprocessing.image.random_saturation import RandomSaturation
from lamina.layers.preprocessing.image.random_sharpness import RandomSharpness

# Keras's Equalization calls `.T` on a 0-d tensor, which torch warns about (once).
pytestmark = pytest.mark.filterwarnings("ignore:Tensor.T is deprecated:UserWarning")

CLAHE = ContrastLimitedAdaptiveHistogramEqualization
LAYERS = {cls.__name__: cls for cls in (RandomHue, RandomSaturation, RandomPosterization, RandomSharpness,
                                         RandomGaussianBlur, RandomColorJitter, Equalization, CLAHE)}
DRAWLESS = ("Equalization", "ContrastLimitedAdaptiveHistogramEqualization")

ROWS = [
    ("RandomHue", dict(factor=0.5)),
    ("RandomHue", dict(factor=(0.2, 1.0), value_range=(0, 1), data_format="channels_first")),
    ("RandomSaturation", dict(factor=0.5)),  # Keras's generic [-1, 1] bounds: factors in [-0.5, 0.5]
    ("RandomSaturation", dict(factor=(0.2, 0.9), value_range=(0, 1), data_format="channels_first")),
    ("RandomPosterization", dict(factor=4)),
    ("RandomPosterization", dict(factor=(2, 7), value_range=(0, 1), data_format="channels_first")),
    ("RandomPosterization", dict(factor=(3, 3))),  # equal ends: Keras draws nothing
    ("RandomSharpness", dict(factor=0.7)),
    ("RandomSharpness", dict(factor=(0.1, 0.9), value_range=(0, 1), data_format="channels_first")),
    ("RandomGaussianBlur", dict()),
    ("RandomGaussianBlur", dict(factor=(0.4, 0.9), kernel_size=5, sigma=(0.3, 2.0), data_format="channels_first")),
    ("RandomColorJitter", dict(brightness_factor=0.3, contrast_factor=0.4, saturation_factor=(0.3, 0.7),
                               hue_factor=0.3)),
    ("RandomColorJitter", dict(value_range=(0, 1), contrast_factor=(0.1, 0.5), hue_factor=0.6)),
    ("Equalization", dict()),
    ("Equalization", dict(value_range=(0, 1), bins=64, data_format="channels_first")),
    ("ContrastLimitedAdaptiveHistogramEqualization", dict(tile_grid_size=(2, 3))),
    ("ContrastLimitedAdaptiveHistogramEqualization", dict(clip_limit=40.0, tile_grid_size=(4, 3))),
    ("ContrastLimitedAdaptiveHistogramEqualization",
     dict(clip_limit=0.0, tile_grid_size=(3, 2), value_range=(0, 1), data_format="channels_first")),
]
IDS = [f"{name}-{kwargs}" for name, kwargs in ROWS]


def images(shape=(3, 9, 7, 3), seed=0, high=255.0):
    return (np.random.default_rng(seed).random(shape) * high).astype("float32")


def sample_for(kwargs, shape=(3, 9, 7, 3)):
    x = images(shape)
    x = x / 255 if tuple(kwargs.get("value_range", (0, 255))) == (0, 1) else x
    if kwargs.get("data_format") == "channels_first":
        x = np.ascontiguousarray(np.moveaxis(x, -1, 1))
    return x


def build(name, kwargs, library):
    seed = {} if name in DRAWLESS else {"seed": 11}
    return (getattr(library.layers, name) if library else LAYERS[name])(**seed, **kwargs)


def keras_call(layer, x, keras, **call):
    return keras.ops.convert_to_numpy(layer(x.copy(), **call))  # Keras may add in place: give it a copy


@pytest.mark.parametrize("name, kwargs", ROWS, ids=IDS)
def test_training_calls_match_keras_draw_for_draw(name, kwargs, keras):
    x = sample_for(kwargs)
    theirs, ours = build(name, kwargs, keras), build(name, kwargs, None)
    for _ in range(2):  # the second call checks that both generators moved on alike
        want = keras_call(theirs, x, keras, training=True)
        got = ours(torch.from_numpy(x), training=True)
        # Bit-exact on CPU in practice; the margin allows for float32 kernels on other devices.
        np.testing.assert_allclose(got.numpy(), want, rtol=1e-5, atol=1e-4)
    single = x[0]  # one unbatched image draws like a batch of one
    want = keras_call(theirs, single, keras, training=True)
    np.testing.assert_allclose(ours(torch.from_numpy(single), training=True).numpy(), want, rtol=1e-5, atol=1e-4)


@pytest.mark.parametrize("name, kwargs", ROWS, ids=IDS)
def test_configs_match_keras_and_round_trip(name, kwargs, keras):
    ours, theirs = build(name, kwargs, None).get_config(), build(name, kwargs, keras).get_config()
    ours.pop("name"), theirs.pop("name")
    assert ours == theirs
    assert LAYERS[name].from_config(ours).get_config() | {"name": None} == ours | {"name": None}


@pytest.mark.parametrize("name, kwargs", ROWS, ids=IDS)
def test_inference_is_the_identity_except_for_clahe(name, kwargs, keras):
    x = torch.from_numpy(sample_for(kwargs))
    layer = build(name, kwargs, None)
    if name == "ContrastLimitedAdaptiveHistogramEqualization":  # Keras transforms at inference too
        want = keras_call(build(name, kwargs, keras), x.numpy(), keras, training=False)
        np.testing.assert_allclose(layer(x).numpy(), want, rtol=1e-5, atol=1e-4)
    else:
        assert torch.equal(layer(x), x) and torch.equal(layer(x, training=False), x)


@pytest.mark.parametrize("name, kwargs", [ROWS[0], ROWS[11], ROWS[13]], ids=[IDS[0], IDS[11], IDS[13]])
def test_dict_inputs_transform_images_and_pass_labels_through(name, kwargs):
    x, labels = torch.from_numpy(sample_for(kwargs)), torch.tensor([0, 1, 2])
    got = build(name, kwargs, None)({"images": x, "labels": labels}, training=True)
    want = build(name, kwargs, None)(x, training=True)
    assert torch.equal(got["images"], want) and torch.equal(got["labels"], labels)


def test_color_jitter_channels_first_equals_channels_last_on_transposed_images(keras):
    """Keras builds the jitter's steps without its `data_format` (so channels_first images
    reach RandomSaturation and RandomHue as channels_last); Lamina passes it on. The
    channels_first result is therefore Keras's channels_last result, transposed."""
    kwargs = dict(brightness_factor=0.2, contrast_factor=0.3, saturation_factor=(0.2, 0.8), hue_factor=0.4, seed=3)
    x = images((2, 6, 5, 3))
    want = keras_call(keras.layers.RandomColorJitter(**kwargs), x, keras, training=True)
    got = RandomColorJitter(data_format="channels_first", **kwargs)(torch.from_numpy(x).permute(0, 3, 1, 2),
                                                                    training=True)
    np.testing.assert_allclose(got.permute(0, 2, 3, 1).numpy(), want, rtol=1e-5, atol=1e-4)


@given(rgb=st.lists(st.floats(0.0, 1.0, width=32), min_size=3, max_size=3))
def test_hsv_conversion_matches_colorsys_and_round_trips(rgb):
    """Python's colorsys is an independent reference for the HSV formulas (hue in [0, 1))."""
    x = torch.tensor(rgb).view(1, 1, 1, 3)
    hsv = rgb_to_hsv(x, -1).view(3)
    want = colorsys.rgb_to_hsv(*[v if abs(v) >= torch.finfo(torch.float32).eps else 0.0 for v in rgb])
    assert abs(hsv[1].item() - want[1]) < 1e-5 and abs(hsv[2].item() - want[2]) < 1e-6
    hue_gap = abs(hsv[0].item() - want[0])
    assert min(hue_gap, 1 - hue_gap) < 1e-5  # hue is circular
    torch.testing.assert_close(hsv_to_rgb(rgb_to_hsv(x, -1), -1), x, rtol=1e-5, atol=1e-5)


def test_hue_by_half_a_turn_gives_the_opposite_colours():
    """factor=(1, 1) shifts the hue by +-0.5 (random_hue.py): red <-> cyan, green <-> magenta."""
    x = torch.tensor([[[[255.0, 0.0, 0.0], [0.0, 255.0, 0.0], [0.0, 0.0, 255.0], [90.0, 90.0, 90.0]]]])
    y = RandomHue((1.0, 1.0), seed=4)(x.repeat(4, 1, 1, 1), training=True)
    want = torch.tensor([[[0.0, 255.0, 255.0], [255.0, 0.0, 255.0], [255.0, 255.0, 0.0], [90.0, 90.0, 90.0]]])
    torch.testing.assert_close(y, want.expand(4, 1, 4, 3), rtol=1e-5, atol=1e-4)


def test_saturation_extremes_give_grey_and_the_identity():
    """f / (1 - f): f = 0 scales saturation to 0, so each pixel becomes (V, V, V) with V
    its largest channel; f = 0.5 scales by 1 - eps."""
    x = torch.from_numpy(images((2, 4, 4, 3)))
    grey = RandomSaturation((0.0, 0.0), seed=1)(x, training=True)
    torch.testing.assert_close(grey, x.amax(dim=-1, keepdim=True).expand_as(x), rtol=1e-6, atol=1e-6)
    same = RandomSaturation((0.5, 0.5), seed=1)(x, training=True)
    torch.testing.assert_close(same, x, rtol=1e-5, atol=1e-4)


@given(bits=st.integers(1, 8), value=st.integers(0, 255))
def test_posterization_keeps_the_top_bits(bits, value):
    x = torch.full((1, 2, 2, 1), float(value))
    y = RandomPosterization((bits, bits))(x, training=True)
    assert torch.equal(y, torch.full_like(x, float(value >> (8 - bits) << (8 - bits))))


def test_sharpness_identity_and_smoothing_reference():
    """s = 0.5 gives the input; s = 0 gives the zero-padded 3x3 smoothing (PIL's SMOOTH:
    weights 1 around a centre of 5, over 13) computed here with numpy."""
    x = images((2, 5, 4, 3))
    same = RandomSharpness((0.5, 0.5))(torch.from_numpy(x), training=True)
    assert torch.equal(same, torch.from_numpy(x))
    smooth = RandomSharpness((0.0, 0.0))(torch.from_numpy(x), training=True).numpy()
    padded = np.pad(x, ((0, 0), (1, 1), (1, 1), (0, 0)))
    window = sum(padded[:, i:i + 5, j:j + 4] for i in range(3) for j in range(3))
    np.testing.assert_allclose(smooth, (window + 4 * x) / 13, rtol=1e-5, atol=1e-4)


def test_gaussian_blur_non_square_kernel_matches_a_numpy_reference():
    """Keras's torch kernel only works for square sizes; Lamina follows its numpy backend:
    index 0 of `kernel_size` and sigma is the width, index 1 the height."""
    x = images((1, 6, 7, 2))
    layer = RandomGaussianBlur((1.0, 1.0), kernel_size=(3, 5), sigma=(0.5, 0.5), seed=2)
    y = layer(torch.from_numpy(x), training=True).numpy()

    def gauss(n, s):
        k = np.exp(-0.5 * ((np.arange(n) - (n - 1) / 2) / (s + 1e-6)) ** 2)
        return k / k.sum()

    kernel = np.outer(gauss(5, 0.5), gauss(3, 0.5))  # (height 5, width 3)
    padded = np.pad(x, ((0, 0), (2, 2), (1, 1), (0, 0)))
    want = sum(kernel[i, j] * padded[:, i:i + 6, j:j + 7] for i in range(5) for j in range(3))
    np.testing.assert_allclose(y, np.clip(want, 0, 255), rtol=1e-5, atol=1e-3)
    assert torch.equal(RandomGaussianBlur(0.0, seed=2)(torch.from_numpy(x), training=True), torch.from_numpy(x))


def test_equalization_pools_the_batch_like_keras():
    """equalization.py counts a channel's histogram over the whole batch: a batch
    equalizes exactly like its images placed side by side in one image."""
    x = torch.from_numpy(images((3, 5, 4, 2)))
    x[1] *= 0.3
    layer = Equalization()
    batch = layer(x, training=True)
    mosaic = layer(torch.cat(list(x), dim=1), training=True)
    assert torch.equal(torch.cat(list(batch), dim=1), mosaic)
    assert not torch.equal(batch[1], layer(x[1], training=True))  # per image would differ
    constant = torch.full((2, 3, 3, 1), 42.0)  # one occupied bin: left as it is
    assert torch.equal(layer(constant, training=True), constant)


def test_equalization_spreads_levels_over_the_range():
    """Three equally common levels map to their cumulative shares: 0, 127.5 -> 128, 255."""
    x = torch.tensor([10.0, 20.0, 30.0]).repeat(4).view(1, 3, 4, 1)
    assert sorted(Equalization()(x, training=True).unique().tolist()) == [0.0, 128.0, 255.0]


def test_clahe_keeps_integer_images_integer_like_keras(keras):
    x = (images((2, 8, 8, 3)) * 0.6 + 40).astype("uint8")
    want = keras_call(keras.layers.ContrastLimitedAdaptiveHistogramEqualization(tile_grid_size=(2, 2)), x, keras)
    got = CLAHE(tile_grid_size=(2, 2))(torch.from_numpy(x))
    assert got.dtype == torch.uint8
    np.testing.assert_array_equal(got.numpy(), want)


def test_clahe_without_clipping_on_one_tile_is_plain_equalization():
    """One tile, no clip: every pixel uses that tile's map, (cdf - cdf_min) / (n - cdf_min)."""
    x = torch.tensor([0.0, 50.0, 50.0, 200.0]).view(1, 2, 2, 1)
    y = CLAHE(clip_limit=0.0, tile_grid_size=(1, 1))(x)
    cdf = torch.tensor([1.0, 3.0, 3.0, 4.0])
    torch.testing.assert_close(y.view(-1), (cdf - 1) * 255 / 3, rtol=1e-6, atol=1e-4)


def test_integer_and_nan_inputs():
    x = torch.randint(0, 255, (2, 6, 6, 3), dtype=torch.uint8)
    for layer in (RandomHue(0.3, seed=1), RandomPosterization(5, seed=1), Equalization(), RandomSharpness(0.4)):
        assert layer(x, training=True).dtype == torch.float32
    y = x.float()
    y[0, 0, 0, 0] = float("nan")
    for layer in (Equalization(), CLAHE(tile_grid_size=(2, 2))):
        out = layer(y, training=True)
        assert out.shape == y.shape and out[0, 0, 0, 0].isnan() and not out[1].isnan().any()


def test_seeded_layers_reproduce_and_unseeded_layers_vary():
    x = torch.from_numpy(images((6, 5, 5, 3)))
    for make in (lambda s: RandomHue(0.8, seed=s), lambda s: RandomColorJitter(contrast_factor=0.5, hue_factor=0.5,
                                                                                seed=s)):
        a, b = make(4), make(4)
        first = a(x, training=True)
        assert torch.equal(first, b(x, training=True))
        assert not torch.equal(first, a(x, training=True))  # the generator moved on
        assert not torch.equal(make(None)(x, training=True), make(None)(x, training=True))


def test_value_ranges_are_respected():
    x = torch.from_numpy(images((6, 6, 6, 3), high=1.0))
    for layer in (RandomHue(1.0, value_range=(0, 1), seed=1), RandomSharpness(1.0, value_range=(0, 1), seed=1),
                  RandomPosterization(3, value_range=(0, 1), seed=1), Equalization(value_range=(0, 1)),
                  RandomGaussianBlur((1.0, 1.0), sigma=(1.0, 1.0), value_range=(0, 1), seed=1), CLAHE(value_range=(0, 1), tile_grid_size=(2, 2))):
        y = layer(x, training=True)
        assert y.min() >= 0 and y.max() <= 1 and not torch.equal(y, x), type(layer).__name__


@pytest.mark.parametrize("make, message", [
    (lambda: RandomHue(1.5), "factor"),
    (lambda: RandomHue(0.2, value_range=(3, 3)), "value_range"),
    (lambda: RandomSaturation(-2), "factor"),
    (lambda: RandomPosterization(0), "factor"),
    (lambda: RandomPosterization(2.5), "factor"),
    (lambda: RandomPosterization((9, 12)), "factor"),
    (lambda: RandomSharpness(None), "factor"),
    (lambda: RandomGaussianBlur(kernel_size=4), "kernel_size"),
    (lambda: RandomGaussianBlur(sigma=(2.0, 3.0)), "sigma"),
    (lambda: RandomColorJitter(hue_factor=2.0), "hue_factor"),
    (lambda: RandomColorJitter(value_range=5), "value_range"),
    (lambda: Equalization(bins=0), "bins"),
    (lambda: CLAHE(tile_grid_size=(0, 2)), "tile_grid_size"),
    (lambda: CLAHE(clip_limit=float("nan")), "clip_limit"),
    (lambda: RandomHue(0.1, seed=1.5), "seed"),
])
def test_bad_arguments_are_named(make, message):
    with pytest.raises((ValueError, TypeError), match=message):
        make()


def test_bad_inputs_name_the_layer():
    with pytest.raises(ValueError, match="RandomHue layer 'hue'.*3 channels"):
        RandomHue(0.5, name="hue")(torch.zeros(1, 4, 4, 4), training=True)
    with pytest.raises(ValueError, match="RandomSaturation.*3 channels"):
        RandomSaturation(0.5, data_format="channels_first")(torch.zeros(1, 4, 4, 3), training=True)
    with pytest.raises(ValueError, match="ContrastLimited.*tile_grid_size"):
        CLAHE()(torch.zeros(1, 4, 16, 3))


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a GPU")
def test_color_layers_run_on_the_inputs_device():
    for name, kwargs in ROWS:
        x = torch.from_numpy(sample_for(kwargs)).cuda()
        layer = build(name, kwargs, None)
        y = layer(x, training=True)
        assert y.device == x.device, name
        cpu = build(name, kwargs, None)(x.cpu(), training=True)
        # Same draws; float32 kernels may round differently. Posterization truncates to
        # integers, so a rounding flip moves a pixel by one level step (a shift of up to 128).
        if name == "RandomPosterization":
            assert (y.cpu() != cpu).float().mean() < 0.01, name
        else:
            torch.testing.assert_close(y.cpu(), cpu, rtol=1e-4, atol=1e-2, msg=name)


def test_a_color_pipeline_model_saves_and_loads(tmp_path):
    """Keras 3.15.1 can't put Equalization in a model at all (its `compute_output_spec`
    returns the input tensor itself, which Keras's graph rejects as a cycle), so this
    round trip is Lamina's own."""
    import lamina as keras

    model = keras.Sequential([
        keras.Input((8, 8, 3)),
        RandomHue(0.3, seed=1),
        RandomColorJitter(brightness_factor=0.2, saturation_factor=(0.3, 0.7), seed=2),
        Equalization(),
        CLAHE(tile_grid_size=(2, 2)),
    ])
    assert model.output_shape == (None, 8, 8, 3)
    model.save(tmp_path / "m.keras")
    loaded = keras.models.load_model(tmp_path / "m.keras", custom_objects=LAYERS)
    assert [type(layer) for layer in loaded.layers] == [type(layer) for layer in model.layers]
    x = images((2, 8, 8, 3))
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))
