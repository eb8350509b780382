"""Rows for the preprocessing layers, joined into `cases.CASES`.

Keras calls its image preprocessing layers with `training=True` by default (the
`training=True` default of `BaseImagePreprocessingLayer.call`), while a plain Lamina call
is inference; the parity test calls both plainly, so the augmentation rows use settings
where Keras's training output equals the input: a zero factor (rotation, zoom,
translation, contrast, brightness), a crop the size of the input, a flip of 1x1 images.
tests/layers/test_augmentation.py compares the random paths with Keras draw for draw.
Rescaling, Resizing, CenterCrop and Normalization hold no randomness; Normalization
keeps `mean`, `variance` and an int32 `count` as non-trainable weights when it is to be
adapted, and none when the statistics are given (keras/src/layers/preprocessing/
normalization.py `build`).
"""

from cases import LayerCase

from lamina.layers.preprocessing.category_encoding import CategoryEncoding
from lamina.layers.preprocessing.discretization import Discretization
from lamina.layers.preprocessing.image.auto_contrast import AutoContrast
from lamina.layers.preprocessing.image.center_crop import CenterCrop
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
from lamina.layers.preprocessing.image.resizing import Resizing
from lamina.layers.preprocessing.image.solarization import Solarization
from lamina.layers.preprocessing.normalization import Normalization
from lamina.layers.preprocessing.rescaling import Rescaling

WIDE = (-100, 100)  # a value range the sampled inputs never reach, so clipping is a no-op
# Solarization inverts pixels above a threshold of at least `threshold_factor[0]` (in the
# [0, 255] scale): over this range the sampled inputs scale to below 0.03, never inverted.
FLAT = (-5, 100_000)

