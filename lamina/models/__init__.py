"""Models: `Sequential`, functional `Model(inputs, outputs)`, and subclassed `Model`."""

from .functional import Functional as Functional
from .model import Model as Model
from .sequential import Sequential as Sequential


def load_model(filepath, custom_objects=None, compile=True, safe_mode=True):
    """Loads a `.keras` file written by Lamina or Keras 3 (see `lamina.saving.load_model`)."""
    from ..saving.keras_archive import load_model as load

    return load(filepath, custom_objects=custom_objects, compile=compile, safe_mode=safe_mode)


def save_model(model, filepath, overwrite=True):
    """Same as `model.save(filepath)`."""
    model.save(filepath, overwrite=overwrite)
