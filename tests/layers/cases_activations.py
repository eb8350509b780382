"""Rows for the activation layers (ReLU, LeakyReLU, PReLU, ELU, Softmax), joined into
`cases.CASES`. Parameter counts: PReLU has one alpha per non-shared position of a sample
(keras/src/layers/activations/prelu.py); the others have none."""

from cases import LayerCase

from lamina.layers.activations.elu import ELU
from lamina.layers.activations.leaky_relu import LeakyReLU
from lamina.layers.activations.prelu import PReLU
from lamina.layers.activations.relu import ReLU
from lamina.layers.activations.softmax import Softmax

CASES = [
    LayerCase(ReLU, dict(), (2, 3, 4), (2, 3, 4), exact=True),
    LayerCase(ReLU, dict(max_value=6.0), (2, 5), (2, 5), exact=True),
    LayerCase(ReLU, dict(max_value=1.0), (2, 5), (2, 5), exact=True),
    LayerCase(ReLU, dict(negative_slope=0.1), (2, 3, 4), (2, 3, 4)),
    LayerCase(ReLU, dict(threshold=0.5), (2, 3, 4), (2, 3, 4), exact=True),
    LayerCase(ReLU, dict(max_value=2.0, negative_slope=0.2, threshold=0.3), (2, 4, 4, 3), (2, 4, 4, 3)),
    LayerCase(LeakyReLU, dict(), (2, 3, 4), (2, 3, 4)),
    LayerCase(LeakyReLU, dict(negative_slope=0.05), (2, 6), (2, 6)),
    LayerCase(PReLU, dict(), (2, 3, 4), (2, 3, 4), 12, 1),
    LayerCase(PReLU, dict(shared_axes=[1, 2]), (2, 4, 4, 3), (2, 4, 4, 3), 3, 1),
    LayerCase(PReLU, dict(shared_axes=1, alpha_initializer="ones"), (2, 5, 3), (2, 5, 3), 3, 1),
    LayerCase(ELU, dict(), (2, 3, 4), (2, 3, 4)),
    LayerCase(ELU, dict(alpha=0.5), (2, 6), (2, 6)),
    LayerCase(Softmax, dict(), (2, 5), (2, 5)),
    LayerCase(Softmax, dict(axis=1), (2, 3, 4), (2, 3, 4)),
    LayerCase(Softmax, dict(axis=(1, 2)), (2, 3, 4), (2, 3, 4)),
    LayerCase(Softmax, dict(axis=[-1]), (2, 3, 4), (2, 3, 4)),
]
