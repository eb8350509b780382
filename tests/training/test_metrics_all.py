"""Every name in `keras.metrics`, against the Keras oracle: three batches with and without
sample weights, `reset_state`, configs and `from_config`, the function forms, and `get`.

Driven by Keras's own namespace: a name Keras exports that Lamina neither has nor lists in
`EXCLUDED` (with its reason) fails `test_every_keras_name_is_covered`, and a class without
a case below fails `test_every_class_has_a_case`.
"""

import inspect
import re
import warnings

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from lamina import metrics

B, C = 8, 4
# Keras 3.15.1 names Lamina does not provide, with the reason. Empty: all are covered.
EXCLUDED: dict[str, str] = {}


def _rng(seed):
    return np.random.default_rng(seed)


def _probs(r, *shape):
    x = np.exp(r.normal(size=shape))
    return (x / x.sum(-1, keepdims=True)).astype("float32")


def _one_hot(r, n=B, c=C):
    return np.eye(c, dtype="float32")[r.integers(0, c, n)]


# Input makers: r -> (y_true, y_pred), all small numpy arrays.
def binary(cols=1):
    return lambda r: (r.integers(0, 2, (B, cols)).astype("float32"), r.random((B, cols), dtype="float32"))


def logits(cols=3):
    return lambda r: (r.integers(0, 2, (B, cols)).astype("float32"), r.normal(size=(B, cols)).astype("float32"))


def categorical(r):
    return _one_hot(r), _probs(r, B, C)


def multilabel(r):
    return r.integers(0, 2, (B, C)).astype("float32"), r.random((B, C), dtype="float32")


def sparse(r):
    return r.integers(0, C, (B,)), _probs(r, B, C)


def regression(r):
    return r.normal(size=(B, 3)).astype("float32"), r.normal(size=(B, 3)).astype("float32")


def positive(r):
    return r.random((B, 3), dtype="float32") * 3, r.random((B, 3), dtype="float32") * 3


def hinge_labels(r):
    return r.integers(0, 2, (B, 3)).astype("float32"), r.normal(size=(B, 3)).astype("float32")


def class_ids(r):
    return r.integers(0, C, (B,)), r.integers(0, C, (B,))


def sorted_ids(r):
    return r.integers(0, C, (B,)), np.argsort(-_probs(r, B, C), axis=-1).astype("int32")


def per_entry(maker, weight_shape):
    """Marks a case whose weights are per entry (its labels are not one value per sample)."""
    maker.weight_shape = weight_shape
    return maker


def values(r):
    return r.normal(size=(B, 3)).astype("float32"), None


