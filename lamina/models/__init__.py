"""Models: `Sequential`, functional `Model(inputs, outputs)`, and subclassed `Model`."""

from .functional import Functional as Functional
from .model import Model as Model
from .sequential import Sequential as Sequential
