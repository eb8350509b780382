"""scikit-learn estimators around a compiled Lamina model: `SKLearnClassifier`,
`SKLearnRegressor` and `SKLearnTransformer`, usable in pipelines, grid searches and
`cross_val_score` (scikit-learn must be installed).

`model` is either a compiled `Model` (cloned, with its compile settings, at every `fit`)
or a function `model(X, y, **model_kwargs)` that builds and compiles one; `fit_kwargs`
go to `Model.fit`. The classifier one-hot encodes the labels and decodes predictions
back to them; 1-D regression targets are reshaped to a column and back.
"""

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin, TransformerMixin
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder
from sklearn.utils.multiclass import type_of_target
from sklearn.utils.validation import check_is_fitted

from ..models import Model, clone_model


def _validate_data(estimator, *args, **kwargs):
    try:
        from sklearn.utils.validation import validate_data  # scikit-learn >= 1.6
    except ImportError:
        return estimator._validate_data(*args, **kwargs)
    return validate_data(estimator, *args, **kwargs)


def _target_type(y) -> str:
    kind = type_of_target(y)
    if kind == "unknown":
        raise ValueError(f"Unknown label type for data: {y!r}")
    return kind


class TargetReshaper(TransformerMixin, BaseEstimator):
    """Turns 1-D targets into a column for the model, and predictions back to 1-D."""

    def fit(self, y):
        self.ndim_ = y.ndim
        return self

    def transform(self, y):
        return y.reshape(-1, 1) if y.ndim == 1 else y

    def inverse_transform(self, y):
        check_is_fitted(self)
        return np.squeeze(y, axis=1) if self.ndim_ == 1 and y.ndim == 2 else y


class SKLBase(BaseEstimator):
    """What the three estimators share: building the model, `fit`, `predict`."""

    def __init__(self, model, warm_start=False, model_kwargs=None, fit_kwargs=None):
        self.model = model
        self.warm_start = warm_start
        self.model_kwargs = model_kwargs
        self.fit_kwargs = fit_kwargs

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.non_deterministic = True
        return tags

    def __sklearn_clone__(self):
        # The model (or its builder) is shared, not deep-copied: `fit` clones it anyway.
        # Unlike Keras's, the clone keeps `fit_kwargs`, so grid searches train as asked.
        return type(self)(**self.get_params(deep=False))

    @property
    def epoch_(self) -> int:
        return getattr(self, "history_", {}).get("epoch", 0)

    def _get_model(self, X, y):
        if isinstance(self.model, Model):
            model = clone_model(self.model)
            if self.model.compiled and not model.compiled:  # a fresh copy, compiled the same way
                model.compile_from_config(self.model.get_compile_config())
            return model
        return self.model(X=X, y=y, **(self.model_kwargs or {}))

    def fit(self, X, y, **kwargs):
        """Builds a fresh model and trains it on `X`, `y`; `kwargs` go to `Model.fit`."""
        X, y = _validate_data(self, X, y)
        y = self._process_target(y, reset=True)
        model = self._get_model(X, y)
        if not model.compiled or not model.loss or model.optimizer is None:
            raise RuntimeError(
                f"{type(self).__name__}: the model needs to be compiled, with a loss and an "
                "optimizer. Call `model.compile(optimizer, loss)` (or compile it in the "
                "function that builds it)."
            )
        fit_kwargs = dict(self.fit_kwargs or {})
        fit_kwargs.update(kwargs)
        self.history_ = model.fit(X, y, **fit_kwargs)
        self.model_ = model
        return self

    def predict(self, X):
        check_is_fitted(self)
        X = _validate_data(self, X, reset=False)
        return self._target_encoder.inverse_transform(self.model_.predict(X))

    def _process_target(self, y, reset=False):
        _target_type(y)
        if reset:
            self._target_encoder = TargetReshaper().fit(y)
        return self._target_encoder.transform(y)


class SKLearnClassifier(ClassifierMixin, SKLBase):
    """A classifier: labels of any type in, the model trained on one-hot targets, labels out.

    Example:

    >>> import numpy as np, lamina
    >>> def build(X, y):
    ...     model = lamina.Sequential([lamina.Input((X.shape[1],)),
    ...                                lamina.layers.Dense(y.shape[1], activation="softmax")])
    ...     model.compile("adam", "categorical_crossentropy")
    ...     return model
    >>> clf = SKLearnClassifier(build, fit_kwargs={"epochs": 1, "verbose": 0})
    >>> clf.fit(np.random.rand(8, 3), np.array(list("abab") * 2)).classes_.tolist()
    ['a', 'b']
    """

    def decision_function(self, X):
        """The model's raw outputs (class scores), one column per class."""
        check_is_fitted(self)
        return self.model_.predict(_validate_data(self, X, reset=False))

    def _process_target(self, y, reset=False):
        kind = _target_type(y)
        if kind not in ("binary", "multiclass"):
            raise ValueError(f"Only binary and multiclass target types are supported. Target type: {kind}")
        if reset:
            self._target_encoder = make_pipeline(TargetReshaper(), OneHotEncoder(sparse_output=False)).fit(y)
            self.classes_ = np.unique(y)
            if len(self.classes_) == 1:
                raise ValueError("Classifier can't train when only one class is present.")
        return self._target_encoder.transform(y)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.poor_score = True
        return tags


class SKLearnRegressor(RegressorMixin, SKLBase):
    """A regressor: 1-D or 2-D targets; predictions come back in the targets' shape."""

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.regressor_tags.poor_score = True
        return tags


class SKLearnTransformer(TransformerMixin, SKLBase):
    """A transformer: `transform(X)` is the trained model's output (e.g. an encoder's)."""

    def transform(self, X):
        check_is_fitted(self)
        return self.model_.predict(_validate_data(self, X, reset=False))

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.transformer_tags.preserves_dtype = []
        return tags