# (class name, kwargs, maker). `fn` in kwargs names a function taken from each library.
CASES = [
    ("Mean", {}, values), ("Sum", {}, values),
    ("MeanMetricWrapper", {"fn": "mean_squared_error"}, regression),
    ("Accuracy", {}, class_ids), ("BinaryAccuracy", {"threshold": 0.7}, binary(3)),
    ("CategoricalAccuracy", {}, categorical), ("SparseCategoricalAccuracy", {}, sparse),
    ("TopKCategoricalAccuracy", {"k": 2}, categorical),
    ("SparseTopKCategoricalAccuracy", {}, lambda r: (r.integers(0, 7, (B,)), _probs(r, B, 7))),
    ("SparseTopKCategoricalAccuracy", {"k": 2}, sparse),
    ("SparseTopKCategoricalAccuracy", {"k": 2, "from_sorted_ids": True}, sorted_ids),
    ("BinaryCrossentropy", {"label_smoothing": 0.1}, binary(3)),
    ("CategoricalCrossentropy", {}, categorical), ("SparseCategoricalCrossentropy", {}, sparse),
    ("KLDivergence", {}, lambda r: (_probs(r, B, C), _probs(r, B, C))), ("Poisson", {}, positive),
    ("MeanSquaredError", {}, regression), ("MeanAbsoluteError", {}, regression),
    ("RootMeanSquaredError", {}, regression), ("MeanAbsolutePercentageError", {}, regression),
    ("MeanSquaredLogarithmicError", {}, positive), ("CosineSimilarity", {}, regression),
    ("CosineSimilarity", {"axis": 0}, regression), ("LogCoshError", {}, regression),
    ("R2Score", {}, regression), ("R2Score", {"class_aggregation": None}, regression),
    ("R2Score", {"class_aggregation": "variance_weighted_average", "num_regressors": 2}, regression),
    ("PearsonCorrelation", {}, regression), ("ConcordanceCorrelation", {}, regression),
    ("PearsonCorrelation", {"axis": 0}, regression),
    ("Hinge", {}, hinge_labels), ("SquaredHinge", {}, hinge_labels),
    ("CategoricalHinge", {}, lambda r: (_one_hot(r), r.normal(size=(B, C)).astype("float32"))),
    ("TruePositives", {}, binary(3)), ("TrueNegatives", {"thresholds": [0.2, 0.6]}, binary(3)),
    ("FalsePositives", {"thresholds": [0.0, 0.5, 1.0]}, binary(3)), ("FalseNegatives", {}, binary(3)),
    ("Precision", {}, binary(3)), ("Precision", {"thresholds": [0.3, 0.7]}, binary(3)),
    ("Precision", {"top_k": 2}, multilabel), ("Precision", {"class_id": 1}, multilabel),
    ("Precision", {"top_k": 2, "class_id": 2, "thresholds": [0.0, 0.5, 1.0]}, multilabel),
    ("Recall", {}, binary(3)), ("Recall", {"thresholds": [0.0, 0.5, 1.0]}, binary(3)),
    ("Recall", {"top_k": 1}, multilabel),
    ("PrecisionAtRecall", {"recall": 0.5}, binary(3)),
    ("PrecisionAtRecall", {"recall": 0.8, "num_thresholds": 1}, binary(3)),
    ("RecallAtPrecision", {"precision": 0.6, "class_id": 1}, multilabel),
    ("SensitivityAtSpecificity", {"specificity": 0.5, "num_thresholds": 20}, binary(3)),
    ("SpecificityAtSensitivity", {"sensitivity": 0.7}, binary(3)),
    ("AUC", {}, binary(3)), ("AUC", {"curve": "PR"}, binary(3)),
    ("AUC", {"curve": "PRGAIN", "summation_method": "minoring"}, binary(3)),
    ("AUC", {"curve": "ROC", "summation_method": "majoring", "num_thresholds": 7}, binary(3)),
    ("AUC", {"thresholds": [0.1, 0.4, 0.8]}, binary(3)),
    ("AUC", {"multi_label": True}, multilabel),
    ("AUC", {"multi_label": True, "num_labels": C, "curve": "PR", "label_weights": [1.0, 2.0, 0.5, 1.0]},
     multilabel),
    ("AUC", {"label_weights": [1.0, 0.0, 3.0, 2.0]}, multilabel),
    ("AUC", {"from_logits": True}, logits()),
    ("F1Score", {}, multilabel), ("F1Score", {"average": "micro", "threshold": 0.5}, multilabel),
    ("FBetaScore", {"beta": 2.0, "average": "macro"}, multilabel),
    ("FBetaScore", {"average": "weighted", "threshold": 0.4}, multilabel),
    ("IoU", {"num_classes": C, "target_class_ids": [0, 2]}, class_ids),
    ("IoU", {"num_classes": C, "target_class_ids": [1], "ignore_class": 3}, class_ids),
    ("BinaryIoU", {}, lambda r: (r.integers(0, 2, (B,)), r.random(B, dtype="float32"))),
    ("BinaryIoU", {"target_class_ids": [1], "threshold": 0.3}, binary(2)),
    ("MeanIoU", {"num_classes": C}, class_ids),
    ("MeanIoU", {"num_classes": C, "sparse_y_pred": False}, lambda r: (r.integers(0, C, B), _probs(r, B, C))),
    ("OneHotIoU", {"num_classes": C, "target_class_ids": [0, 3]}, categorical),
    ("OneHotMeanIoU", {"num_classes": C}, categorical),
    ("OneHotMeanIoU", {"num_classes": C, "sparse_y_pred": True}, lambda r: (_one_hot(r), r.integers(0, C, B))),
    # Other dtypes, and inputs of rank 3 (sequences, images).
    ("IoU", {"num_classes": C, "target_class_ids": [0, 1], "dtype": "float32"}, class_ids),
    ("AUC", {"dtype": "float64"}, binary(3)), ("MeanSquaredError", {"dtype": "float64"}, regression),
    ("AUC", {}, per_entry(lambda r: (r.integers(0, 2, (B, 3, 2)), r.random((B, 3, 2))), (B, 3, 2))),
    ("Recall", {"thresholds": [0.2, 0.9]},
     per_entry(lambda r: (r.integers(0, 2, (B, 3, 2)), r.random((B, 3, 2))), (B, 3, 2))),
    ("MeanSquaredError", {}, lambda r: (r.normal(size=(B, 3, 2)), r.normal(size=(B, 3, 2)))),
    ("SparseTopKCategoricalAccuracy", {"k": 2}, lambda r: (r.integers(0, C, (B, 3)), _probs(r, B, 3, C))),
    ("MeanIoU", {"num_classes": C},
     per_entry(lambda r: (r.integers(0, C, (B, 3, 3)), r.integers(0, C, (B, 3, 3))), (B, 3, 3))),
]
# Cases whose inputs Keras rejects with per-sample weights (values reduced over the batch
# axis, or labels flattened to more entries than samples): both libraries must refuse.
_NO_SAMPLE_WEIGHTS = {"CosineSimilarity-axis=0", "PearsonCorrelation-axis=0",
                      "BinaryIoU-target_class_ids=[1]-threshold=0.3"}
