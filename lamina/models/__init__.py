"""Models: `Sequential`, functional `Model(inputs, outputs)`, and subclassed `Model`."""

from .. import file_formats
from .. import registry as _registry
from .cloning import clone_model as clone_model
from .functional import Functional as Functional
from .model import Model as Model
from .sequential import Sequential as Sequential


def load_model(filepath, custom_objects=None, compile=True, safe_mode=True):
    """Loads a `.keras` file written by Lamina or Keras 3 (see `lamina.saving.load_model`)."""
    return file_formats.handler("load_model")(filepath, custom_objects=custom_objects, compile=compile, safe_mode=safe_mode)


def model_from_json(json_string, custom_objects=None):
    """Builds a model (untrained weights) from `Model.to_json()` output or Keras's."""
    import json

    from ..layers import serialization

    try:
        config = json.loads(json_string)
    except (TypeError, ValueError) as error:
        raise ValueError(f"`model_from_json` needs a JSON string. It could not be parsed: {error}") from None
    return serialization.deserialize(config, custom_objects=custom_objects)


def save_model(model, filepath, overwrite=True):
    """Same as `model.save(filepath)`."""
    model.save(filepath, overwrite=overwrite)


for _cls in (Model, Sequential, Functional):
    _registry.register_builtin("layers", _cls)
