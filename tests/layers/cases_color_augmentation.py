"""Rows for the colour augmentation layers (issue 14), joined into `cases.CASES`.

The generic parity test calls both libraries plainly: Keras then trains (its image
layers default to `training=True`) while Lamina infers (the identity). So the random
layers' rows use settings where Keras's training output equals the input: a zero
factor (hue, blur), the identity factor (sharpness `(0.5, 0.5)`, posterization 8 bits on
integer pixels), a value range the samples never reach so no clip bites, or no step at
all (RandomColorJitter). RandomSaturation has no such setting on the sampled inputs (the
RGB -> HSV -> RGB trip turns pixels whose channels are all negative grey, as Keras's
torch backend does), so its Keras parity lives in tests/layers/test_color_augmentation.py.
Equalization's row uses a value range so wide that every sample lands in one histogram
bin, which Keras leaves as it is. CLAHE draws nothing and transforms at inference too,
in both libraries: its rows compare the real transform.
"""

from cases import LayerCase

from lamina.layers.preprocessing.image.clahe import ContrastLimitedAdaptiveHistogramEqualization
from lamina.layers.preprocessing.image.equalization import Equalization
from lamina.layers.preprocessing.image.random_color_jitter import RandomColorJitter
from lamina.layers.preprocessing.image.random_gaussian_blur import RandomGaussianBlur
from lamina.layers.preprocessing.image.random_hue import RandomHue
from lamina.layers.preprocessing.image.random_posterization import RandomPosterization
from lamina.layers.preprocessing.image.random_sharpness import RandomSharpness

WIDE = (-100, 100)  # the standard-normal samples never reach it: clipping is a no-op
FLAT = (-5, 100_000)  # the samples scale to below 0.03 of 255: all in histogram bin 0

CASES = [
    # The HSV round trip in the [0, 1] scale, then back to WIDE: float32 rounding.
    LayerCase(RandomHue, dict(factor=0.0, value_range=WIDE, seed=1), (2, 4, 4, 3), (2, 4, 4, 3), rtol=1e-5,
              atol=1e-4),
    LayerCase(RandomHue, dict(factor=0.0, value_range=WIDE, data_format="channels_first", seed=1), (2, 3, 4, 4),
              (2, 3, 4, 4), rtol=1e-5, atol=1e-4),
    # Integer pixels in [0, 256) keep all 8 bits.
    LayerCase(RandomPosterization, dict(factor=(8, 8), seed=1), (2, 4, 4, 3), (2, 4, 4, 3), exact=True,
              input_dtype="int32", input_high=256),
    LayerCase(RandomSharpness, dict(factor=(0.5, 0.5), value_range=WIDE, seed=1), (2, 5, 4, 3), (2, 5, 4, 3),
              exact=True),
    LayerCase(RandomGaussianBlur, dict(factor=0.0, value_range=WIDE, seed=1), (2, 5, 4, 3), (2, 5, 4, 3),
              exact=True),
    LayerCase(RandomGaussianBlur, dict(factor=0.0, kernel_size=5, sigma=(0.2, 0.8), value_range=WIDE,
                                       data_format="channels_first", seed=1), (2, 3, 5, 4), (2, 3, 5, 4), exact=True),
    LayerCase(RandomColorJitter, dict(seed=1), (2, 4, 4, 3), (2, 4, 4, 3), exact=True),
    # Brightness +0, contrast x1 around the mean, hue +0: float32 rounding only.
    LayerCase(RandomColorJitter, dict(value_range=WIDE, brightness_factor=0.0, contrast_factor=0.0, hue_factor=0.0,
                                      seed=1), (2, 4, 4, 3), (2, 4, 4, 3), rtol=1e-5, atol=1e-4),
    # Keras scales to [0, 255] and back: float32 rounding.
    LayerCase(Equalization, dict(value_range=FLAT), (2, 4, 5, 3), (2, 4, 5, 3), rtol=1e-5, atol=1e-4),
    LayerCase(Equalization, dict(value_range=FLAT, bins=16, data_format="channels_first"), (2, 3, 4, 5),
              (2, 3, 4, 5), rtol=1e-5, atol=1e-4),
    LayerCase(ContrastLimitedAdaptiveHistogramEqualization, dict(value_range=(-3, 3), tile_grid_size=(2, 2)),
              (2, 4, 5, 3), (2, 4, 5, 3), rtol=1e-5, atol=1e-5),
    LayerCase(ContrastLimitedAdaptiveHistogramEqualization,
              dict(value_range=(-2, 2), clip_limit=40.0, tile_grid_size=(3, 2), data_format="channels_first"),
              (2, 3, 7, 4), (2, 3, 7, 4), rtol=1e-5, atol=1e-5),
]
