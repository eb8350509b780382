"""Every name in `keras.losses` against Keras 3: values (each reduction, with and without
sample weights, several shapes and options), function forms, configs and serialization.

The list of names comes from Keras's own namespace, so a loss Keras adds that Lamina lacks
fails `test_every_keras_loss_name_exists` unless it is listed in EXCLUDED with a reason.
"""

import zlib

import numpy as np
import pytest
import torch

from lamina import losses

# Names of keras.losses that Lamina does not provide, with the reason. (None today.)
EXCLUDED: dict[str, str] = {}

RNG = np.random.default_rng(0)
REDUCTIONS = ("sum_over_batch_size", "sum", "mean", "mean_with_sample_weight", "none", None)


def _f(*shape, low=-2.0, high=2.0):
    return RNG.uniform(low, high, shape).astype("float32")


def _probs(*shape):
    x = np.exp(_f(*shape))
    return (x / x.sum(-1, keepdims=True)).astype("float32")


def _bits(*shape):
    return RNG.integers(0, 2, shape).astype("float32")


def _one_hot(batch, classes):
    return np.eye(classes, dtype="float32")[RNG.integers(0, classes, batch)]


def _unit(*shape):
    x = _f(*shape)
    return (x / np.linalg.norm(x, axis=-1, keepdims=True)).astype("float32")


def _ctc_labels(batch, length, classes):
    labels = RNG.integers(1, classes, (batch, length))
    for row, keep in zip(labels, RNG.integers(1, length + 1, batch)):
        row[keep:] = 0  # 0 pads (and is the blank)
    return labels.astype("int32")


