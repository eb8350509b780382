"""`lamina.wrappers` (scikit-learn estimators) against `keras.wrappers` on the same data."""

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import lamina

RNG = np.random.default_rng(0)
X = RNG.random((24, 3)).astype("float32")
LABELS = np.array(["cat", "dog", "eel"])[(X.sum(1) * 2).astype(int) % 3]
TARGET = X @ np.array([1.0, -2.0, 0.5], dtype="float32")


def _builder(k, activation, loss):
    """Deterministic models: constant weights and a zero learning rate, so both frameworks
    predict exactly `X @ W + b` after `fit` and their outputs can be compared."""
    def build(X, y, hidden=4):
        model = k.Sequential([
            k.Input((X.shape[1],)),
            k.layers.Dense(hidden, kernel_initializer=k.initializers.Constant(0.3), bias_initializer="ones"),
            k.layers.Dense(y.shape[1], activation=activation,
                           kernel_initializer=k.initializers.Identity() if y.shape[1] == hidden else "ones"),
        ])
        model.compile(k.optimizers.SGD(learning_rate=0.0), loss)
        return model

    return build


def _pair(keras, cls, activation, loss, **kwargs):
    return [getattr(k.wrappers, cls)(_builder(k, activation, loss), fit_kwargs={"epochs": 1, "verbose": 0}, **kwargs)
            for k in (lamina, keras)]


def test_classifier_matches_keras(keras):
    ours, theirs = _pair(keras, "SKLearnClassifier", "softmax", "categorical_crossentropy")
    for est in (ours, theirs):
        est.fit(X, LABELS)
    assert ours.classes_.tolist() == theirs.classes_.tolist() == ["cat", "dog", "eel"]
    np.testing.assert_allclose(ours.decision_function(X), theirs.decision_function(X), rtol=1e-5, atol=1e-6)
    assert ours.predict(X).tolist() == theirs.predict(X).tolist()
    assert ours.score(X, LABELS) == theirs.score(X, LABELS)
    assert set(ours.history_.history) == set(theirs.history_.history) == {"loss"}


def test_regressor_matches_keras_and_keeps_the_target_shape(keras):
    y = TARGET  # 1-D: scikit-learn's validate_data refuses 2-D targets for these estimators
    ours, theirs = _pair(keras, "SKLearnRegressor", None, "mse")
    predictions = [est.fit(X, y).predict(X) for est in (ours, theirs)]
    assert predictions[0].shape == predictions[1].shape == y.shape
    np.testing.assert_allclose(predictions[0], predictions[1], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(ours.score(X, y), theirs.score(X, y), rtol=1e-5)


def test_transformer_matches_keras(keras):
    ours, theirs = _pair(keras, "SKLearnTransformer", None, "mse")
    y = TARGET
    np.testing.assert_allclose(ours.fit(X, y).transform(X), theirs.fit(X, y).transform(X), rtol=1e-5, atol=1e-6)


def test_a_compiled_model_instance_is_cloned_and_compiled_at_fit(keras):
    model = _builder(lamina, None, "mse")(X, TARGET[:, None])
    before = [w.copy() for w in model.get_weights()]
    est = lamina.wrappers.SKLearnRegressor(model, fit_kwargs={"epochs": 1, "verbose": 0}).fit(X, TARGET)
    assert est.model_ is not model and est.model_.compiled
    assert all(np.array_equal(a, b) for a, b in zip(before, model.get_weights()))


def test_it_works_inside_scikit_learn_tools():
    est = lamina.wrappers.SKLearnRegressor(_builder(lamina, None, "mse"), fit_kwargs={"epochs": 1, "verbose": 0})
    assert clone(est).get_params()["fit_kwargs"] == {"epochs": 1, "verbose": 0}
    scores = cross_val_score(make_pipeline(StandardScaler(), est), X, TARGET, cv=2)
    assert scores.shape == (2,)
    search = GridSearchCV(est, {"model_kwargs": [{"hidden": 2}, {"hidden": 3}]}, cv=2).fit(X, TARGET)
    assert search.best_estimator_.model_.layers[0].units in (2, 3)


def test_errors_match_keras(keras):
    for k in (lamina, keras):
        def uncompiled(X, y, k=k):
            return k.Sequential([k.Input((3,)), k.layers.Dense(1)])

        with pytest.raises(RuntimeError, match="compiled"):
            k.wrappers.SKLearnRegressor(uncompiled).fit(X, TARGET)
        classifier = k.wrappers.SKLearnClassifier(_builder(k, "softmax", "categorical_crossentropy"))
        with pytest.raises(ValueError, match="only one class"):
            classifier.fit(X, np.zeros(len(X), dtype=int))
        with pytest.raises(ValueError, match="binary and multiclass"):
            classifier.fit(X, TARGET)
