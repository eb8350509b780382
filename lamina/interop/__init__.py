"""Moving models between Lamina (channels_last, Keras layouts) and PyTorch (channels_first)."""

from .from_torch import from_torch as from_torch
from .to_torch import to_torch as to_torch
from .torch_modules import RecurrentOutput as RecurrentOutput
from .torch_modules import SequencePooling as SequencePooling
