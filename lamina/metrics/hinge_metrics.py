"""Hinge metrics: running means of the hinge, squared hinge and categorical hinge."""

from . import loss_functions
from .metric import MeanMetricWrapper, Metric


class _HingeWrapper(MeanMetricWrapper):
    _direction = "down"

    def get_config(self):
        return Metric.get_config(self)


class Hinge(_HingeWrapper):
    """The running mean of `hinge` (labels -1/1, or 0/1 mapped to -1/1).

    Args:
        name: Defaults to `"hinge"`.
        dtype: The dtype of `result()`.
    """

    def __init__(self, name="hinge", dtype=None):
        super().__init__(loss_functions.hinge, name=name, dtype=dtype)


class SquaredHinge(_HingeWrapper):
    """The running mean of `squared_hinge`.

    Args:
        name: Defaults to `"squared_hinge"`.
        dtype: The dtype of `result()`.
    """

    def __init__(self, name="squared_hinge", dtype=None):
        super().__init__(loss_functions.squared_hinge, name=name, dtype=dtype)


class CategoricalHinge(_HingeWrapper):
    """The running mean of `categorical_hinge` (one-hot labels).

    Args:
        name: Defaults to `"categorical_hinge"`.
        dtype: The dtype of `result()`.
    """

    def __init__(self, name="categorical_hinge", dtype=None):
        super().__init__(loss_functions.categorical_hinge, name=name, dtype=dtype)
