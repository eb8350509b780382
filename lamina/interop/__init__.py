"""Moving models between Lamina (channels_last, Keras layouts) and plain PyTorch (NCHW)."""

from .from_torch import from_torch as from_torch
from .to_torch import to_torch as to_torch
