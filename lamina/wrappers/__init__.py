"""`keras.wrappers`: scikit-learn estimators around Lamina models (needs scikit-learn)."""

from .sklearn_wrapper import SKLearnClassifier as SKLearnClassifier
from .sklearn_wrapper import SKLearnRegressor as SKLearnRegressor
from .sklearn_wrapper import SKLearnTransformer as SKLearnTransformer
