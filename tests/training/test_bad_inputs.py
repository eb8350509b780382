"""Inputs from a careless user (issue 9, items 7, 8, 11, 12, 13, 16, 17): each is a
ValueError/TypeError that names the argument (or loss) and the value received, raised
before the first training step, so the weights are unchanged after the failed `fit`."""

import numpy as np
import pytest
import torch
from torch.utils.data import DataLoader

import lamina
from lamina import layers

RNG = np.random.default_rng(0)
X = RNG.random((16, 4), "float32")
LABELS = RNG.integers(0, 3, 16)


def classifier(loss="sparse_categorical_crossentropy"):
    model = lamina.Sequential([lamina.Input((4,)), layers.Dense(3, activation="softmax")])
    model.compile("sgd", loss)
    return model


def fails_before_training(model, error, words, *args, **kwargs):
    """`model.fit(*args, **kwargs)` raises `error` holding `words`; no weight changed."""
    before = [w.copy() for w in model.get_weights()]
    kwargs.setdefault("verbose", 0)
    with pytest.raises(error) as raised:
        model.fit(*args, **kwargs)
    message = str(raised.value)
    for word in words:
        assert word in message, f"{word!r} not in: {message}"
    for old, new in zip(before, model.get_weights()):
        assert np.array_equal(old, new), "the weights changed before the error"
    return message


# ----------------------------------------------------------------- item 7: validation data


@pytest.mark.parametrize(
    "validation_data, words",
    [
        ((np.zeros((4, 3), "float32"), LABELS[:4]), ["validation_data", "(None, 4)"]),
        ((X,), ["validation_data", "a tuple of 1"]),
        (X, ["validation_data", "ndarray"]),
        ((X, LABELS[:5]), ["validation_data", "16", "5"]),
        ((X, None), ["validation data", "no targets"]),
        ({"x": X}, ["validation_data", "dict"]),
    ],
    ids=["wrong-feature-shape", "1-tuple", "bare-array", "count-mismatch", "no-targets", "dict"],
)
def test_bad_validation_data_fails_before_the_first_step(validation_data, words):
    fails_before_training(classifier(), ValueError, words, X, LABELS, validation_data=validation_data)


# ----------------------------------------------------------------- item 8: ModelCheckpoint


def test_checkpoint_template_key_missing_from_logs_names_key_logs_and_template(tmp_path):
    template = str(tmp_path / "ck-{val_loss:.2f}.keras")
    model = classifier()
    with pytest.raises(KeyError) as raised:  # a KeyError, as Keras raises, and a ValueError
        model.fit(X, LABELS, verbose=0, callbacks=[lamina.callbacks.ModelCheckpoint(template)])
    assert isinstance(raised.value, ValueError)
    message = str(raised.value)
    for word in ["'val_loss'", "'loss'", "'epoch'", template, "validation_data"]:
        assert word in message, f"{word!r} not in: {message}"


# ----------------------------------------------------------------- item 11: no samples


def test_fit_on_zero_samples_raises():
    fails_before_training(classifier(), ValueError, ["`fit`", "0 samples"], X[:0], LABELS[:0])


def test_evaluate_and_predict_on_zero_samples_raise():
    model = classifier()
    with pytest.raises(ValueError, match="`evaluate` received no data"):
        model.evaluate(X[:0], LABELS[:0], verbose=0)
    with pytest.raises(ValueError, match="`predict` received no data"):
        model.predict(X[:0], verbose=0)


def test_fit_on_an_empty_iterable_raises():
    fails_before_training(classifier(), ValueError, ["`fit`", "no batch"], DataLoader([], batch_size=None))


# ----------------------------------------------------------------- item 12: counts


@pytest.mark.parametrize(
    "argument, value, error",
    [
        ("batch_size", 0, ValueError), ("batch_size", -1, ValueError), ("batch_size", 2.5, TypeError),
        ("batch_size", True, TypeError), ("epochs", 2.5, TypeError), ("epochs", "2", TypeError),
        ("epochs", -1, ValueError), ("initial_epoch", -1, ValueError), ("steps_per_epoch", 0, ValueError),
        ("steps_per_epoch", -2, ValueError), ("validation_steps", 0, ValueError),
        ("validation_batch_size", 0, ValueError),
    ],
)
def test_fit_count_arguments_must_be_valid(argument, value, error):
    fails_before_training(classifier(), error, [f"{argument}={value!r}"], X, LABELS,
                          validation_data=(X, LABELS), **{argument: value})


