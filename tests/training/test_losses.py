"""Lamina losses against the Keras oracle (values, gradients, configs) and their errors."""

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from lamina import losses

BATCH, CLASSES = 8, 5


def _probs(*shape):
    return torch.softmax(torch.randn(*shape), dim=-1)


def _labels(*shape, high=CLASSES):
    return torch.randint(0, high, shape)


def _one_hot(labels):
    return torch.nn.functional.one_hot(labels, CLASSES).float()


def _extreme_probs():
    # Exact 0s and 1s: only Keras's clipping to [1e-7, 1 - 1e-7] keeps the logs finite.
    p = _probs(BATCH, CLASSES)
    p[0] = torch.tensor([1.0, 0.0, 0.0, 0.0, 0.0])
    p[1] = torch.tensor([0.0, 0.0, 0.0, 0.0, 1.0])
    return p


# (class name, constructor kwargs, make(y_true, y_pred)); labels are made before predictions.
CASES = [
    ("MeanSquaredError", {}, lambda: (torch.randn(BATCH, 3), torch.randn(BATCH, 3))),
    ("MeanSquaredError", {}, lambda: (torch.randn(BATCH), torch.randn(BATCH, 1))),
    ("MeanSquaredError", {}, lambda: (torch.randn(BATCH, 1), torch.randn(BATCH))),
    ("MeanAbsoluteError", {}, lambda: (torch.randn(BATCH, 3), torch.randn(BATCH, 3))),
    ("MeanAbsoluteError", {}, lambda: (torch.randn(BATCH, 4, 3), torch.randn(BATCH, 4, 3))),
    (
        "BinaryCrossentropy",
        {},
        lambda: (torch.randint(0, 2, (BATCH, 1)).float(), torch.rand(BATCH, 1)),
    ),
    ("BinaryCrossentropy", {}, lambda: (torch.randint(0, 2, (BATCH,)), torch.rand(BATCH, 1))),
    (
        "BinaryCrossentropy",
        {"from_logits": True},
        lambda: (torch.randint(0, 2, (BATCH, 3)).float(), 4 * torch.randn(BATCH, 3)),
    ),
    (
        "BinaryCrossentropy",
        {"label_smoothing": 0.2},
        lambda: (torch.randint(0, 2, (BATCH, 3)).float(), torch.rand(BATCH, 3)),
    ),
    (
        "BinaryCrossentropy",
        {},
        lambda: (
            torch.tensor([[0.0], [1.0], [0.0], [1.0]]),
            torch.tensor([[0.0], [1.0], [1.0], [0.0]]),
        ),
    ),
    ("CategoricalCrossentropy", {}, lambda: (_one_hot(_labels(BATCH)), _probs(BATCH, CLASSES))),
    (
        "CategoricalCrossentropy",
        {},
        lambda: (_one_hot(_labels(BATCH)), torch.rand(BATCH, CLASSES)),  # not normalized
    ),
    (
        "CategoricalCrossentropy",
        {"from_logits": True},
        lambda: (_one_hot(_labels(BATCH)), 5 * torch.randn(BATCH, CLASSES)),
    ),
    (
        "CategoricalCrossentropy",
        {"label_smoothing": 0.1},
        lambda: (_one_hot(_labels(BATCH)), _probs(BATCH, CLASSES)),
    ),
    ("CategoricalCrossentropy", {}, lambda: (_one_hot(_labels(BATCH)), _extreme_probs())),
    (
        "CategoricalCrossentropy",
        {"axis": 1},
        lambda: (
            _one_hot(_labels(BATCH, 3)).transpose(1, 2),
            _probs(BATCH, 3, CLASSES).transpose(1, 2),
        ),
    ),
    ("SparseCategoricalCrossentropy", {}, lambda: (_labels(BATCH), _probs(BATCH, CLASSES))),
    ("SparseCategoricalCrossentropy", {}, lambda: (_labels(BATCH, 1), _probs(BATCH, CLASSES))),
    (
        "SparseCategoricalCrossentropy",
        {},
        lambda: (_labels(BATCH, 1).float(), _probs(BATCH, CLASSES)),
    ),
    (
        "SparseCategoricalCrossentropy",
        {"from_logits": True},
        lambda: (_labels(BATCH), 5 * torch.randn(BATCH, CLASSES)),
    ),
    (
        "SparseCategoricalCrossentropy",
        {"from_logits": True},
        lambda: (_labels(BATCH, 6), torch.randn(BATCH, 6, CLASSES)),
    ),
    ("SparseCategoricalCrossentropy", {}, lambda: (_labels(BATCH), _extreme_probs())),
    (
        "SparseCategoricalCrossentropy",
        {"ignore_class": 2},
        lambda: (_labels(BATCH), _probs(BATCH, CLASSES)),
    ),
    (
        "SparseCategoricalCrossentropy",
        {"ignore_class": -1, "from_logits": True},
        lambda: (torch.tensor([0, -1, 3, -1, 4, 1, -1, 2]), torch.randn(BATCH, CLASSES)),
    ),
]
CASE_IDS = [f"{i}-{name}-{kw}" for i, (name, kw, _) in enumerate(CASES)]


