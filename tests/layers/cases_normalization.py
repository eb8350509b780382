"""Rows for the normalization layers, joined into `cases.CASES`.

Parameter counts from the Keras sources: LayerNormalization has gamma and beta shaped
like the normalized axes; GroupNormalization one gamma and beta per channel;
RMSNormalization one scale per normalized position; BatchNormalization 4*C (2*C
non-trainable), plus 3*C non-trainable with renorm (moving_stddev, renorm_mean,
renorm_stddev); SpectralNormalization the wrapped layer's weights plus `vector_u` of the
kernel's last size.
"""

from dataclasses import dataclass, field

from cases import LayerCase, make

from lamina import layers
from lamina.layers.normalization.batch_normalization import BatchNormalization
from lamina.layers.normalization.group_normalization import GroupNormalization
from lamina.layers.normalization.layer_normalization import LayerNormalization
from lamina.layers.normalization.rms_normalization import RMSNormalization
from lamina.layers.normalization.spectral_normalization import SpectralNormalization
from lamina.layers.normalization.unit_normalization import UnitNormalization


@dataclass(frozen=True)
class WrapperCase(LayerCase):
    """A wrapper row: `inner` names the wrapped layer's class and arguments, built fresh
    for each library (the inner name is fixed so the configs compare)."""

    inner: tuple = ("Dense", ())
    inner_kwargs: dict = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{super().id}[{self.inner[0]}]"

    def _inner(self, module):
        return getattr(module, self.inner[0])(**{"name": "inner", **self.inner_kwargs})

    def make(self):
        return make(self.layer, {"layer": self._inner(layers), **self.kwargs})

    def oracle(self, keras):
        return make(getattr(keras.layers, self.layer.__name__), {"layer": self._inner(keras.layers), **self.kwargs})


CASES = [
    LayerCase(LayerNormalization, dict(), (2, 3, 4), (2, 3, 4), 8, 2),
    LayerCase(LayerNormalization, dict(axis=[-2, -1]), (2, 3, 4), (2, 3, 4), 24, 2),
    LayerCase(LayerNormalization, dict(axis=[1, 2, 3]), (2, 3, 4, 2), (2, 3, 4, 2), 48, 2),
    LayerCase(LayerNormalization, dict(center=False, epsilon=1e-5), (2, 5), (2, 5), 5, 1),
    LayerCase(LayerNormalization, dict(scale=False, beta_initializer="random_normal"), (2, 3, 4), (2, 3, 4), 4, 1),
    LayerCase(GroupNormalization, dict(groups=2), (2, 4, 4, 6), (2, 4, 4, 6), 12, 2, rtol=1e-5, atol=1e-5),
    LayerCase(GroupNormalization, dict(groups=1), (2, 5, 4), (2, 5, 4), 8, 2, rtol=1e-5, atol=1e-5),
    LayerCase(GroupNormalization, dict(groups=-1, center=False), (2, 5, 4), (2, 5, 4), 4, 1, rtol=1e-5, atol=1e-5),
    LayerCase(GroupNormalization, dict(groups=2, axis=1), (2, 4, 3, 3), (2, 4, 3, 3), 8, 2, rtol=1e-5, atol=1e-5),
    LayerCase(GroupNormalization, dict(groups=3, epsilon=1e-5), (2, 6), (2, 6), 12, 2, rtol=1e-5, atol=1e-5),
    LayerCase(UnitNormalization, dict(), (2, 5), (2, 5)),
    LayerCase(UnitNormalization, dict(axis=[1, 2]), (2, 3, 4), (2, 3, 4)),
    LayerCase(UnitNormalization, dict(axis=1), (2, 3, 4), (2, 3, 4)),
    LayerCase(RMSNormalization, dict(), (2, 3, 4), (2, 3, 4), 4, 1),
    LayerCase(RMSNormalization, dict(axis=[1, 2], epsilon=1e-3), (2, 3, 4), (2, 3, 4), 12, 1),
    LayerCase(BatchNormalization, dict(), (4, 5, 3), (4, 5, 3), 12, 2, 2),
    LayerCase(BatchNormalization, dict(), (2, 3, 3, 3, 4), (2, 3, 3, 3, 4), 16, 2, 2),
    LayerCase(BatchNormalization, dict(axis=1), (4, 3, 5), (4, 3, 5), 12, 2, 2),
    LayerCase(BatchNormalization, dict(axis=1), (2, 4, 2, 3, 3), (2, 4, 2, 3, 3), 16, 2, 2),
    LayerCase(BatchNormalization, dict(axis=-2, scale=False, epsilon=1e-5), (4, 3, 2), (4, 3, 2), 9, 1, 2),
    LayerCase(BatchNormalization, dict(renorm=True), (8, 3), (8, 3), 21, 2, 5),
    LayerCase(
        BatchNormalization,
        dict(renorm=True, renorm_clipping={"rmax": 1.5, "rmin": 0.5, "dmax": 0.5}, renorm_momentum=0.9),
        (4, 3, 2), (4, 3, 2), 14, 2, 5,
    ),
    WrapperCase(SpectralNormalization, dict(), (2, 4), (2, 3), 18, 2, 1, inner_kwargs=dict(units=3)),
    WrapperCase(SpectralNormalization, dict(power_iterations=3), (2, 5), (2, 2), 12, 1, 1,
                inner_kwargs=dict(units=2, use_bias=False)),
    WrapperCase(SpectralNormalization, dict(), (2, 6, 6, 2), (2, 4, 4, 3), 60, 2, 1, inner=("Conv2D", ()),
                inner_kwargs=dict(filters=3, kernel_size=3), rtol=5e-4, atol=1e-5),
]
