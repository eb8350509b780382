"""Losses with Keras's names, defaults and numerics, computed with torch.

Each loss comes as a function returning one value per sample (`mean_squared_error`) and
as a class that also reduces them (`MeanSquaredError`). With probabilities, the
crossentropies clip predictions to `[epsilon, 1 - epsilon]` (epsilon is 1e-7) as Keras
does, and the categorical ones first rescale each prediction to sum to 1.
"""

from .. import registry
from .crossentropy import BinaryCrossentropy as BinaryCrossentropy
from .crossentropy import CategoricalCrossentropy as CategoricalCrossentropy
from .crossentropy import SparseCategoricalCrossentropy as SparseCategoricalCrossentropy
from .crossentropy import binary_crossentropy as binary_crossentropy
from .crossentropy import categorical_crossentropy as categorical_crossentropy
from .crossentropy import sparse_categorical_crossentropy as sparse_categorical_crossentropy
from .loss import Loss as Loss
from .loss import LossFunctionWrapper as LossFunctionWrapper
from .regression import MeanAbsoluteError as MeanAbsoluteError
from .regression import MeanSquaredError as MeanSquaredError
from .regression import mean_absolute_error as mean_absolute_error
from .regression import mean_squared_error as mean_squared_error
from .utils import is_binary_or_sparse_categorical as is_binary_or_sparse_categorical
from .utils import squeeze_or_expand_to_same_rank as squeeze_or_expand_to_same_rank

for _cls in (Loss, LossFunctionWrapper, MeanSquaredError, MeanAbsoluteError, BinaryCrossentropy,
             CategoricalCrossentropy, SparseCategoricalCrossentropy):
    registry.register_builtin("losses", _cls)
registry.register_builtin("losses", mean_squared_error, "mse", "MSE")
registry.register_builtin("losses", mean_absolute_error, "mae", "MAE")
registry.register_builtin("losses", binary_crossentropy, "bce", "BCE")
registry.register_builtin("losses", categorical_crossentropy)
registry.register_builtin("losses", sparse_categorical_crossentropy)
# Keras writes a LossFunctionWrapper under its source module and registered name.
LossFunctionWrapper._keras_module = "keras.src.losses.losses"
LossFunctionWrapper._keras_registered_name = "LossFunctionWrapper"


def serialize(loss) -> dict | str:
    """A loss (instance, function or name) as the dict Keras writes into `compile_config`."""
    if isinstance(loss, str):
        return loss
    if not isinstance(loss, Loss) and not (callable(loss) and hasattr(loss, "__name__")):
        raise ValueError(f"Could not serialize loss {loss!r}. Expected a `Loss`, a function or a name.")
    return registry.serialize_keras_object(loss)


def deserialize(config, custom_objects: dict | None = None):
    """Rebuilds what `serialize()` wrote: a `Loss` from a class config, or a function."""
    if isinstance(config, str):
        found = registry.lookup("losses", config, custom_objects)
        return found if found is not None else get(config)
    return registry.deserialize_keras_object(config, custom_objects, kind="losses")


def get(identifier) -> Loss | None:
    """Resolves a loss identifier to a `Loss`, the way `compile(loss=...)` does.

    Args:
        identifier: A `Loss` (returned as is); a class name such as
            `"SparseCategoricalCrossentropy"` (a new instance with defaults); a function
            name or alias such as `"mse"` (wrapped, and named after the string); a function
            `fn(y_true, y_pred)` (wrapped, so the result is the mean of its values); a
            config dict; or `None` (returned as is).
    """
    if identifier is None or isinstance(identifier, Loss):
        return identifier
    if isinstance(identifier, dict):
        obj = deserialize(identifier)
        return obj if isinstance(obj, Loss) else LossFunctionWrapper(obj, name=obj.__name__)
    if isinstance(identifier, str):
        found = registry.lookup("losses", identifier)
        if isinstance(found, type) and issubclass(found, Loss) and found not in (Loss, LossFunctionWrapper):
            return found()
        if found is not None and not isinstance(found, type):
            return LossFunctionWrapper(found, name=identifier)
        raise registry.unknown("losses", identifier, "loss")
    if isinstance(identifier, type) and issubclass(identifier, Loss):
        return identifier()
    if callable(identifier):
        return LossFunctionWrapper(identifier, name=getattr(identifier, "__name__", None))
    raise registry.unknown("losses", identifier, "loss")


def get_loss(identifier, y_true, y_pred) -> Loss | None:
    """`get()`, plus Keras's `"crossentropy"`/`"ce"` shortcut that picks by shapes.

    Binary crossentropy for a single prediction column, sparse categorical when the
    labels look like indices, categorical otherwise; the loss keeps the user's string
    as its name.
    """
    if isinstance(identifier, str) and identifier.lower() in ("crossentropy", "ce"):
        is_binary, is_sparse = is_binary_or_sparse_categorical(y_true, y_pred)
        if is_binary:
            fn = binary_crossentropy
        elif is_sparse:
            fn = sparse_categorical_crossentropy
        else:
            fn = categorical_crossentropy
        return LossFunctionWrapper(fn, name=identifier)
    return get(identifier)