def _keras_value(keras, fn, *args, **kwargs):
    return torch.as_tensor(np.array(keras.ops.convert_to_numpy(fn(*args, **kwargs))))


@pytest.mark.parametrize("name, kwargs, make", CASES, ids=CASE_IDS)
def test_loss_matches_keras(keras, name, kwargs, make):
    y_true, y_pred = make()
    ours = getattr(losses, name)(**kwargs)
    theirs = getattr(keras.losses, name)(**kwargs)
    torch.testing.assert_close(
        ours(y_true, y_pred), _keras_value(keras, theirs, y_true, y_pred), rtol=1e-5, atol=1e-6
    )


# Cases with one loss value per sample, so a `(batch,)` weight lines up.
WEIGHTED = [0, 1, 5, 7, 10, 12, 16, 17, 22, 23]


@pytest.mark.parametrize(
    "name, kwargs, make", [CASES[i] for i in WEIGHTED], ids=[CASE_IDS[i] for i in WEIGHTED]
)
@pytest.mark.parametrize(
    "reduction", ["sum", None, "mean_with_sample_weight", "sum_over_batch_size"]
)
def test_sample_weight_and_reductions_match_keras(keras, name, kwargs, make, reduction):
    y_true, y_pred = make()
    weight = torch.rand(BATCH)
    ours = getattr(losses, name)(reduction=reduction, **kwargs)
    theirs = getattr(keras.losses, name)(reduction=reduction, **kwargs)
    # Keras multiplies a masked loss's weights in place (ignore_class), so give it a copy.
    expected = _keras_value(keras, theirs, y_true, y_pred, sample_weight=weight.clone())
    before = weight.clone()
    actual = ours(y_true, y_pred, sample_weight=weight)
    torch.testing.assert_close(actual, expected, rtol=1e-5, atol=1e-6)
    assert torch.equal(weight, before)