@pytest.mark.parametrize("argument, value", [("batch_size", 0), ("steps", 0), ("steps", -1)])
def test_evaluate_and_predict_count_arguments_must_be_valid(argument, value):
    model = classifier()
    with pytest.raises(ValueError, match=f"{argument}={value}"):
        model.evaluate(X, LABELS, verbose=0, **{argument: value})
    with pytest.raises(ValueError, match=f"{argument}={value}"):
        model.predict(X, verbose=0, **{argument: value})


# ----------------------------------------------------------------- item 13: complex, class_weight


def test_complex_tensors_are_refused():
    model = classifier("mse")
    z = torch.randn(16, 4, dtype=torch.complex64)
    fails_before_training(model, TypeError, ["complex", "complex64"], z, torch.zeros(16, 3))
    with pytest.raises(TypeError, match="complex"):
        model.predict(z, verbose=0)
    with pytest.raises(TypeError, match="complex"):
        model.evaluate(z, torch.zeros(16, 3), verbose=0)
    with pytest.raises(TypeError, match="complex"):
        model.predict(np.zeros((2, 4), np.complex64), verbose=0)


@pytest.mark.parametrize("class_weight", [{-1: 5.0}, {"a": 1.0}, {0: -1.0}, {0: float("nan")}, [1.0, 2.0]])
def test_bad_class_weight_is_refused(class_weight):
    fails_before_training(classifier(), (ValueError, TypeError), ["class_weight"], X, LABELS,
                          class_weight=class_weight)


# ----------------------------------------------------------------- item 16: sparse labels


@pytest.mark.parametrize("label", [3, 7, -1, -100, np.nan], ids=["3", "7", "-1", "-100", "nan"])
def test_sparse_crossentropy_labels_outside_the_classes_name_loss_and_class_count(label):
    labels = LABELS.astype("float32")
    labels[5] = label
    message = fails_before_training(classifier(), ValueError, ["sparse_categorical_crossentropy", "[0, 3)"],
                                    X, labels)
    assert ("NaN" in message) if np.isnan(label) else (f"{label:g}" in message)


def test_sparse_crossentropy_called_directly_names_the_classes():
    loss = lamina.losses.SparseCategoricalCrossentropy(from_logits=True)
    with pytest.raises(ValueError, match=r"sparse_categorical_crossentropy.*\[0, 3\).*max=7"):
        loss(np.array([0, 7]), np.zeros((2, 3), "float32"))
    # ignore_class still masks its label (keras/src/losses/losses.py, sparse_categorical_crossentropy).
    masked = lamina.losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=-1)
    assert torch.isfinite(torch.as_tensor(masked(np.array([-1, 2]), np.zeros((2, 3), "float32"))))


# ----------------------------------------------------------------- item 17: structure


def x_only():
    while True:
        yield X[:4]


@pytest.mark.parametrize(
    "data, words",
    [
        ((X, None), ["no targets", "'mse'"]),
        ((x_only(),), ["no targets"]),
        ((DataLoader([{"x": torch.zeros(2, 4), "y": torch.zeros(2, 3)}], batch_size=None),), ["dict"]),
        ((DataLoader([(torch.zeros(2, 4), torch.zeros(2, 3), torch.ones(2), torch.ones(2))], batch_size=None),),
         ["4 elements"]),
        ((DataLoader([(torch.zeros(2, 4),)], batch_size=None),), ["no targets"]),
        ((3.0, 1), ["x=3.0", "float"]),
    ],
    ids=["y-None", "generator-of-x", "dataloader-of-dicts", "dataloader-of-4-tuples",
         "dataloader-of-1-tuples", "scalar-x"],
)
def test_badly_structured_training_data_is_a_clear_error(data, words):
    message = fails_before_training(classifier("mse"), (ValueError, TypeError), words, *data, steps_per_epoch=2)
    assert "DataLoader" not in message or "dict" in message or "elements" in message


@pytest.mark.parametrize(
    "x, words", [({"a": X}, ["'a'", "input_layer"]), ([X, X], ["2 arrays", "1 input"])], ids=["dict", "list"]
)
def test_predict_with_the_wrong_input_structure_is_a_clear_error(x, words):
    model = lamina.Sequential([lamina.Input((4,), name="input_layer"), layers.Dense(3)])
    with pytest.raises(ValueError) as raised:
        model.predict(x, verbose=0)
    for word in words:
        assert word in str(raised.value)