# class name -> list of (constructor kwargs, make() -> (y_true, y_pred)).
CASES = {
    "MeanSquaredError": [
        ({}, lambda: (_f(4, 3), _f(4, 3))),
        ({}, lambda: (_f(2, 3, 5), _f(2, 3, 5))),
    ],
    "MeanAbsoluteError": [({}, lambda: (_f(4, 3), _f(4, 3))), ({}, lambda: (_f(4), _f(4, 1)))],
    "MeanAbsolutePercentageError": [
        ({}, lambda: (_f(4, 3), _f(4, 3))),
        ({}, lambda: (np.zeros((3, 2), "float32"), _f(3, 2))),  # y_true 0: epsilon floor
        ({}, lambda: (_f(2, 3, 5), _f(2, 3, 5))),
    ],
    "MeanSquaredLogarithmicError": [
        ({}, lambda: (_f(4, 3, low=0), _f(4, 3, low=0))),
        ({}, lambda: (_f(4, 3), _f(4, 3))),  # negatives: clipped at epsilon
    ],
    "CosineSimilarity": [
        ({}, lambda: (_f(4, 3), _f(4, 3))),
        ({"axis": 1}, lambda: (_f(2, 3, 5), _f(2, 3, 5))),
        ({}, lambda: (np.zeros((3, 4), "float32"), _f(3, 4))),  # zero vector: capped norm
    ],
    "Huber": [
        ({}, lambda: (_f(4, 3), _f(4, 3))),
        ({"delta": 0.3}, lambda: (_f(2, 3, 5), _f(2, 3, 5))),
    ],
    "LogCosh": [({}, lambda: (_f(4, 3), _f(4, 3))), ({}, lambda: (_f(4, 3), 30 * _f(4, 3)))],
    "KLDivergence": [
        ({}, lambda: (_probs(4, 3), _probs(4, 3))),
        ({}, lambda: (_one_hot(5, 4), _probs(5, 4))),
    ],
    "Poisson": [
        ({}, lambda: (_f(4, 3, low=0), _f(4, 3, low=0.1))),
        ({}, lambda: (_f(2, 3, 5, low=0), _f(2, 3, 5, low=0.1))),
    ],
    "Hinge": [
        ({}, lambda: (_bits(4, 3), _f(4, 3))),  # 0/1 labels are converted to -1/1
        ({}, lambda: (2 * _bits(4, 3) - 1, _f(4, 3))),
        ({}, lambda: (_f(4, 3), _f(4, 3))),  # other labels stay as they are
    ],
    "SquaredHinge": [
        ({}, lambda: (_bits(4, 3), _f(4, 3))),
        ({}, lambda: (2 * _bits(2, 3, 4) - 1, _f(2, 3, 4))),
    ],
    "CategoricalHinge": [({}, lambda: (_one_hot(5, 4), _f(5, 4)))],
    "BinaryCrossentropy": [
        ({}, lambda: (_bits(4, 3), _f(4, 3, low=0, high=1))),
        ({"from_logits": True, "label_smoothing": 0.2}, lambda: (_bits(2, 3, 4), _f(2, 3, 4))),
        ({"axis": 0}, lambda: (_bits(4, 3), _f(4, 3, low=0, high=1))),
    ],
    "BinaryFocalCrossentropy": [
        ({}, lambda: (_bits(4, 3), _f(4, 3, low=0, high=1))),
        (
            {"apply_class_balancing": True, "alpha": 0.4, "gamma": 1.5, "from_logits": True},
            lambda: (_bits(2, 3, 4), _f(2, 3, 4)),
        ),
        ({"label_smoothing": 0.1, "axis": 0}, lambda: (_bits(4, 3), _f(4, 3, low=0, high=1))),
    ],
    "CategoricalCrossentropy": [
        ({}, lambda: (_one_hot(5, 4), _probs(5, 4))),
        ({"from_logits": True, "label_smoothing": 0.1}, lambda: (_one_hot(5, 4), _f(5, 4))),
    ],
    "CategoricalFocalCrossentropy": [
        ({}, lambda: (_one_hot(5, 4), _probs(5, 4))),
        (
            {"alpha": 0.5, "gamma": 1.0, "from_logits": True, "label_smoothing": 0.1},
            lambda: (_one_hot(5, 4), _f(5, 4)),
        ),
        (
            {"axis": 1},
            lambda: (np.swapaxes(_one_hot(6, 4).reshape(2, 3, 4), 1, 2).copy(), _probs(2, 4, 3)),
        ),
    ],
    "SparseCategoricalCrossentropy": [
        ({}, lambda: (RNG.integers(0, 4, 5), _probs(5, 4))),
        ({"from_logits": True}, lambda: (RNG.integers(0, 4, (5, 1)), _f(5, 4))),
        ({"ignore_class": 1}, lambda: (RNG.integers(0, 4, (2, 3)), _probs(2, 3, 4))),
    ],
    "CategoricalGeneralizedCrossEntropy": [
        ({}, lambda: (RNG.integers(0, 4, 5), _probs(5, 4))),
        ({"q": 0.2}, lambda: (RNG.integers(0, 4, (2, 3)), _probs(2, 3, 4))),
    ],
    "Dice": [
        ({}, lambda: (_bits(2, 4, 4, 1), _f(2, 4, 4, 1, low=0, high=1))),
        ({"axis": [1, 2]}, lambda: (_bits(3, 4, 4, 2), _f(3, 4, 4, 2, low=0, high=1))),
    ],
    "Tversky": [
        ({}, lambda: (_bits(2, 4, 4, 1), _f(2, 4, 4, 1, low=0, high=1))),
        (
            {"alpha": 0.3, "beta": 0.7, "axis": [1, 2]},
            lambda: (_bits(3, 4, 4, 2), _f(3, 4, 4, 2, low=0, high=1)),
        ),
    ],
    "Circle": [
        ({}, lambda: (RNG.integers(0, 3, 6), _unit(6, 4))),
        (
            {"gamma": 10.0, "margin": 0.25, "remove_diagonal": False},
            lambda: (RNG.integers(0, 2, 5), _unit(5, 3)),
        ),
        ({}, lambda: (np.array([0, 1, 2, 3]), _unit(4, 3))),  # no positives: all masked out
    ],
    "CTC": [({}, lambda: (_ctc_labels(3, 4, 5), _f(3, 10, 5)))],
}

# function name -> (class name, the case kwargs it takes). Every class has one.
FUNCTIONS = {
    "mean_squared_error": "MeanSquaredError",
    "mean_absolute_error": "MeanAbsoluteError",
    "mean_absolute_percentage_error": "MeanAbsolutePercentageError",
    "mean_squared_logarithmic_error": "MeanSquaredLogarithmicError",
    "cosine_similarity": "CosineSimilarity",
    "huber": "Huber",
    "log_cosh": "LogCosh",
    "kl_divergence": "KLDivergence",
    "poisson": "Poisson",
    "hinge": "Hinge",
    "squared_hinge": "SquaredHinge",
    "categorical_hinge": "CategoricalHinge",
    "binary_crossentropy": "BinaryCrossentropy",
    "binary_focal_crossentropy": "BinaryFocalCrossentropy",
    "categorical_crossentropy": "CategoricalCrossentropy",
    "categorical_focal_crossentropy": "CategoricalFocalCrossentropy",
    "sparse_categorical_crossentropy": "SparseCategoricalCrossentropy",
    "categorical_generalized_cross_entropy": "CategoricalGeneralizedCrossEntropy",
    "dice": "Dice",
    "tversky": "Tversky",
    "circle": "Circle",
    "ctc": "CTC",
}
# Functions whose required arguments have no default in Keras.
FUNCTION_DEFAULTS = {"categorical_generalized_cross_entropy": {"q": 0.5}}
NOT_LOSS_OBJECTS = {"Loss", "get", "serialize", "deserialize"}
VALUE_CASES = [(name, i) for name, cases in CASES.items() for i in range(len(cases))]
ALIASES = ("mse", "MSE", "mae", "MAE", "mape", "MAPE", "msle", "MSLE", "bce", "BCE", "kld", "KLD")