# The IoU family keeps an int32 confusion matrix by default: float weights would be
# truncated (with a warning, tested below), so these cases use integer weights.
_INT_WEIGHTS = {"IoU-num_classes=4-target_class_ids=[0, 2]",
                "IoU-num_classes=4-target_class_ids=[1]-ignore_class=3", "BinaryIoU", "MeanIoU", "OneHotIoU", "OneHotMeanIoU"}


def _case_id(case):
    name, kwargs, _ = case
    return name + "".join(f"-{k}={v}" for k, v in kwargs.items())


def _public(module):
    return sorted(n for n in dir(module) if not n.startswith("_"))


def _to_numpy(x):
    if isinstance(x, torch.Tensor):
        return x.detach().cpu().numpy()
    return np.asarray(x)


def _build(lib, name, kwargs, suffix):
    kwargs = dict(kwargs)
    if "fn" in kwargs:
        kwargs["fn"] = getattr(lib.metrics if lib is not metrics else metrics, kwargs["fn"])
    return getattr(lib.metrics if lib is not metrics else metrics, name)(name=f"m_{suffix}", **kwargs)


def _batches(maker, weighted, int_weights, seed, weight_shape=(B,)):
    r = _rng(seed)
    out = []
    for _ in range(3):
        y_true, y_pred = maker(r)
        weight = None
        if weighted:
            weight = r.integers(0, 3, weight_shape) if int_weights else r.random(weight_shape) * 2
        out.append((y_true, y_pred, weight))
    return out


def _update(metric, batch, torch_inputs):
    y_true, y_pred, weight = batch
    if torch_inputs:
        y_true, y_pred = torch.as_tensor(y_true), None if y_pred is None else torch.as_tensor(y_pred)
        weight = None if weight is None else torch.as_tensor(weight)
    if y_pred is None:
        metric.update_state(y_true, sample_weight=weight)
    else:
        metric.update_state(y_true, y_pred, sample_weight=weight)


def _close(ours, theirs, what):
    np.testing.assert_allclose(_to_numpy(ours), _to_numpy(theirs), rtol=1e-5, atol=1e-6, err_msg=what)


def test_every_keras_name_is_covered(keras):
    missing = [n for n in _public(keras.metrics) if not hasattr(metrics, n) and n not in EXCLUDED]
    assert not missing, f"keras.metrics names Lamina lacks (add them or list them in EXCLUDED): {missing}"


def test_every_class_has_a_case(keras):
    classes = {n for n in _public(keras.metrics) if inspect.isclass(getattr(keras.metrics, n))}
    assert classes - {"Metric"} - {case[0] for case in CASES} == set()


