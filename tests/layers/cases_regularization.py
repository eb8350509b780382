"""Rows for the regularization layers, joined into `cases.CASES`. All of them are the
identity at inference (keras/src/layers/regularization/*.py), so outputs compare exactly;
their training behaviour is tested in test_regularization_family.py."""

from cases import LayerCase

from lamina import layers
from lamina.layers.regularization.activity_regularization import ActivityRegularization
from lamina.layers.regularization.alpha_dropout import AlphaDropout
from lamina.layers.regularization.gaussian_dropout import GaussianDropout
from lamina.layers.regularization.gaussian_noise import GaussianNoise
from lamina.layers.regularization.spatial_dropout import (
    SpatialDropout1D,
    SpatialDropout2D,
    SpatialDropout3D,
)

CASES = [
    LayerCase(layers.Dropout, dict(rate=0.3, noise_shape=(None, 1, 4)), (2, 3, 4), (2, 3, 4), exact=True),
    LayerCase(layers.Dropout, dict(rate=0.2, seed=3), (2, 6), (2, 6), exact=True),
    LayerCase(SpatialDropout1D, dict(rate=0.5), (2, 5, 3), (2, 5, 3), exact=True),
    LayerCase(SpatialDropout2D, dict(rate=0.5), (2, 4, 4, 3), (2, 4, 4, 3), exact=True),
    LayerCase(SpatialDropout2D, dict(rate=0.2, data_format="channels_first", seed=1), (2, 3, 4, 4), (2, 3, 4, 4), exact=True),
    LayerCase(SpatialDropout3D, dict(rate=0.5), (2, 3, 3, 3, 4), (2, 3, 3, 3, 4), exact=True),
    LayerCase(SpatialDropout3D, dict(rate=0.1, data_format="channels_first"), (2, 4, 3, 3, 3), (2, 4, 3, 3, 3), exact=True),
    LayerCase(GaussianNoise, dict(stddev=0.1), (2, 3, 4), (2, 3, 4), exact=True),
    LayerCase(GaussianNoise, dict(stddev=0.5, seed=7), (2, 5), (2, 5), exact=True),
    LayerCase(GaussianDropout, dict(rate=0.2), (2, 3, 4), (2, 3, 4), exact=True),
    LayerCase(GaussianDropout, dict(rate=0.5, seed=2), (2, 5), (2, 5), exact=True),
    LayerCase(AlphaDropout, dict(rate=0.1), (2, 3, 4), (2, 3, 4), exact=True),
    LayerCase(AlphaDropout, dict(rate=0.2, noise_shape=(None, 1, 4), seed=5), (2, 3, 4), (2, 3, 4), exact=True),
    LayerCase(ActivityRegularization, dict(), (2, 5), (2, 5), exact=True),
    LayerCase(ActivityRegularization, dict(l1=0.01, l2=0.02), (2, 3, 4), (2, 3, 4), exact=True),
]
