"""load_img / img_to_array / array_to_img / save_img: parity with keras.utils (Pillow-based)."""

import io

import numpy as np
import pytest
from PIL import Image

from lamina.utils import image_utils

RNG = np.random.default_rng(0)


@pytest.fixture
def png(tmp_path):
    path = tmp_path / "img.png"
    Image.fromarray(RNG.integers(0, 256, (10, 14, 3), dtype=np.uint8)).save(path)
    return path


@pytest.mark.parametrize("kwargs", [
    {}, {"color_mode": "grayscale"}, {"color_mode": "rgba"}, {"target_size": (6, 5)},
    {"target_size": (6, 5), "interpolation": "bilinear", "keep_aspect_ratio": True},
    {"target_size": (12, 4), "interpolation": "bicubic", "keep_aspect_ratio": True},
])
def test_load_img_parity(keras, png, kwargs):
    ours = image_utils.load_img(png, **kwargs)
    theirs = keras.utils.load_img(png, **kwargs)
    assert ours.mode == theirs.mode and ours.size == theirs.size
    np.testing.assert_array_equal(np.asarray(ours), np.asarray(theirs))
    from_bytes = image_utils.load_img(io.BytesIO(png.read_bytes()), **kwargs)
    np.testing.assert_array_equal(np.asarray(from_bytes), np.asarray(ours))


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize("channels", [1, 3, 4])
def test_array_round_trip_parity(keras, data_format, channels):
    x = RNG.uniform(-3, 5, (channels, 4, 6) if data_format == "channels_first" else (4, 6, channels))
    for scale in (True, False):
        data = x if scale else np.clip(x * 40 + 100, 0, 255)
        ours = image_utils.array_to_img(data, data_format=data_format, scale=scale)
        theirs = keras.utils.array_to_img(data, data_format=data_format, scale=scale)
        assert ours.mode == theirs.mode
        np.testing.assert_array_equal(np.asarray(ours), np.asarray(theirs))
        back = image_utils.img_to_array(ours, data_format=data_format)
        expected = keras.utils.img_to_array(theirs, data_format=data_format)
        assert back.dtype == expected.dtype
        np.testing.assert_array_equal(back, expected)


def test_save_img_parity(keras, tmp_path):
    x = RNG.uniform(0, 255, (5, 7, 3))
    for suffix in ("png", "jpg"):
        image_utils.save_img(tmp_path / f"ours.{suffix}", x)
        keras.utils.save_img(tmp_path / f"keras.{suffix}", x)
        assert (tmp_path / f"ours.{suffix}").read_bytes() == (tmp_path / f"keras.{suffix}").read_bytes()
    with pytest.warns(UserWarning, match="RGBA"):
        image_utils.save_img(tmp_path / "rgba.jpg", RNG.uniform(0, 255, (5, 7, 4)))


def test_errors(png):
    with pytest.raises(ValueError, match="rank-3"):
        image_utils.array_to_img(np.zeros((2, 2)))
    with pytest.raises(ValueError, match="channels"):
        image_utils.array_to_img(np.zeros((2, 2, 2)))
    with pytest.raises(ValueError, match="rank 2 or 3"):
        image_utils.img_to_array(np.zeros((1, 2, 2, 3)))
    with pytest.raises(ValueError, match="color_mode"):
        image_utils.load_img(png, color_mode="cmyk")
    with pytest.raises(ValueError, match="interpolation"):
        image_utils.load_img(png, target_size=(3, 3), interpolation="fancy")
    with pytest.raises(TypeError, match="path"):
        image_utils.load_img(123)
