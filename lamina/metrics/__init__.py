"""Stateful metrics with Keras's names, defaults, configs and results, accumulated in torch
tensors: every class and function of `keras.metrics` (Keras 3.15.1).

`update_state` never reads a value back to the host, so it does not stall an accelerator;
`result()` returns a tensor (`float(metric.result())` gives the number). State is kept
in float64 (float32 on MPS, which has no float64) on the device of the inputs; the IoU
family keeps Keras's int32 confusion matrix semantics (float weights are truncated).
Modules follow Keras's kinds: accuracy, confusion (counts, precision/recall, the "at"
metrics, AUC), F-score, IoU, regression, correlation, hinge and probabilistic metrics.
"""

from .. import losses as _losses
from .. import registry
from ..losses.utils import is_binary_or_sparse_categorical
from ..naming import to_snake_case
from . import loss_functions as _loss_functions
from .accuracy_metrics import Accuracy as Accuracy
from .accuracy_metrics import BinaryAccuracy as BinaryAccuracy
from .accuracy_metrics import CategoricalAccuracy as CategoricalAccuracy
from .accuracy_metrics import SparseCategoricalAccuracy as SparseCategoricalAccuracy
from .accuracy_metrics import SparseTopKCategoricalAccuracy as SparseTopKCategoricalAccuracy
from .accuracy_metrics import TopKCategoricalAccuracy as TopKCategoricalAccuracy
from .accuracy_metrics import accuracy as accuracy
from .accuracy_metrics import binary_accuracy as binary_accuracy
from .accuracy_metrics import categorical_accuracy as categorical_accuracy
from .accuracy_metrics import sparse_categorical_accuracy as sparse_categorical_accuracy
from .accuracy_metrics import sparse_top_k_categorical_accuracy as sparse_top_k_categorical_accuracy
from .accuracy_metrics import top_k_categorical_accuracy as top_k_categorical_accuracy
from .auc_metrics import AUC as AUC
from .confusion_at_metrics import PrecisionAtRecall as PrecisionAtRecall
from .confusion_at_metrics import RecallAtPrecision as RecallAtPrecision
from .confusion_at_metrics import SensitivityAtSpecificity as SensitivityAtSpecificity
from .confusion_at_metrics import SpecificityAtSensitivity as SpecificityAtSensitivity
from .confusion_metrics import FalseNegatives as FalseNegatives
from .confusion_metrics import FalsePositives as FalsePositives
from .confusion_metrics import Precision as Precision
from .confusion_metrics import Recall as Recall
from .confusion_metrics import TrueNegatives as TrueNegatives
from .confusion_metrics import TruePositives as TruePositives
from .correlation_metrics import ConcordanceCorrelation as ConcordanceCorrelation
from .correlation_metrics import PearsonCorrelation as PearsonCorrelation
from .correlation_metrics import concordance_correlation as concordance_correlation
from .correlation_metrics import pearson_correlation as pearson_correlation
from .f_score_metrics import F1Score as F1Score
from .f_score_metrics import FBetaScore as FBetaScore
from .hinge_metrics import CategoricalHinge as CategoricalHinge
from .hinge_metrics import Hinge as Hinge
from .hinge_metrics import SquaredHinge as SquaredHinge
from .iou_metrics import BinaryIoU as BinaryIoU
from .iou_metrics import IoU as IoU
from .iou_metrics import MeanIoU as MeanIoU
from .iou_metrics import OneHotIoU as OneHotIoU
from .iou_metrics import OneHotMeanIoU as OneHotMeanIoU
from .metric import Mean as Mean
from .metric import MeanMetricWrapper as MeanMetricWrapper
from .metric import Metric as Metric
from .metric import Sum as Sum
from .probabilistic_metrics import BinaryCrossentropy as BinaryCrossentropy
from .probabilistic_metrics import CategoricalCrossentropy as CategoricalCrossentropy
from .probabilistic_metrics import KLDivergence as KLDivergence
from .probabilistic_metrics import Poisson as Poisson
from .probabilistic_metrics import SparseCategoricalCrossentropy as SparseCategoricalCrossentropy
from .regression_metrics import CosineSimilarity as CosineSimilarity
from .regression_metrics import LogCoshError as LogCoshError
from .regression_metrics import MeanAbsoluteError as MeanAbsoluteError
from .regression_metrics import MeanAbsolutePercentageError as MeanAbsolutePercentageError
from .regression_metrics import MeanSquaredError as MeanSquaredError
from .regression_metrics import MeanSquaredLogarithmicError as MeanSquaredLogarithmicError
from .regression_metrics import R2Score as R2Score
from .regression_metrics import RootMeanSquaredError as RootMeanSquaredError

