"""`ops.image.affine_transform` returns Keras's numbers bit for bit, not just within a tolerance.

The sampler is arranged for speed (int32 flat indices, whole-pixel `index_select` gathers,
the reflect fill as one remainder, row and column arithmetic for transforms without cross
terms), but it must keep Keras's arithmetic: the same corners, in the same order, weighted
and summed the same way. These cases cover both paths (scale-and-shift transforms, which
take the row/column path, and rotations/shears), every fill mode and both interpolations.
"""

import numpy as np
import pytest
import torch

import lamina

FILL_MODES = ("constant", "nearest", "wrap", "mirror", "reflect")


def _transforms(rng, batch, separable):
    t = (rng.standard_normal((batch, 8)) * 2).astype("float32")
    t[:, 6:] = 0  # Keras 3.15.1 on torch reads the projective terms differently (cases_image.py)
    if separable:
        t[:, [1, 3]] = 0
    return t


@pytest.mark.parametrize("separable", [True, False], ids=["scale-shift", "general"])
@pytest.mark.parametrize("interpolation", ["nearest", "bilinear"])
@pytest.mark.parametrize("fill_mode", FILL_MODES)
def test_affine_transform_is_bit_exact_with_keras(fill_mode, interpolation, separable, keras):
    rng = np.random.default_rng(7)
    for _ in range(4):
        batch, height, width, channels = rng.integers(2, 9, 4)
        images = (rng.random((batch, height, width, channels)) * 255).astype("float32")
        transform = _transforms(rng, batch, separable)
        want = keras.ops.convert_to_numpy(
            keras.ops.image.affine_transform(images, transform, interpolation, fill_mode, 3.0))
        got = lamina.ops.image.affine_transform(
            torch.from_numpy(images), torch.from_numpy(transform), interpolation, fill_mode, 3.0)
        np.testing.assert_array_equal(got.numpy(), want)


def test_one_transform_for_a_batch_broadcasts_on_both_paths():
    images = torch.arange(2 * 5 * 6 * 3, dtype=torch.float32).reshape(2, 5, 6, 3)
    for transform in ([1, 0, 1.5, 0, 1, -0.5, 0, 0], [0.9, 0.2, 1.0, -0.1, 1.1, 0.0, 0, 0]):
        both = lamina.ops.image.affine_transform(images, torch.tensor(transform), fill_mode="reflect")
        each = [lamina.ops.image.affine_transform(images[i], torch.tensor(transform), fill_mode="reflect")
                for i in range(2)]
        assert both.shape == images.shape
        assert torch.equal(both, torch.stack(each))