CASES = [
    LayerCase(Rescaling, dict(scale=0.5, offset=1.0), (2, 3, 4), (2, 3, 4)),
    LayerCase(Rescaling, dict(scale=[1.0, 2.0, 3.0], offset=-0.5), (2, 4, 3), (2, 4, 3)),
    LayerCase(Normalization, dict(), (4, 3), (4, 3), 7, 0, 3),
    LayerCase(Normalization, dict(axis=None), (2, 3, 4), (2, 3, 4), 3, 0, 3),
    LayerCase(Normalization, dict(axis=(1, 2)), (2, 3, 4), (2, 3, 4), 25, 0, 3),
    LayerCase(Normalization, dict(mean=[1.0, 2.0, 3.0], variance=[4.0, 1.0, 2.0]), (2, 5, 3), (2, 5, 3)),
    LayerCase(Normalization, dict(mean=2.0, variance=4.0, invert=True), (2, 3), (2, 3)),
    LayerCase(Resizing, dict(height=4, width=5), (2, 8, 8, 3), (2, 4, 5, 3)),
    LayerCase(Resizing, dict(height=4, width=5, crop_to_aspect_ratio=True), (2, 8, 6, 3), (2, 4, 5, 3)),
    LayerCase(Resizing, dict(height=6, width=4, pad_to_aspect_ratio=True, fill_value=1.0), (2, 5, 7, 3),
              (2, 6, 4, 3)),
    LayerCase(Resizing, dict(height=6, width=7, interpolation="nearest", data_format="channels_first"),
              (2, 3, 4, 5), (2, 3, 6, 7), exact=True),
    LayerCase(CenterCrop, dict(height=4, width=5), (2, 8, 8, 3), (2, 4, 5, 3), exact=True),
    LayerCase(CenterCrop, dict(height=3, width=2, data_format="channels_first"), (2, 3, 6, 5), (2, 3, 3, 2),
              exact=True),
    LayerCase(CenterCrop, dict(height=10, width=5), (2, 8, 8, 3), (2, 10, 5, 3)),
    LayerCase(RandomFlip, dict(seed=1), (2, 1, 1, 3), (2, 1, 1, 3), exact=True),
    LayerCase(RandomFlip, dict(mode="vertical", seed=2, data_format="channels_first"), (2, 3, 1, 4),
              (2, 3, 1, 4), exact=True),
    LayerCase(RandomRotation, dict(factor=0.0, seed=1), (2, 5, 6, 3), (2, 5, 6, 3)),
    LayerCase(RandomZoom, dict(height_factor=0.0, seed=1), (2, 5, 6, 3), (2, 5, 6, 3)),
    LayerCase(RandomTranslation, dict(height_factor=0.0, width_factor=0.0, fill_mode="constant", seed=1),
              (2, 5, 6, 3), (2, 5, 6, 3)),
    LayerCase(RandomCrop, dict(height=5, width=6, seed=1), (2, 5, 6, 3), (2, 5, 6, 3), exact=True),
    LayerCase(RandomContrast, dict(factor=0.0, value_range=WIDE, seed=1), (2, 4, 4, 3), (2, 4, 4, 3)),
    LayerCase(RandomBrightness, dict(factor=0.0, value_range=WIDE, seed=1), (2, 4, 4, 3), (2, 4, 4, 3),
              exact=True),
    LayerCase(RandomGrayscale, dict(factor=0.0, seed=1), (2, 4, 4, 3), (2, 4, 4, 3), exact=True),
    LayerCase(RandomErasing, dict(factor=0.0, value_range=WIDE, seed=1), (2, 4, 4, 3), (2, 4, 4, 3), exact=True),
    LayerCase(RandomShear, dict(x_factor=0.0, y_factor=0.0, seed=1), (2, 5, 6, 3), (2, 5, 6, 3)),
    # Keras's training output goes to the [0, 255] scale and back: float32 rounding.
    LayerCase(Solarization, dict(threshold_factor=(1.0, 1.0), value_range=FLAT, seed=1), (2, 4, 4, 3),
              (2, 4, 4, 3), rtol=1e-5, atol=1e-4),
    # One image mixes with itself: `w x + (1 - w) x`, equal to x up to rounding; CutMix exactly.
    LayerCase(MixUp, dict(alpha=0.2, seed=1), (1, 4, 4, 3), (1, 4, 4, 3), rtol=1e-5, atol=1e-5),
    LayerCase(CutMix, dict(seed=1), (1, 4, 4, 3), (1, 4, 4, 3), exact=True),
    LayerCase(RandomInvert, dict(factor=0.0, seed=1), (2, 4, 4, 3), (2, 4, 4, 3), exact=True),
    LayerCase(RandomColorDegeneration, dict(factor=0.0, value_range=WIDE, seed=1), (2, 4, 4, 3), (2, 4, 4, 3),
              exact=True),
    # AutoContrast draws nothing and works at inference too.
    LayerCase(AutoContrast, dict(value_range=(-3, 3)), (2, 4, 5, 3), (2, 4, 5, 3)),
]

# Rows for CategoryEncoding and Discretization, which `lamina.layers` does not export yet:
# their outputs are ids or encodings with no gradient, and `test_backward_reaches_
# trainable_weights_only` calls `.backward()` unconditionally; once it skips outputs that
# do not require grad (as `test_frozen_layer_moves_every_weight_to_non_trainable` already
# does), these rows join CASES and the two classes can be exported.
PENDING_CASES = [
    LayerCase(CategoryEncoding, dict(num_tokens=6), (3, 4), (3, 6), input_dtype="int64", input_high=6,
              exact=True),
    LayerCase(CategoryEncoding, dict(num_tokens=6, output_mode="one_hot"), (3, 4), (3, 4, 6),
              input_dtype="int64", input_high=6, exact=True),
    LayerCase(CategoryEncoding, dict(num_tokens=6, output_mode="count"), (3, 4), (3, 6), input_dtype="int64",
              input_high=6, exact=True),
    LayerCase(Discretization, dict(bin_boundaries=[-1.0, 0.0, 0.5], output_mode="one_hot"), (2, 5), (2, 5, 4),
              exact=True),
    LayerCase(Discretization, dict(bin_boundaries=[0.0], output_mode="count"), (2, 5), (2, 2), exact=True),
]

CASES += PENDING_CASES
