"""Losses with Keras's names, defaults and numerics, computed with torch.

Each loss comes as a function returning one value per sample (`mean_squared_error`) and
as a class that also reduces them (`MeanSquaredError`). With probabilities, the
crossentropies clip predictions to `[epsilon, 1 - epsilon]` (epsilon is 1e-7) as Keras
does, and the categorical ones first rescale each prediction to sum to 1.
"""

from .. import registry
from .circle import Circle as Circle
from .circle import circle as circle
from .crossentropy import BinaryCrossentropy as BinaryCrossentropy
from .crossentropy import CategoricalCrossentropy as CategoricalCrossentropy
from .crossentropy import SparseCategoricalCrossentropy as SparseCategoricalCrossentropy
from .crossentropy import binary_crossentropy as binary_crossentropy
from .crossentropy import categorical_crossentropy as categorical_crossentropy
from .crossentropy import sparse_categorical_crossentropy as sparse_categorical_crossentropy
from .ctc import CTC as CTC
from .ctc import ctc as ctc
from .hinge import CategoricalHinge as CategoricalHinge
from .hinge import Hinge as Hinge
from .hinge import SquaredHinge as SquaredHinge
from .hinge import categorical_hinge as categorical_hinge
from .hinge import hinge as hinge
from .hinge import squared_hinge as squared_hinge
from .loss import Loss as Loss
from .loss import LossFunctionWrapper as LossFunctionWrapper
from .probabilistic import BinaryFocalCrossentropy as BinaryFocalCrossentropy
from .probabilistic import CategoricalFocalCrossentropy as CategoricalFocalCrossentropy
from .probabilistic import (
    CategoricalGeneralizedCrossEntropy as CategoricalGeneralizedCrossEntropy,
)
from .probabilistic import KLDivergence as KLDivergence
from .probabilistic import Poisson as Poisson
from .probabilistic import binary_focal_crossentropy as binary_focal_crossentropy
from .probabilistic import categorical_focal_crossentropy as categorical_focal_crossentropy
from .probabilistic import (
    categorical_generalized_cross_entropy as categorical_generalized_cross_entropy,
)
from .probabilistic import kl_divergence as kl_divergence
from .probabilistic import poisson as poisson
from .regression import CosineSimilarity as CosineSimilarity
from .regression import Huber as Huber
from .regression import LogCosh as LogCosh
from .regression import MeanAbsoluteError as MeanAbsoluteError
from .regression import MeanAbsolutePercentageError as MeanAbsolutePercentageError
from .regression import MeanSquaredError as MeanSquaredError
from .regression import MeanSquaredLogarithmicError as MeanSquaredLogarithmicError
from .regression import cosine_similarity as cosine_similarity
from .regression import huber as huber
from .regression import log_cosh as log_cosh
from .regression import mean_absolute_error as mean_absolute_error
from .regression import mean_absolute_percentage_error as mean_absolute_percentage_error
from .regression import mean_squared_error as mean_squared_error
from .regression import mean_squared_logarithmic_error as mean_squared_logarithmic_error
from .segmentation import Dice as Dice
from .segmentation import Tversky as Tversky
from .segmentation import dice as dice
from .segmentation import tversky as tversky
from .utils import is_binary_or_sparse_categorical as is_binary_or_sparse_categorical
from .utils import squeeze_or_expand_to_same_rank as squeeze_or_expand_to_same_rank

for _obj in (
    Loss, LossFunctionWrapper,
    KLDivergence, Poisson, BinaryCrossentropy, BinaryFocalCrossentropy, CategoricalCrossentropy,
    CategoricalFocalCrossentropy, SparseCategoricalCrossentropy,
    CategoricalGeneralizedCrossEntropy,
    MeanSquaredError, MeanAbsoluteError, MeanAbsolutePercentageError, MeanSquaredLogarithmicError,
    CosineSimilarity, LogCosh, Huber,
    Hinge, SquaredHinge, CategoricalHinge, Dice, Tversky, Circle, CTC,
    kl_divergence, poisson, binary_focal_crossentropy, categorical_crossentropy,
    categorical_focal_crossentropy, sparse_categorical_crossentropy,
    categorical_generalized_cross_entropy, cosine_similarity, log_cosh, huber,
    hinge, squared_hinge, categorical_hinge, dice, tversky, circle, ctc,
):
    registry.register_builtin("losses", _obj)
# Keras's short aliases (keras/src/losses/__init__.py ALL_OBJECTS_DICT).
registry.register_builtin("losses", mean_squared_error, "mse", "MSE")
registry.register_builtin("losses", mean_absolute_error, "mae", "MAE")
registry.register_builtin("losses", mean_absolute_percentage_error, "mape", "MAPE")
registry.register_builtin("losses", mean_squared_logarithmic_error, "msle", "MSLE")
registry.register_builtin("losses", binary_crossentropy, "bce", "BCE")
registry.register_builtin("losses", kl_divergence, "kld", "KLD")
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
