"""Rows for the geometric and composite augmentation layers, joined into `cases.CASES`.

A plain Keras call of these layers is a training call while a plain Lamina call is
inference, so the rows use settings where Keras's training output equals the input: a
zero probability `factor` (random_perspective.py draws `threshold < 0`, never true;
random_elastic_transform.py returns no transformation), a plain image batch for
MaxNumBoundingBoxes, which only changes `bounding_boxes`, no operations for RandAugment,
and chains of no steps for AugMix (each chain is the image, so the blend is the image up
to float32 rounding, unclipped over a range the samples never reach).
tests/layers/test_geometric_augmentation.py and test_composite_augmentation.py compare
the random paths with Keras.
"""

from cases import LayerCase

from lamina.layers.preprocessing.image.aug_mix import AugMix
from lamina.layers.preprocessing.image.max_num_bounding_boxes import MaxNumBoundingBoxes
from lamina.layers.preprocessing.image.rand_augment import RandAugment
from lamina.layers.preprocessing.image.random_elastic_transform import RandomElasticTransform
from lamina.layers.preprocessing.image.random_perspective import RandomPerspective

CASES = [
    LayerCase(RandomPerspective, dict(factor=0.0, seed=1), (2, 5, 6, 3), (2, 5, 6, 3), exact=True),
    LayerCase(RandomPerspective, dict(factor=0.0, scale=0.5, data_format="channels_first", seed=1), (2, 3, 5, 6),
              (2, 3, 5, 6), exact=True),
    LayerCase(RandomElasticTransform, dict(factor=0.0, seed=1), (2, 5, 6, 3), (2, 5, 6, 3), exact=True),
    LayerCase(RandomElasticTransform, dict(factor=0.5, scale=0.0, fill_mode="constant", seed=1), (2, 5, 6, 3),
              (2, 5, 6, 3), exact=True),
    LayerCase(MaxNumBoundingBoxes, dict(max_number=3), (2, 4, 4, 3), (2, 4, 4, 3), exact=True),
    LayerCase(RandAugment, dict(num_ops=0, seed=1), (2, 5, 6, 3), (2, 5, 6, 3), exact=True),
    LayerCase(AugMix, dict(chain_depth=0, value_range=(-100, 100), seed=1), (2, 5, 6, 3), (2, 5, 6, 3),
              rtol=1e-5, atol=1e-5),
]
