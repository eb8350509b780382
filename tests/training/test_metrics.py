"""Lamina metrics against the Keras oracle over several batches, and `"accuracy"` resolution."""

import re

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from lamina import losses, metrics

BATCH, CLASSES = 16, 4


def _probs(*shape):
    return torch.softmax(torch.randn(*shape), dim=-1)


def _one_hot(labels):
    return torch.nn.functional.one_hot(labels, CLASSES).float()


# (class name, kwargs, make() -> (y_true, y_pred)); each case runs over three batches.
CASES = [
    ("Accuracy", {}, lambda: (torch.randint(0, 3, (BATCH,)), torch.randint(0, 3, (BATCH,)))),
    (
        "BinaryAccuracy",
        {},
        lambda: (torch.randint(0, 2, (BATCH, 1)).float(), torch.rand(BATCH, 1)),
    ),
    (
        "BinaryAccuracy",
        {"threshold": 0.7},
        lambda: (torch.randint(0, 2, (BATCH,)), torch.rand(BATCH, 1)),
    ),
    (
        "BinaryAccuracy",
        {},
        lambda: (torch.randint(0, 2, (BATCH, 3)), torch.rand(BATCH, 3)),
    ),
    (
        "CategoricalAccuracy",
        {},
        lambda: (_one_hot(torch.randint(0, CLASSES, (BATCH,))), _probs(BATCH, CLASSES)),
    ),
    (
        "SparseCategoricalAccuracy",
        {},
        lambda: (torch.randint(0, CLASSES, (BATCH,)), _probs(BATCH, CLASSES)),
    ),
    (
        "SparseCategoricalAccuracy",
        {},
        lambda: (torch.randint(0, CLASSES, (BATCH, 1)).float(), torch.randn(BATCH, CLASSES)),
    ),
    ("MeanSquaredError", {}, lambda: (torch.randn(BATCH, 3), torch.randn(BATCH, 3))),
    ("MeanAbsoluteError", {}, lambda: (torch.randn(BATCH), torch.randn(BATCH, 1))),
    (
        "BinaryCrossentropy",
        {"from_logits": True},
        lambda: (torch.randint(0, 2, (BATCH, 1)).float(), torch.randn(BATCH, 1)),
    ),
    (
        "CategoricalCrossentropy",
        {"label_smoothing": 0.1},
        lambda: (_one_hot(torch.randint(0, CLASSES, (BATCH,))), _probs(BATCH, CLASSES)),
    ),
    (
        "SparseCategoricalCrossentropy",
        {},
        lambda: (torch.randint(0, CLASSES, (BATCH,)), _probs(BATCH, CLASSES)),
    ),
    (
        "SparseCategoricalCrossentropy",
        {"ignore_class": 0, "from_logits": True},
        lambda: (torch.randint(0, CLASSES, (BATCH,)), torch.randn(BATCH, CLASSES)),
    ),
    ("Precision", {}, lambda: (torch.randint(0, 2, (BATCH, 1)), torch.rand(BATCH, 1))),
    ("Recall", {}, lambda: (torch.randint(0, 2, (BATCH,)), torch.rand(BATCH, 1))),
    (
        "Precision",
        {"thresholds": [0.2, 0.5, 0.8]},
        lambda: (torch.randint(0, 2, (BATCH, 3)), torch.rand(BATCH, 3)),
    ),
    (
        "Recall",
        {"class_id": 2},
        lambda: (_one_hot(torch.randint(0, CLASSES, (BATCH,))), _probs(BATCH, CLASSES)),
    ),
    (
        "Precision",
        {"top_k": 2},
        lambda: (_one_hot(torch.randint(0, CLASSES, (BATCH,))), _probs(BATCH, CLASSES)),
    ),
]
CASE_IDS = [f"{i}-{name}-{kw}" for i, (name, kw, _) in enumerate(CASES)]


def _stem(name):
    return re.sub(r"_\d+$", "", name)


def _numpy(value):
    return np.array(value.detach().cpu().numpy() if torch.is_tensor(value) else value)


@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
@pytest.mark.parametrize("name, kwargs, make", CASES, ids=CASE_IDS)
def test_metric_over_batches_matches_keras(keras, name, kwargs, make, weighted):
    ours = getattr(metrics, name)(**kwargs)
    theirs = getattr(keras.metrics, name)(**kwargs)
    for _ in range(3):
        y_true, y_pred = make()
        weight = torch.rand(BATCH) if weighted else None
        ours.update_state(y_true, y_pred, sample_weight=weight)
        # Keras may scale a masked metric's weights in place, so it gets a copy.
        theirs.update_state(
            y_true, y_pred, sample_weight=None if weight is None else weight.clone()
        )
        np.testing.assert_allclose(
            _numpy(ours.result()), _numpy(theirs.result()), rtol=1e-5, atol=1e-6
        )
    result = ours.result()
    assert torch.is_tensor(result) and result.dtype == torch.float32
    ours.reset_state()
    theirs.reset_state()
    np.testing.assert_allclose(_numpy(ours.result()), _numpy(theirs.result()))


@pytest.mark.parametrize(
    "values, weight",
    [
        ([1.0, 3.0, 5.0, 7.0], None),
        ([1.0, 3.0, 5.0, 7.0], [1.0, 1.0, 0.0, 0.0]),
        ([1.0, 3.0, 5.0, 7.0], 2.0),
        ([[1.0, 2.0], [3.0, 5.0]], [0.5, 2.0]),
        ([[1.0, 2.0], [3.0, 5.0]], [[0.5, 1.0], [2.0, 0.0]]),
        (2.5, 32.0),  # how a training loop tracks the loss: one scalar per batch of 32
    ],
)
@pytest.mark.parametrize("name", ["Mean", "Sum"])
def test_mean_and_sum_follow_keras_weighting(keras, name, values, weight):
    ours, theirs = getattr(metrics, name)(), getattr(keras.metrics, name)()
    for scale in (1.0, -2.0):
        batch = torch.tensor(values) * scale
        ours.update_state(batch, sample_weight=weight)
        theirs.update_state(batch, sample_weight=weight)
    np.testing.assert_allclose(_numpy(ours.result()), _numpy(theirs.result()), rtol=1e-6)


