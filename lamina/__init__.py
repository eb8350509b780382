"""Lamina: the Keras way of building models, as plain PyTorch modules.

`import lamina as keras` runs Keras code for the covered subset unchanged; every layer
and model is a `torch.nn.Module`.
"""

from . import activations as activations
from . import analysis as analysis
from . import backend as backend
from . import callbacks as callbacks
from . import config as config
from . import constraints as constraints
from . import datasets as datasets
from . import distribute as distribute
from . import dtype_policies as dtype_policies
from . import export as export
from . import initializers as initializers
from . import layers as layers
from . import losses as losses
from . import metrics as metrics
from . import mixed_precision as mixed_precision
from . import models as models
from . import ops as ops
from . import optimizers as optimizers
from . import preprocessing as preprocessing
from . import random as random
from . import regularizers as regularizers
from . import saving as saving
from . import tree as tree
from . import utils as utils
from .dtype_policies import DTypePolicy as DTypePolicy
from .dtype_policies import FloatDTypePolicy as FloatDTypePolicy
from .initializers import Initializer as Initializer
from .layers import Input as Input
from .layers import InputLayer as InputLayer
from .layers import InputSpec as InputSpec
from .layers import Layer as Layer
from .losses import Loss as Loss
from .metrics import Metric as Metric
from .models import Model as Model
from .models import Sequential as Sequential
from .optimizers import Optimizer as Optimizer
from .regularizers import Regularizer as Regularizer
from .utils.remat import remat as remat
from .version import __version__ as __version__

# Keras's names for objects that live under other names here.
device = config.device_scope  # the `with keras.device("cuda:0"):` context manager
KerasTensor = layers.symbolic.SymbolicTensor  # what `Input(...)` returns


def __getattr__(name):
    # `lamina.wrappers` imports scikit-learn, so it loads on first use, not with lamina.
    if name == "wrappers":
        import importlib

        return importlib.import_module(".wrappers", __name__)
    raise AttributeError(f"module 'lamina' has no attribute {name!r}")
