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
from . import initializers as initializers
from . import layers as layers
from . import losses as losses
from . import metrics as metrics
from . import mixed_precision as mixed_precision
from . import models as models
from . import ops as ops
from . import optimizers as optimizers
from . import random as random
from . import regularizers as regularizers
from . import saving as saving
from . import utils as utils
from .layers import Input as Input
from .layers import InputLayer as InputLayer
from .layers import Layer as Layer
from .models import Model as Model
from .models import Sequential as Sequential
from .version import __version__ as __version__