def _np(x):
    return np.asarray(x.detach().cpu() if isinstance(x, torch.Tensor) else x)


def _close(ours, theirs):
    np.testing.assert_allclose(_np(ours), _np(theirs), rtol=1e-5, atol=1e-6)


def _inputs(name, index):
    global RNG
    RNG = np.random.default_rng(zlib.crc32(f"{name}{index}".encode()))  # same data per case
    kwargs, make = CASES[name][index]
    y_true, y_pred = make()
    # One weight per loss value (per sample when the loss reduces everything to one value).
    values = _keras_values_shape(name, kwargs, y_true, y_pred)
    weight = RNG.uniform(0.0, 2.0, values or y_pred.shape[:1]).astype("float32")
    return kwargs, y_true, y_pred, weight


def _keras_values_shape(name, kwargs, y_true, y_pred):
    import keras

    return tuple(getattr(keras.losses, name)(reduction="none", **kwargs)(y_true, y_pred).shape)


def _public(module):
    return sorted(n for n in dir(module) if not n.startswith("_"))


def test_every_keras_loss_name_exists(keras):
    missing = [n for n in _public(keras.losses) if not hasattr(losses, n) and n not in EXCLUDED]
    assert not missing, (
        f"keras.losses names Lamina lacks (add them or list them in EXCLUDED): {missing}"
    )


def test_every_keras_loss_has_value_cases(keras):
    classes = [n for n in _public(keras.losses) if isinstance(getattr(keras.losses, n), type)]
    untested = [n for n in classes if n not in CASES and n not in NOT_LOSS_OBJECTS | set(EXCLUDED)]
    functions = [n for n in _public(keras.losses) if n not in classes]
    unfunctioned = [
        n for n in functions if n not in FUNCTIONS and n not in NOT_LOSS_OBJECTS | set(EXCLUDED)
    ]
    assert not untested and not unfunctioned, (untested, unfunctioned)


@pytest.mark.parametrize(("name", "index"), VALUE_CASES)
def test_class_values_every_reduction_and_weights(keras, name, index):
    kwargs, y_true, y_pred, weight = _inputs(name, index)
    for reduction in REDUCTIONS:
        ours = getattr(losses, name)(reduction=reduction, **kwargs)
        theirs = getattr(keras.losses, name)(reduction=reduction, **kwargs)
        for sample_weight in (None, weight):
            _close(
                ours(y_true, y_pred, sample_weight=sample_weight),
                theirs(y_true, y_pred, sample_weight=sample_weight),
            )


@pytest.mark.parametrize(("name", "index"), VALUE_CASES)
def test_function_form_values(keras, name, index):
    fn = next(f for f, cls in FUNCTIONS.items() if cls == name)
    kwargs, y_true, y_pred, _ = _inputs(name, index)
    kwargs = {**FUNCTION_DEFAULTS.get(fn, {}), **kwargs}
    y_true_t, y_pred_t = torch.as_tensor(y_true), torch.as_tensor(y_pred)
    _close(
        getattr(losses, fn)(y_true_t, y_pred_t, **kwargs),
        getattr(keras.losses, fn)(y_true_t, y_pred_t, **kwargs),
    )


@pytest.mark.parametrize(("name", "index"), VALUE_CASES)
def test_configs_and_serialization(keras, name, index):
    kwargs = {**CASES[name][index][0], "name": "custom", "reduction": "sum"} if index else {}
    ours, theirs = getattr(losses, name)(**kwargs), getattr(keras.losses, name)(**kwargs)
    assert ours.get_config() == theirs.get_config()
    assert losses.serialize(ours) == keras.losses.serialize(theirs)
    again = losses.deserialize(losses.serialize(ours))
    assert type(again) is type(ours) and again.get_config() == ours.get_config()
    assert type(ours).from_config(ours.get_config()).get_config() == ours.get_config()
    assert losses.get(keras.losses.serialize(theirs)).get_config() == theirs.get_config()


