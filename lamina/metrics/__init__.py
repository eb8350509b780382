"""Stateful metrics with Keras's names, defaults and results, accumulated in torch tensors.

`update_state` never reads a value back to the host, so it does not stall an accelerator;
`result()` returns a 0-d tensor (`float(metric.result())` gives the number). State is kept
in float64 (float32 on MPS, which has no float64) on the device of the inputs.
"""

from .. import registry
from ..losses.utils import is_binary_or_sparse_categorical
from .accuracy_metrics import Accuracy as Accuracy
from .accuracy_metrics import BinaryAccuracy as BinaryAccuracy
from .accuracy_metrics import CategoricalAccuracy as CategoricalAccuracy
from .accuracy_metrics import SparseCategoricalAccuracy as SparseCategoricalAccuracy
from .accuracy_metrics import accuracy as accuracy
from .accuracy_metrics import binary_accuracy as binary_accuracy
from .accuracy_metrics import categorical_accuracy as categorical_accuracy
from .accuracy_metrics import sparse_categorical_accuracy as sparse_categorical_accuracy
from .confusion_metrics import Precision as Precision
from .confusion_metrics import Recall as Recall
from .metric import Mean as Mean
from .metric import MeanMetricWrapper as MeanMetricWrapper
from .metric import Metric as Metric
from .metric import Sum as Sum
from .probabilistic_metrics import BinaryCrossentropy as BinaryCrossentropy
from .probabilistic_metrics import CategoricalCrossentropy as CategoricalCrossentropy
from .probabilistic_metrics import MeanAbsoluteError as MeanAbsoluteError
from .probabilistic_metrics import MeanSquaredError as MeanSquaredError
from .probabilistic_metrics import SparseCategoricalCrossentropy as SparseCategoricalCrossentropy

# Keras accepts each class under its snake_case name too, and a few short aliases.
_ALIASES = {
    Mean: ("mean",), Sum: ("sum",), Accuracy: ("accuracy",), BinaryAccuracy: ("binary_accuracy",),
    CategoricalAccuracy: ("categorical_accuracy",),
    SparseCategoricalAccuracy: ("sparse_categorical_accuracy",),
    MeanSquaredError: ("mean_squared_error", "mse", "MSE"),
    MeanAbsoluteError: ("mean_absolute_error", "mae", "MAE"),
    BinaryCrossentropy: ("binary_crossentropy", "bce", "BCE"),
    CategoricalCrossentropy: ("categorical_crossentropy",),
    SparseCategoricalCrossentropy: ("sparse_categorical_crossentropy",),
    Precision: ("precision",), Recall: ("recall",), MeanMetricWrapper: (), Metric: (),
}
for _cls, _names in _ALIASES.items():
    registry.register_builtin("metrics", _cls, *_names)
# The functions are found by name inside configs (a MeanMetricWrapper's "fn"); `get` by
# name gives the classes above.
for _fn in (accuracy, binary_accuracy, categorical_accuracy, sparse_categorical_accuracy):
    registry.register_builtin("metrics", _fn)


def serialize(metric) -> dict | str:
    """A metric as the dict Keras writes into `compile_config` (strings pass through)."""
    if isinstance(metric, str):
        return metric
    return registry.serialize_keras_object(metric)


def deserialize(config, custom_objects: dict | None = None):
    """Rebuilds a metric from `serialize()` output (a function config gives the function)."""
    if isinstance(config, str):
        return registry.get_registered_object(config, custom_objects) or get(config)
    if isinstance(config, dict) and config.get("class_name") == "function":
        name = config.get("config")
        found = registry.lookup("metrics", name, custom_objects) or registry.lookup("losses", name)
        if found is None:
            raise registry.unknown("metrics", name, "metric function")
        return found
    return registry.deserialize_keras_object(config, custom_objects, kind="metrics")


def get(identifier) -> Metric | None:
    """Resolves a metric identifier to a `Metric`.

    Args:
        identifier: A `Metric` (returned as is); a class name or its snake_case form
            (`"SparseCategoricalAccuracy"`, `"mean_squared_error"`) or an alias (`"mse"`,
            `"mae"`, `"bce"`), giving a new instance with defaults; a config dict; a
            function `fn(y_true, y_pred)` (wrapped in `MeanMetricWrapper` and named after
            it); or `None` (returned as is). Note that `"accuracy"` here is the exact-match
            `Accuracy`; `get_metric` resolves it by shapes as `compile()` does.
    """
    if identifier is None or isinstance(identifier, Metric):
        return identifier
    if isinstance(identifier, dict):
        obj = deserialize(identifier)
        return obj if isinstance(obj, Metric) else MeanMetricWrapper(obj, name=obj.__name__)
    if isinstance(identifier, str):
        found = registry.lookup("metrics", identifier)
        if isinstance(found, type) and issubclass(found, Metric) and found not in (Metric, MeanMetricWrapper):
            return found()
        raise registry.unknown("metrics", identifier, "metric")
    if isinstance(identifier, type) and issubclass(identifier, Metric):
        return identifier()
    if callable(identifier):
        return MeanMetricWrapper(identifier, name=getattr(identifier, "__name__", None))
    raise registry.unknown("metrics", identifier, "metric")


def get_metric(identifier, y_true, y_pred) -> Metric:
    """Resolves one entry of `compile(metrics=[...])`, as Keras's compile utilities do.

    `"accuracy"` and `"acc"` (any case) become `BinaryAccuracy` when predictions have one
    column, `SparseCategoricalAccuracy` when labels look like class indices, and
    `CategoricalAccuracy` otherwise. A string keeps the user's spelling as the metric
    name, so the History key is `"accuracy"` or `"mse"`, not the class default.
    """
    if identifier is None:
        raise ValueError("Expected a metric, received `None`.")
    if str(identifier).lower() in ("accuracy", "acc"):
        is_binary, is_sparse = is_binary_or_sparse_categorical(y_true, y_pred)
        if is_binary:
            metric = BinaryAccuracy(name=str(identifier))
        elif is_sparse:
            metric = SparseCategoricalAccuracy(name=str(identifier))
        else:
            metric = CategoricalAccuracy(name=str(identifier))
    else:
        metric = get(identifier)
    if isinstance(identifier, str):
        metric.name = identifier
    return metric
