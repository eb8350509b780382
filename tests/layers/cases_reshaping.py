"""Rows for the reshaping layers (cropping, up-sampling, zero padding, RepeatVector),
joined into `cases.CASES`. Output shapes from the Keras sources
(keras/src/layers/reshaping/*.py): cropping subtracts both ends, padding adds them,
up-sampling multiplies by the factor. All but the interpolating rows only move data, so
they compare exactly."""

from cases import LayerCase

from lamina.layers.reshaping.cropping1d import Cropping1D
from lamina.layers.reshaping.cropping2d import Cropping2D
from lamina.layers.reshaping.cropping3d import Cropping3D
from lamina.layers.reshaping.repeat_vector import RepeatVector
from lamina.layers.reshaping.up_sampling1d import UpSampling1D
from lamina.layers.reshaping.up_sampling2d import UpSampling2D
from lamina.layers.reshaping.up_sampling3d import UpSampling3D
from lamina.layers.reshaping.zero_padding1d import ZeroPadding1D
from lamina.layers.reshaping.zero_padding3d import ZeroPadding3D

CF = "channels_first"

CASES = [
    LayerCase(Cropping1D, dict(), (2, 6, 3), (2, 4, 3), exact=True),
    LayerCase(Cropping1D, dict(cropping=(0, 2)), (2, 6, 3), (2, 4, 3), exact=True),
    LayerCase(Cropping1D, dict(cropping=2), (2, 7, 3), (2, 3, 3), exact=True),
    LayerCase(Cropping2D, dict(), (2, 5, 6, 3), (2, 5, 6, 3), exact=True),
    LayerCase(Cropping2D, dict(cropping=((1, 0), (2, 1))), (2, 5, 6, 3), (2, 4, 3, 3), exact=True),
    LayerCase(Cropping2D, dict(cropping=1, data_format=CF), (2, 3, 5, 6), (2, 3, 3, 4), exact=True),
    LayerCase(Cropping2D, dict(cropping=(2, 1)), (2, 5, 6, 3), (2, 1, 4, 3), exact=True),
    LayerCase(Cropping3D, dict(), (2, 4, 5, 6, 3), (2, 2, 3, 4, 3), exact=True),
    LayerCase(Cropping3D, dict(cropping=(1, 0, 2), data_format=CF), (2, 3, 4, 5, 6), (2, 3, 2, 5, 2), exact=True),
    LayerCase(Cropping3D, dict(cropping=((0, 1), (1, 1), (2, 0))), (2, 4, 5, 6, 2), (2, 3, 3, 4, 2), exact=True),
    LayerCase(UpSampling1D, dict(), (2, 4, 3), (2, 8, 3), exact=True),
    LayerCase(UpSampling1D, dict(size=3), (2, 4, 3), (2, 12, 3), exact=True),
    LayerCase(UpSampling2D, dict(), (2, 3, 4, 2), (2, 6, 8, 2), exact=True),
    LayerCase(UpSampling2D, dict(size=(2, 3)), (2, 3, 4, 2), (2, 6, 12, 2), exact=True),
    LayerCase(UpSampling2D, dict(size=(3, 2), data_format=CF), (2, 2, 3, 4), (2, 2, 9, 8), exact=True),
    LayerCase(UpSampling2D, dict(size=(2, 3), interpolation="bilinear"), (2, 3, 4, 2), (2, 6, 12, 2)),
    LayerCase(UpSampling2D, dict(size=2, interpolation="bilinear", data_format=CF), (2, 2, 3, 4), (2, 2, 6, 8)),
    LayerCase(UpSampling2D, dict(size=2, interpolation="bicubic"), (2, 3, 4, 2), (2, 6, 8, 2)),
    LayerCase(UpSampling3D, dict(), (2, 2, 3, 4, 3), (2, 4, 6, 8, 3), exact=True),
    LayerCase(UpSampling3D, dict(size=(1, 2, 3), data_format=CF), (2, 3, 2, 3, 4), (2, 3, 2, 6, 12), exact=True),
    LayerCase(ZeroPadding1D, dict(), (2, 4, 3), (2, 6, 3), exact=True),
    LayerCase(ZeroPadding1D, dict(padding=(1, 2)), (2, 4, 3), (2, 7, 3), exact=True),
    LayerCase(ZeroPadding1D, dict(padding=2, data_format=CF), (2, 3, 4), (2, 3, 8), exact=True),
    LayerCase(ZeroPadding3D, dict(), (2, 2, 3, 4, 3), (2, 4, 5, 6, 3), exact=True),
    LayerCase(ZeroPadding3D, dict(padding=((1, 0), (0, 2), 1)), (2, 2, 3, 4, 3), (2, 3, 5, 6, 3), exact=True),
    LayerCase(ZeroPadding3D, dict(padding=1, data_format=CF), (2, 3, 2, 3, 4), (2, 3, 4, 5, 6), exact=True),
    LayerCase(RepeatVector, dict(n=3), (2, 4), (2, 3, 4), exact=True),
    LayerCase(RepeatVector, dict(n=1), (3, 5), (3, 1, 5), exact=True),
]