@pytest.mark.parametrize("fn", sorted(FUNCTIONS))
def test_function_serialization(keras, fn):
    assert losses.serialize(getattr(losses, fn)) == keras.losses.serialize(
        getattr(keras.losses, fn)
    )
    assert losses.deserialize(keras.losses.serialize(getattr(keras.losses, fn))) is getattr(
        losses, fn
    )


# Keras 3.15.1 leaves these out of its by-name table (keras/src/losses/__init__.py
# ALL_OBJECTS), so `keras.losses.get` cannot resolve them; Lamina resolves them anyway.
KERAS_UNRESOLVABLE = {"CategoricalGeneralizedCrossEntropy", "categorical_generalized_cross_entropy"}


@pytest.mark.parametrize("name", [*sorted(CASES), *sorted(FUNCTIONS), *ALIASES])
def test_names_resolve_as_in_keras(keras, name):
    ours = losses.get(name)
    assert isinstance(ours, losses.Loss)
    if name in KERAS_UNRESOLVABLE:
        expected = getattr(losses, name)
        assert (
            ours.fn is expected
            if callable(expected) and not isinstance(expected, type)
            else (type(ours) is expected)
        )
        return
    theirs = keras.losses.get(name)
    if isinstance(theirs, keras.losses.Loss):
        assert type(ours).__name__ == type(theirs).__name__
        assert ours.get_config() == theirs.get_config()
    else:  # Keras returns the function; Lamina wraps it in a Loss named after the string
        assert ours.fn.__name__ == theirs.__name__ and ours.name == name
        assert losses.deserialize(name).__name__ == theirs.__name__


def test_bad_arguments_raise_like_keras(keras):
    with pytest.raises(ValueError, match="q"):
        losses.CategoricalGeneralizedCrossEntropy(q=1.5)
    with pytest.raises(ValueError, match="y_true"):
        losses.ctc(np.zeros((2, 3, 4)), np.zeros((2, 3, 4)))
    with pytest.raises(ValueError, match="reduction"):
        losses.Huber(reduction="average")


def test_new_losses_train(keras):
    """Gradients flow through every new loss as through Keras's (same gradient values)."""
    for name in (
        "Huber",
        "LogCosh",
        "KLDivergence",
        "BinaryFocalCrossentropy",
        "Dice",
        "CTC",
        "Circle",
    ):
        kwargs, y_true, y_pred, _ = _inputs(name, 0)
        grads = []
        for module in (losses, keras.losses):
            x = torch.tensor(y_pred, requires_grad=True)
            getattr(module, name)(**kwargs)(torch.as_tensor(y_true), x).backward()
            grads.append(x.grad)
        _close(grads[0], grads[1])


def test_circle_function_wrapped_keeps_keras_mask(keras):
    """`compile(loss="circle")` wraps the function; Keras's masks its non-positive values."""
    from keras.src.losses.losses import LossFunctionWrapper as KerasWrapper

    y_true, y_pred = np.array([0, 0, 1, 2, 3]), _unit(5, 3)  # three samples with no positive
    theirs = KerasWrapper(keras.losses.circle)(y_true, y_pred)
    _close(losses.get("circle")(y_true, y_pred), theirs)


@pytest.mark.parametrize("name", sorted(CASES))
def test_dtype_argument_matches_keras(keras, name):
    # With reduction "sum" (or "none") Keras returns dtype="float64"; its mean reductions
    # return float32, where Lamina stays in float64. Keras's float64 values carry float32
    # rounding (its inputs were float32), so float32 tolerances.
    kwargs, y_true, y_pred, weight = _inputs(name, 0)
    kwargs = {**kwargs, "dtype": "float64", "reduction": "sum"}
    ours = getattr(losses, name)(**kwargs)(y_true, y_pred, sample_weight=weight)
    theirs = getattr(keras.losses, name)(**kwargs)(y_true, y_pred, weight)
    assert ours.dtype == torch.float64 and str(theirs.dtype) == "torch.float64"
    np.testing.assert_allclose(_np(ours), _np(theirs), rtol=1e-6, atol=1e-7)
