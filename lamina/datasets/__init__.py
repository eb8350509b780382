"""Keras's small datasets, downloaded once into the Keras cache and read without TensorFlow.

The public names load on first use (`_EXPORTS`, one line per name).
"""

from .. import registry as _registry

_EXPORTS = {
    "boston_housing": ".boston_housing",
    "california_housing": ".california_housing",
    "cifar10": ".cifar10",
    "cifar100": ".cifar100",
    "fashion_mnist": ".fashion_mnist",
    "imdb": ".imdb",
    "mnist": ".mnist",
    "reuters": ".reuters",
}

__getattr__, __dir__, __all__ = _registry.lazy_exports(__name__, _EXPORTS)