@pytest.mark.parametrize("name, kwargs, make", CASES, ids=CASE_IDS)
def test_gradient_matches_keras(keras, name, kwargs, make):
    # Clipping and renormalization shape the gradient too, not only the value.
    y_true, y_pred = make()
    ours_in = y_pred.clone().requires_grad_(True)
    theirs_in = y_pred.clone().requires_grad_(True)
    getattr(losses, name)(**kwargs)(y_true, ours_in).backward()
    getattr(keras.losses, name)(**kwargs)(y_true, theirs_in).backward()
    torch.testing.assert_close(ours_in.grad, theirs_in.grad, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize(
    "fn, kwargs, make",
    [
        ("mean_squared_error", {}, lambda: (torch.randn(BATCH, 3), torch.randn(BATCH, 3))),
        ("mean_absolute_error", {}, lambda: (torch.randn(BATCH), torch.randn(BATCH, 1))),
        (
            "binary_crossentropy",
            {"from_logits": True, "label_smoothing": 0.1},
            lambda: (torch.randint(0, 2, (BATCH, 2)), torch.randn(BATCH, 2)),
        ),
        ("categorical_crossentropy", {}, lambda: (_one_hot(_labels(BATCH)), _extreme_probs())),
        (
            "sparse_categorical_crossentropy",
            {},
            lambda: (_labels(BATCH, 1), _probs(BATCH, CLASSES)),
        ),
        (
            "sparse_categorical_crossentropy",
            {"from_logits": True},
            lambda: (torch.tensor(3), torch.randn(CLASSES)),
        ),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_functions_return_one_value_per_sample_like_keras(keras, fn, kwargs, make):
    y_true, y_pred = make()
    ours = getattr(losses, fn)(y_true, y_pred, **kwargs)
    expected = _keras_value(keras, getattr(keras.losses, fn), y_true, y_pred, **kwargs)
    assert ours.shape == expected.shape
    torch.testing.assert_close(ours, expected, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize(
    "name",
    [
        "MeanSquaredError",
        "MeanAbsoluteError",
        "BinaryCrossentropy",
        "CategoricalCrossentropy",
        "SparseCategoricalCrossentropy",
    ],
)
def test_config_and_serialization_match_keras(keras, name):
    ours, theirs = getattr(losses, name)(), getattr(keras.losses, name)()
    assert ours.get_config() == theirs.get_config()
    assert losses.serialize(ours) == keras.losses.serialize(theirs)
    assert type(losses.deserialize(losses.serialize(ours))) is type(ours)
    assert keras.losses.deserialize(losses.serialize(ours)).get_config() == ours.get_config()
    assert losses.get(keras.losses.serialize(theirs)).get_config() == theirs.get_config()


def test_function_and_wrapper_serialization_match_keras(keras):
    from keras.src.losses.losses import LossFunctionWrapper

    wrapper = losses.get("mse")
    assert wrapper.name == "mse"
    theirs = LossFunctionWrapper(keras.losses.mean_squared_error, name="mse")
    assert losses.serialize(wrapper) == keras.losses.serialize(theirs)
    assert losses.serialize(losses.mean_squared_error) == keras.losses.serialize(
        keras.losses.mean_squared_error
    )
    rebuilt = losses.deserialize(losses.serialize(wrapper))
    assert rebuilt.name == "mse" and rebuilt.fn is losses.mean_squared_error


@pytest.mark.parametrize(
    "identifier, cls, name",
    [
        (
            "sparse_categorical_crossentropy",
            losses.LossFunctionWrapper,
            "sparse_categorical_crossentropy",
        ),
        (
            "SparseCategoricalCrossentropy",
            losses.SparseCategoricalCrossentropy,
            "sparse_categorical_crossentropy",
        ),
        ("categorical_crossentropy", losses.LossFunctionWrapper, "categorical_crossentropy"),
        ("binary_crossentropy", losses.LossFunctionWrapper, "binary_crossentropy"),
        ("mse", losses.LossFunctionWrapper, "mse"),
        ("mean_absolute_error", losses.LossFunctionWrapper, "mean_absolute_error"),
        ("MAE", losses.LossFunctionWrapper, "MAE"),
        (losses.MeanSquaredError, losses.MeanSquaredError, "mean_squared_error"),
        (
            {"class_name": "BinaryCrossentropy", "config": {"from_logits": True}},
            losses.BinaryCrossentropy,
            "binary_crossentropy",
        ),
    ],
)
def test_get_resolves_identifiers(identifier, cls, name):
    loss = losses.get(identifier)
    assert type(loss) is cls and loss.name == name


def test_get_passes_instances_and_wraps_functions():
    loss = losses.CategoricalCrossentropy(from_logits=True)
    assert losses.get(loss) is loss
    assert losses.get(None) is None

    def squared(y_true, y_pred):
        return (y_true - y_pred) ** 2

    wrapped = losses.get(squared)
    assert wrapped.name == "squared"
    y_true, y_pred = torch.randn(4, 3), torch.randn(4, 3)
    torch.testing.assert_close(wrapped(y_true, y_pred), ((y_true - y_pred) ** 2).mean())


@pytest.mark.parametrize("bad", ["msee", "Mse", 3])
def test_get_rejects_unknown_identifiers(bad):
    with pytest.raises(
        ValueError, match="Could not interpret loss identifier.*'mean_squared_error'"
    ):
        losses.get(bad)


@pytest.mark.parametrize(
    "y_true_shape, y_pred_shape, cls",
    [
        ((8,), (8, 1), "binary"),
        ((8, 1), (8, 3), "sparse"),
        ((8,), (8, 3), "sparse"),
        ((8, 3), (8, 3), "categorical"),
    ],
)
def test_crossentropy_shortcut_picks_by_shape(y_true_shape, y_pred_shape, cls):
    loss = losses.get_loss("crossentropy", torch.zeros(y_true_shape), torch.zeros(y_pred_shape))
    assert loss.fn.__name__.startswith(cls) and loss.name == "crossentropy"


@pytest.mark.parametrize(
    "loss, y_true_shape, y_pred_shape, hint",
    [
        (losses.MeanSquaredError(), (32, 1), (32, 10), "last layer"),
        (losses.MeanAbsoluteError(), (32, 4), (32, 10), "last layer"),
        (losses.BinaryCrossentropy(), (32, 1), (32, 10), "sparse_categorical_crossentropy"),
        (losses.CategoricalCrossentropy(), (32, 3), (32, 10), "sparse_categorical_crossentropy"),
        (losses.SparseCategoricalCrossentropy(), (32, 10), (32, 10), "categorical_crossentropy"),
    ],
)
def test_shape_mismatch_names_the_loss_and_both_shapes(loss, y_true_shape, y_pred_shape, hint):
    message = (
        (
            f"`{loss.name}` needs.*y_true.shape={tuple(y_true_shape)}, "
            f"y_pred.shape={tuple(y_pred_shape)}.*{hint}"
        )
        .replace("(", "\\(")
        .replace(")", "\\)")
    )
    with pytest.raises(ValueError, match=message):
        loss(torch.zeros(y_true_shape), torch.full(y_pred_shape, 0.5))


def test_bad_reduction_is_rejected():
    with pytest.raises(ValueError, match="Invalid value for argument `reduction`.*'avg'"):
        losses.MeanSquaredError(reduction="avg")


def test_categorical_crossentropy_warns_on_a_single_class_like_keras():
    with pytest.warns(SyntaxWarning, match="Consider using 'binary_crossentropy'"):
        losses.categorical_crossentropy(torch.ones(4, 1), torch.full((4, 1), 0.5))


@given(
    batch=st.integers(1, 6),
    classes=st.integers(2, 7),
    from_logits=st.booleans(),
    seed=st.integers(0, 2**16),
)
def test_sparse_equals_categorical_on_one_hot_labels(batch, classes, from_logits, seed):
    generator = torch.Generator().manual_seed(seed)
    labels = torch.randint(0, classes, (batch,), generator=generator)
    y_pred = torch.randn(batch, classes, generator=generator)
    if not from_logits:
        y_pred = torch.softmax(y_pred, dim=-1)
    one_hot = torch.nn.functional.one_hot(labels, classes)
    sparse = losses.sparse_categorical_crossentropy(labels, y_pred, from_logits=from_logits)
    dense = losses.categorical_crossentropy(one_hot, y_pred, from_logits=from_logits)
    torch.testing.assert_close(sparse, dense, rtol=1e-5, atol=1e-6)
