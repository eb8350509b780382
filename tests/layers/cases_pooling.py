"""Rows for the pooling family (1-D, 3-D, global and adaptive), joined into `cases.CASES`.

Output lengths: `valid` `floor((n - pool) / stride) + 1`, `same` `ceil(n / stride)`
(KERAS_SEMANTICS P1); adaptive pooling gives `output_size` whatever the input. Max pooling
only selects values, so it is exact. Average rows with "same" padding keep to symmetric
padding or windows of 2 cells: Keras-on-torch replicates edge values into asymmetric
padding (see `keras_pools_differently` in test_keras_parity.py); those windows are
checked against a numpy reference in test_pooling_family.py.
"""

from cases import LayerCase

from lamina.layers.pooling.adaptive_average_pooling1d import AdaptiveAveragePooling1D
from lamina.layers.pooling.adaptive_average_pooling2d import AdaptiveAveragePooling2D
from lamina.layers.pooling.adaptive_average_pooling3d import AdaptiveAveragePooling3D
from lamina.layers.pooling.adaptive_max_pooling1d import AdaptiveMaxPooling1D
from lamina.layers.pooling.adaptive_max_pooling2d import AdaptiveMaxPooling2D
from lamina.layers.pooling.adaptive_max_pooling3d import AdaptiveMaxPooling3D
from lamina.layers.pooling.average_pooling1d import AveragePooling1D
from lamina.layers.pooling.average_pooling3d import AveragePooling3D
from lamina.layers.pooling.global_average_pooling1d import GlobalAveragePooling1D
from lamina.layers.pooling.global_average_pooling3d import GlobalAveragePooling3D
from lamina.layers.pooling.global_max_pooling1d import GlobalMaxPooling1D
from lamina.layers.pooling.global_max_pooling3d import GlobalMaxPooling3D
from lamina.layers.pooling.max_pooling1d import MaxPooling1D
from lamina.layers.pooling.max_pooling3d import MaxPooling3D

CF = "channels_first"

CASES = [
    LayerCase(MaxPooling1D, dict(), (2, 9, 3), (2, 4, 3), exact=True),
    LayerCase(MaxPooling1D, dict(pool_size=3, strides=2, padding="same"), (2, 9, 3), (2, 5, 3), exact=True),
    LayerCase(MaxPooling1D, dict(pool_size=2, strides=1), (2, 9, 3), (2, 8, 3), exact=True),
    LayerCase(MaxPooling1D, dict(pool_size=2, data_format=CF), (2, 3, 9), (2, 3, 4), exact=True),
    LayerCase(MaxPooling3D, dict(), (2, 5, 6, 7, 2), (2, 2, 3, 3, 2), exact=True),
    LayerCase(MaxPooling3D, dict(pool_size=3, strides=2, padding="same"), (2, 5, 6, 7, 2), (2, 3, 3, 4, 2),
              exact=True),
    LayerCase(MaxPooling3D, dict(pool_size=(1, 2, 3), data_format=CF), (2, 2, 5, 6, 7), (2, 2, 5, 3, 2), exact=True),
    LayerCase(AveragePooling1D, dict(pool_size=2), (2, 9, 3), (2, 4, 3)),
    LayerCase(AveragePooling1D, dict(pool_size=3, strides=1, padding="same"), (2, 9, 3), (2, 9, 3)),
    LayerCase(AveragePooling1D, dict(pool_size=2, padding="same"), (2, 9, 3), (2, 5, 3)),
    LayerCase(AveragePooling1D, dict(pool_size=3, strides=2, data_format=CF), (2, 3, 9), (2, 3, 4)),
    LayerCase(AveragePooling3D, dict(pool_size=2), (2, 5, 6, 7, 2), (2, 2, 3, 3, 2)),
    LayerCase(AveragePooling3D, dict(pool_size=3, strides=1, padding="same"), (2, 5, 6, 7, 2), (2, 5, 6, 7, 2)),
    LayerCase(AveragePooling3D, dict(pool_size=2, padding="same"), (2, 5, 6, 7, 2), (2, 3, 3, 4, 2)),
    LayerCase(AveragePooling3D, dict(pool_size=(1, 2, 2), data_format=CF), (2, 2, 5, 6, 7), (2, 2, 5, 3, 3)),
    LayerCase(GlobalMaxPooling1D, dict(), (2, 9, 3), (2, 3), exact=True),
    LayerCase(GlobalMaxPooling1D, dict(keepdims=True, data_format=CF), (2, 3, 9), (2, 3, 1), exact=True),
    LayerCase(GlobalAveragePooling1D, dict(), (2, 9, 3), (2, 3)),
    LayerCase(GlobalAveragePooling1D, dict(keepdims=True), (2, 9, 3), (2, 1, 3)),
    LayerCase(GlobalAveragePooling1D, dict(data_format=CF), (2, 3, 9), (2, 3)),
    LayerCase(GlobalMaxPooling3D, dict(), (2, 4, 5, 6, 3), (2, 3), exact=True),
    LayerCase(GlobalMaxPooling3D, dict(keepdims=True), (2, 4, 5, 6, 3), (2, 1, 1, 1, 3), exact=True),
    LayerCase(GlobalAveragePooling3D, dict(), (2, 4, 5, 6, 3), (2, 3)),
    LayerCase(GlobalAveragePooling3D, dict(keepdims=True, data_format=CF), (2, 3, 4, 5, 6), (2, 3, 1, 1, 1)),
    LayerCase(AdaptiveMaxPooling1D, dict(output_size=4), (2, 10, 3), (2, 4, 3), exact=True),
    LayerCase(AdaptiveMaxPooling1D, dict(output_size=3, data_format=CF), (2, 3, 10), (2, 3, 3), exact=True),
    LayerCase(AdaptiveAveragePooling1D, dict(output_size=4), (2, 10, 3), (2, 4, 3)),
    LayerCase(AdaptiveAveragePooling1D, dict(output_size=3, data_format=CF), (2, 3, 10), (2, 3, 3)),
    LayerCase(AdaptiveMaxPooling2D, dict(output_size=(3, 4)), (2, 7, 9, 3), (2, 3, 4, 3), exact=True),
    LayerCase(AdaptiveMaxPooling2D, dict(output_size=2, data_format=CF), (2, 3, 7, 9), (2, 3, 2, 2), exact=True),
    LayerCase(AdaptiveAveragePooling2D, dict(output_size=(3, 4)), (2, 7, 9, 3), (2, 3, 4, 3)),
    LayerCase(AdaptiveAveragePooling2D, dict(output_size=2, data_format=CF), (2, 3, 7, 9), (2, 3, 2, 2)),
    LayerCase(AdaptiveMaxPooling3D, dict(output_size=2), (2, 5, 6, 7, 2), (2, 2, 2, 2, 2), exact=True),
    LayerCase(AdaptiveMaxPooling3D, dict(output_size=(1, 2, 3), data_format=CF), (2, 2, 5, 6, 7), (2, 2, 1, 2, 3),
              exact=True),
    LayerCase(AdaptiveAveragePooling3D, dict(output_size=2), (2, 5, 6, 7, 2), (2, 2, 2, 2, 2)),
    LayerCase(AdaptiveAveragePooling3D, dict(output_size=(1, 2, 3), data_format=CF), (2, 2, 5, 6, 7),
              (2, 2, 1, 2, 3)),
]