@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_three_batches_match_keras(keras, case, weighted):
    name, kwargs, maker = case
    int_weights = name in _INT_WEIGHTS or _case_id(case) in _INT_WEIGHTS
    shape = getattr(maker, "weight_shape", (B,))
    batches = _batches(maker, weighted, int_weights, seed=len(_case_id(case)), weight_shape=shape)
    ours, theirs = _build(metrics, name, kwargs, "a"), _build(keras, name, kwargs, "a")
    if weighted and _case_id(case) in _NO_SAMPLE_WEIGHTS:
        with pytest.raises(ValueError, match="sample_weight"):
            _update(ours, batches[0], torch_inputs=True)
        with pytest.raises((ValueError, RuntimeError)):
            _update(theirs, batches[0], torch_inputs=False)
        return
    for i, batch in enumerate(batches):
        _update(ours, batch, torch_inputs=True)
        _update(theirs, batch, torch_inputs=False)
        _close(ours.result(), theirs.result(), f"{name} after batch {i + 1}")
    ours.reset_state()
    theirs.reset_state()
    for metric in (ours, theirs):
        _update(metric, batches[1], torch_inputs=metric is ours)
    _close(ours.result(), theirs.result(), f"{name} after reset_state and one batch")


def _plain(value):
    """Config values as plain Python (Keras keeps some as tensors or numpy scalars)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (torch.Tensor, np.ndarray)):
        return _plain(_to_numpy(value).tolist())
    if isinstance(value, np.generic):
        return value.item()
    return value


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_config_matches_keras_and_round_trips(keras, case):
    name, kwargs, _ = case
    ours, theirs = _build(metrics, name, kwargs, "c"), _build(keras, name, kwargs, "c")
    config = ours.get_config()
    assert _plain(config) == _plain(theirs.get_config())
    # What callbacks' mode="auto" reads: "up", "down", or absent, as in Keras.
    assert getattr(ours, "_direction", None) == getattr(theirs, "_direction", None)
    rebuilt = type(ours).from_config(config)
    assert _plain(rebuilt.get_config()) == _plain(config)
    assert _plain(metrics.deserialize(metrics.serialize(ours)).get_config()) == _plain(config)


@pytest.mark.parametrize("name", sorted({c[0] for c in CASES} - {"MeanMetricWrapper", "Sum", "Mean"}))
def test_default_names_and_signatures_match_keras(keras, name):
    ours, theirs = getattr(metrics, name), getattr(keras.metrics, name)
    assert inspect.signature(ours.__init__) .parameters.keys() == inspect.signature(theirs.__init__).parameters.keys()
    for p_ours, p_theirs in zip(inspect.signature(ours.__init__).parameters.values(),
                                inspect.signature(theirs.__init__).parameters.values(), strict=True):
        assert _plain(p_ours.default) == _plain(p_theirs.default), f"{name}({p_ours.name}=...)"
    required = {k: v for k, v in next(c[1] for c in CASES if c[0] == name).items()
                if inspect.signature(theirs.__init__).parameters[k].default is inspect.Parameter.empty}
    strip = re.compile(r"_\d+$")
    assert strip.sub("", ours(**required).name) == strip.sub("", theirs(**required).name)


# Function forms: name -> (maker, kwargs).
FUNCTIONS = {
    "binary_accuracy": (binary(3), {"threshold": 0.4}),
    "categorical_accuracy": (categorical, {}),
    "sparse_categorical_accuracy": (sparse, {}),
    "top_k_categorical_accuracy": (categorical, {"k": 2}),
    "sparse_top_k_categorical_accuracy": (sparse, {"k": 2}),
    "binary_crossentropy": (binary(3), {}),
    "categorical_crossentropy": (categorical, {}),
    "sparse_categorical_crossentropy": (sparse, {}),
    "binary_focal_crossentropy": (binary(3), {"apply_class_balancing": True, "gamma": 1.5}),
    "categorical_focal_crossentropy": (categorical, {"label_smoothing": 0.1}),
    "hinge": (hinge_labels, {}), "squared_hinge": (hinge_labels, {}),
    "categorical_hinge": (categorical, {}),
    "huber": (regression, {"delta": 0.5}), "log_cosh": (regression, {}),
    "kl_divergence": (lambda r: (_probs(r, B, C), _probs(r, B, C)), {}),
    "poisson": (positive, {}),
    "mean_absolute_error": (regression, {}), "mean_squared_error": (regression, {}),
    "mean_absolute_percentage_error": (regression, {}),
    "mean_squared_logarithmic_error": (positive, {}),
    "pearson_correlation": (regression, {}), "concordance_correlation": (regression, {}),
}
_API = {"get", "serialize", "deserialize"}


def test_every_function_has_a_case(keras):
    functions = {n for n in _public(keras.metrics) if not inspect.isclass(getattr(keras.metrics, n))}
    assert functions - _API - set(FUNCTIONS) == set()


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_function_forms_match_keras(keras, name):
    maker, kwargs = FUNCTIONS[name]
    y_true, y_pred = maker(_rng(7))
    ours = getattr(metrics, name)(torch.as_tensor(y_true), torch.as_tensor(y_pred), **kwargs)
    theirs = getattr(keras.metrics, name)(y_true, y_pred, **kwargs)
    _close(ours, theirs, name)
    ours_params = inspect.signature(getattr(metrics, name)).parameters
    theirs_params = inspect.signature(getattr(keras.metrics, name)).parameters
    assert list(ours_params) == list(theirs_params)


@pytest.mark.parametrize("name", sorted({c[0] for c in CASES} - {"MeanMetricWrapper"}))
def test_get_resolves_names_like_keras(keras, name):
    from lamina.naming import to_snake_case

    for key in (name, to_snake_case(name)):
        try:
            expected = type(keras.metrics.get(key)).__name__
        except (TypeError, ValueError):
            continue  # classes with required arguments cannot be built from a bare name
        assert type(metrics.get(key)).__name__ == expected


def test_get_aliases_like_keras(keras):
    for alias in ("mse", "MSE", "mae", "MAE", "mape", "MAPE", "msle", "MSLE", "bce", "BCE"):
        assert type(metrics.get(alias)).__name__ == type(keras.metrics.get(alias)).__name__


def test_iou_truncates_float_weights_and_warns_as_keras_does(keras):
    y_true, y_pred, weight = np.array([0, 1, 2, 1]), np.array([0, 1, 1, 1]), np.array([0.5, 1.7, 1.0, 2.0])
    ours, theirs = metrics.IoU(3, [0, 1]), keras.metrics.IoU(3, [0, 1])
    with pytest.warns(UserWarning, match="truncated"):
        ours.update_state(torch.as_tensor(y_true), torch.as_tensor(y_pred), torch.as_tensor(weight))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs.update_state(y_true, y_pred, weight)
    _close(ours.result(), theirs.result(), "IoU with float weights")


@pytest.mark.parametrize("make", [
    lambda: metrics.AUC(curve="XY"), lambda: metrics.AUC(num_thresholds=1),
    lambda: metrics.AUC(num_labels=3), lambda: metrics.Precision(thresholds=[1.5]),
    lambda: metrics.PrecisionAtRecall(recall=1.5), lambda: metrics.F1Score(average="all"),
    lambda: metrics.FBetaScore(beta=2), lambda: metrics.R2Score(class_aggregation="x"),
    lambda: metrics.IoU(3, [5]), lambda: metrics.SensitivityAtSpecificity(0.5, num_thresholds=0),
])
def test_bad_arguments_raise_value_error(make):
    with pytest.raises(ValueError):
        make()


def test_auc_multi_label_needs_rank_2():
    with pytest.raises(ValueError, match="rank 2"):
        metrics.AUC(multi_label=True).update_state(torch.zeros(4), torch.zeros(4))


@given(
    preds=st.lists(st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0, 0.1, 0.9]), min_size=1, max_size=12),
    thresholds=st.lists(st.sampled_from([0.0, 0.25, 0.5, 0.6, 1.0]), min_size=1, max_size=4),
    seed=st.integers(0, 2**16),
)
def test_confusion_counts_equal_the_definition(preds, thresholds, seed):
    # The definition (keras/src/metrics/metrics_utils.py, update_confusion_matrix_variables):
    # predicted positive when y_pred > threshold, labels positive when non-zero, counts weighted.
    from lamina.metrics import confusion_utils

    r = _rng(seed)
    y_pred = np.array(preds, dtype="float32")
    y_true = r.integers(0, 2, len(preds)).astype("float32")
    weight = r.random(len(preds)).astype("float32")
    states = {k: torch.zeros(len(thresholds), dtype=torch.float64) for k in confusion_utils.KEYS}
    confusion_utils.update_confusion(states, confusion_utils.KEYS, torch.as_tensor(y_true),
                                     torch.as_tensor(y_pred), thresholds,
                                     sample_weight=torch.as_tensor(weight))
    predicted = y_pred[None, :] > np.array(thresholds, dtype="float32")[:, None]
    actual = (y_true != 0)[None, :]
    expected = {
        "true_positives": predicted & actual, "false_positives": predicted & ~actual,
        "true_negatives": ~predicted & ~actual, "false_negatives": ~predicted & actual,
    }
    for key, cells in expected.items():
        np.testing.assert_allclose(states[key].numpy(), (cells * weight).sum(1), rtol=1e-6, atol=1e-6)


def test_compiled_metrics_report_what_keras_computes_on_the_same_predictions(keras):
    import lamina

    r = _rng(3)
    x = r.normal(size=(32, 5)).astype("float32")
    y = np.eye(C, dtype="float32")[r.integers(0, C, 32)]
    model = lamina.Sequential([lamina.Input((5,)), lamina.layers.Dense(C, activation="softmax")])
    specs = [("AUC", {}), ("F1Score", {"average": "macro"}), ("OneHotMeanIoU", {"num_classes": C}),
             ("R2Score", {}), ("PrecisionAtRecall", {"recall": 0.5}), ("TopKCategoricalAccuracy", {"k": 2})]
    model.compile(optimizer="sgd", loss="categorical_crossentropy",
                  metrics=[getattr(metrics, n)(**kw) for n, kw in specs])
    logs = model.evaluate(x, y, batch_size=8, verbose=0, return_dict=True)
    y_pred = _to_numpy(model.predict(x, batch_size=8, verbose=0))
    for name, kwargs in specs:
        oracle = getattr(keras.metrics, name)(**kwargs)
        for start in range(0, 32, 8):
            oracle.update_state(y[start:start + 8], y_pred[start:start + 8])
        key = re.sub(r"_\d+$", "", getattr(metrics, name)(**kwargs).name)
        found = [v for k, v in logs.items() if re.sub(r"_\d+$", "", k) == key]
        assert found, f"{key} missing from {sorted(logs)}"
        _close(found[0], oracle.result(), f"compiled {name}")


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_function_configs_match_keras_and_resolve_back(keras, name):
    ours = getattr(metrics, name)
    assert metrics.serialize(ours) == keras.metrics.serialize(getattr(keras.metrics, name))
    # Keras 3.15.1 raises TypeError here for names a class shares in snake_case ("hinge"
    # -> `Hinge`); Lamina gives back the function, as the config says.
    assert metrics.deserialize(metrics.serialize(ours)) is ours
    wrapper = metrics.MeanMetricWrapper(ours, name="wrapped")
    assert metrics.MeanMetricWrapper.from_config(wrapper.get_config())._fn is ours


@pytest.mark.parametrize("name", ["Precision", "AUC", "MeanIoU"])
def test_weights_that_do_not_broadcast_raise_value_error(keras, name):
    # Keras rejects these too (a torch RuntimeError); Lamina says which shapes clash.
    r = _rng(0)
    kwargs = {"num_classes": C} if name == "MeanIoU" else {}
    y_true, y_pred = r.integers(0, 2, (B, 3, 2)), r.integers(0, 2, (B, 3, 2)).astype("float32")
    weight = r.integers(1, 3, B)
    with pytest.raises(ValueError, match=r"sample_weight.*\(8,\)"):
        getattr(metrics, name)(**kwargs).update_state(torch.as_tensor(y_true), torch.as_tensor(y_pred),
                                                      torch.as_tensor(weight))
    with pytest.raises(RuntimeError):
        getattr(keras.metrics, name)(**kwargs).update_state(y_true, y_pred, weight)