@pytest.mark.parametrize(
    "y_true_shape, y_true_dtype, y_pred_shape",
    [
        ((8, 1), torch.float32, (8, 1)),  # binary: one prediction column
        ((8,), torch.int64, (8, 1)),
        ((8,), torch.int64, (8, 10)),  # sparse: labels of lower rank
        ((8, 1), torch.int64, (8, 10)),  # sparse: one label column against many
        ((8, 1), torch.float32, (8, 10)),
        ((8, 10), torch.float32, (8, 10)),  # categorical: one-hot labels
        ((8, 5, 10), torch.float32, (8, 5, 10)),
        ((8, 5), torch.int64, (8, 5, 10)),
    ],
)
@pytest.mark.parametrize("identifier", ["accuracy", "acc", "Accuracy"])
def test_accuracy_resolution_matches_keras_compile(
    keras, identifier, y_true_shape, y_true_dtype, y_pred_shape
):
    from keras.src.trainers import compile_utils

    y_true = torch.zeros(y_true_shape, dtype=y_true_dtype)
    y_pred = torch.zeros(y_pred_shape)
    ours = metrics.get_metric(identifier, y_true, y_pred)
    theirs = compile_utils.get_metric(identifier, y_true, y_pred)
    assert type(ours).__name__ == type(theirs).__name__
    assert ours.name == theirs.name == identifier


def test_get_metric_names_and_wrapping(keras):
    from keras.src.trainers import compile_utils

    y_true, y_pred = torch.zeros(4, 1), torch.zeros(4, 1)
    for identifier in ["mse", "mean_absolute_error", "MeanSquaredError", "binary_crossentropy"]:
        ours = metrics.get_metric(identifier, y_true, y_pred)
        theirs = compile_utils.get_metric(identifier, y_true, y_pred)
        assert (type(ours).__name__, ours.name) == (type(theirs).__name__, theirs.name)

    def hits(y_true, y_pred):
        return (y_true == y_pred).float()

    wrapped = metrics.get_metric(hits, y_true, y_pred)
    assert isinstance(wrapped, metrics.MeanMetricWrapper) and wrapped.name == "hits"
    instance = metrics.Precision(name="p")
    assert metrics.get_metric(instance, y_true, y_pred) is instance
    with pytest.raises(ValueError, match="received `None`"):
        metrics.get_metric(None, y_true, y_pred)


@pytest.mark.parametrize("bad", ["acc", "accuracyy", 3])
def test_get_rejects_unknown_identifiers(bad):
    with pytest.raises(
        ValueError, match="Could not interpret metric identifier.*'sparse_categorical_accuracy'"
    ):
        metrics.get(bad)


@pytest.mark.parametrize(
    "name",
    [
        "Mean",
        "Sum",
        "Accuracy",
        "BinaryAccuracy",
        "CategoricalAccuracy",
        "SparseCategoricalAccuracy",
        "MeanSquaredError",
        "MeanAbsoluteError",
        "BinaryCrossentropy",
        "CategoricalCrossentropy",
        "SparseCategoricalCrossentropy",
        "Precision",
        "Recall",
    ],
)
def test_config_and_serialization_match_keras(keras, name):
    # Precision and Recall default to numbered names (precision_2); compare them by stem.
    ours, theirs = getattr(metrics, name)(), getattr(keras.metrics, name)()
    ours.name = theirs.name = _stem(theirs.name)
    assert ours.get_config() == theirs.get_config()
    assert metrics.serialize(ours) == keras.metrics.serialize(theirs)
    assert type(metrics.deserialize(metrics.serialize(ours))) is type(ours)
    assert _stem(metrics.get(name).name) == _stem(theirs.name)


def test_mean_metric_wrapper_serializes_like_keras(keras):
    ours = metrics.MeanMetricWrapper(losses.mean_squared_error, name="mse")
    theirs = keras.metrics.MeanMetricWrapper(keras.losses.mean_squared_error, name="mse")
    assert metrics.serialize(ours) == keras.metrics.serialize(theirs)
    rebuilt = metrics.deserialize(metrics.serialize(ours))
    assert rebuilt.name == "mse" and rebuilt._fn is losses.mean_squared_error


def test_update_state_keeps_no_autograd_history():
    prediction = torch.randn(4, 3, requires_grad=True)
    metric = metrics.MeanSquaredError()
    metric.update_state(torch.zeros(4, 3), prediction)
    loss_tracker = metrics.Mean()
    loss_tracker.update_state((prediction**2).mean(), sample_weight=4)
    assert not metric.result().requires_grad and not loss_tracker.result().requires_grad
    assert isinstance(float(loss_tracker.result()), float)


@given(
    values=st.lists(st.floats(-100, 100, width=32), min_size=1, max_size=30),
    cuts=st.lists(st.integers(0, 30), max_size=4),
)
def test_mean_over_any_batching_is_the_overall_mean(values, cuts):
    data = torch.tensor(values)
    bounds = sorted({0, len(values), *(min(c, len(values)) for c in cuts)})
    metric = metrics.Mean()
    for start, stop in zip(bounds, bounds[1:]):
        metric.update_state(data[start:stop])
    torch.testing.assert_close(metric.result(), data.double().mean().float(), rtol=1e-5, atol=1e-5)
