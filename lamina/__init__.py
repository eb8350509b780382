"""Lamina: the Keras way of building models, as plain PyTorch modules.

`import lamina as keras` runs Keras code for the covered subset unchanged; every layer
and model is a `torch.nn.Module`.

The public surface is `_EXPORTS` below, one line per name. Each namespace and name
imports on first use (PEP 562), so `import lamina` costs next to nothing on top of
`import torch`, and `keras.layers.Dense` loads the layer it names and what that needs.
"""

from . import export as export  # these two plug their file formats into models (file_formats)
from . import registry as _registry
from . import saving as saving
from .version import __version__ as __version__

_EXPORTS = {
    # namespaces
    "activations": ".activations",
    "analysis": ".analysis",
    "backend": ".backend",
    "callbacks": ".callbacks",
    "config": ".config",
    "constraints": ".constraints",
    "datasets": ".datasets",
    "distribute": ".distribute",
    "dtype_policies": ".dtype_policies",
    "export": ".export",
    "initializers": ".initializers",
    "layers": ".layers",
    "losses": ".losses",
    "metrics": ".metrics",
    "mixed_precision": ".mixed_precision",
    "models": ".models",
    "ops": ".ops",
    "optimizers": ".optimizers",
    "preprocessing": ".preprocessing",
    "random": ".random",
    "regularizers": ".regularizers",
    "saving": ".saving",
    "tree": ".tree",
    "utils": ".utils",
    "wrappers": ".wrappers",  # imports scikit-learn
    # classes and functions
    "DTypePolicy": ".dtype_policies",
    "FloatDTypePolicy": ".dtype_policies",
    "Initializer": ".initializers",
    "Input": ".layers",
    "InputLayer": ".layers",
    "InputSpec": ".layers",
    "Layer": ".layers",
    "Loss": ".losses",
    "Metric": ".metrics",
    "Model": ".models",
    "Sequential": ".models",
    "Optimizer": ".optimizers",
    "Regularizer": ".regularizers",
    "remat": ".utils.remat",
    # Keras's names for objects that live under other names here
    "device": ".config:device_scope",  # the `with keras.device("cuda:0"):` context manager
    "KerasTensor": ".layers.symbolic:SymbolicTensor",  # what `Input(...)` returns
}

__getattr__, __dir__, _ALL = _registry.lazy_exports(__name__, _EXPORTS)
__all__ = [name for name in _ALL if name != "wrappers"]  # `import *` leaves scikit-learn out