# Keras exports these loss functions under `keras.metrics` too (the same objects): take
# `lamina.losses`' own where it has one, else the definition in `loss_functions`.
binary_crossentropy = _losses.binary_crossentropy
categorical_crossentropy = _losses.categorical_crossentropy
sparse_categorical_crossentropy = _losses.sparse_categorical_crossentropy
mean_absolute_error = _losses.mean_absolute_error
mean_squared_error = _losses.mean_squared_error
binary_focal_crossentropy = getattr(_losses, "binary_focal_crossentropy", _loss_functions.binary_focal_crossentropy)
categorical_focal_crossentropy = getattr(
    _losses, "categorical_focal_crossentropy", _loss_functions.categorical_focal_crossentropy
)
categorical_hinge = getattr(_losses, "categorical_hinge", _loss_functions.categorical_hinge)
hinge = getattr(_losses, "hinge", _loss_functions.hinge)
huber = getattr(_losses, "huber", _loss_functions.huber)
kl_divergence = getattr(_losses, "kl_divergence", _loss_functions.kl_divergence)
log_cosh = getattr(_losses, "log_cosh", _loss_functions.log_cosh)
mean_absolute_percentage_error = getattr(
    _losses, "mean_absolute_percentage_error", _loss_functions.mean_absolute_percentage_error
)
mean_squared_logarithmic_error = getattr(
    _losses, "mean_squared_logarithmic_error", _loss_functions.mean_squared_logarithmic_error
)
poisson = getattr(_losses, "poisson", _loss_functions.poisson)
squared_hinge = getattr(_losses, "squared_hinge", _loss_functions.squared_hinge)

# Keras accepts each class under its name and snake_case name, and a few short aliases.
_ALIASES = {
    MeanSquaredError: ("mse", "MSE"), MeanAbsoluteError: ("mae", "MAE"),
    BinaryCrossentropy: ("bce", "BCE"), MeanAbsolutePercentageError: ("mape", "MAPE"),
    MeanSquaredLogarithmicError: ("msle", "MSLE"),
}
for _cls in (
    Mean, Sum, Accuracy, BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy,
    TopKCategoricalAccuracy, SparseTopKCategoricalAccuracy, MeanSquaredError, MeanAbsoluteError,
    RootMeanSquaredError, MeanAbsolutePercentageError, MeanSquaredLogarithmicError,
    CosineSimilarity, LogCoshError, R2Score, AUC, TruePositives, TrueNegatives, FalsePositives,
    FalseNegatives, Precision, Recall, PrecisionAtRecall, RecallAtPrecision,
    SensitivityAtSpecificity, SpecificityAtSensitivity, ConcordanceCorrelation,
    PearsonCorrelation, Hinge, SquaredHinge, CategoricalHinge, KLDivergence, Poisson,
    BinaryCrossentropy, CategoricalCrossentropy, SparseCategoricalCrossentropy, F1Score,
    FBetaScore, IoU, BinaryIoU, MeanIoU, OneHotIoU, OneHotMeanIoU,
):
    registry.register_builtin("metrics", _cls, to_snake_case(_cls.__name__), *_ALIASES.get(_cls, ()))
registry.register_builtin("metrics", MeanMetricWrapper)
registry.register_builtin("metrics", Metric)
# The functions are found by name inside configs (a MeanMetricWrapper's "fn"); `get` by
# name gives the classes above.
_FUNCTIONS = {}
for _fn in (
    accuracy, binary_accuracy, categorical_accuracy, sparse_categorical_accuracy,
    top_k_categorical_accuracy, sparse_top_k_categorical_accuracy, pearson_correlation,
    concordance_correlation, binary_focal_crossentropy, categorical_focal_crossentropy,
    categorical_hinge, hinge, huber, kl_divergence, log_cosh, mean_absolute_percentage_error,
    mean_squared_logarithmic_error, poisson, squared_hinge,
):
    registry.register_builtin("metrics", _fn)
    _FUNCTIONS[_fn.__name__] = _fn
for _fn in (binary_crossentropy, categorical_crossentropy, sparse_categorical_crossentropy,
            mean_absolute_error, mean_squared_error):
    _FUNCTIONS[_fn.__name__] = _fn


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
        found = registry.lookup("metrics", name, custom_objects)
        if found is None or isinstance(found, type):
            # A function config names a function, even where a class has the same
            # snake_case name ("hinge", "poisson").
            found = _FUNCTIONS.get(name) or registry.lookup("losses", name)
        if found is None or isinstance(found, type):
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
