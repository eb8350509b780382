"""`keras.optimizers.schedules`: learning rates that change with the optimizer step."""

from lamina import registry

from .base import LearningRateSchedule as LearningRateSchedule
from .cosine import CosineDecay as CosineDecay
from .cosine import CosineDecayRestarts as CosineDecayRestarts
from .decays import ExponentialDecay as ExponentialDecay
from .decays import InverseTimeDecay as InverseTimeDecay
from .decays import PiecewiseConstantDecay as PiecewiseConstantDecay
from .decays import PolynomialDecay as PolynomialDecay

for _cls in (
    LearningRateSchedule,
    ExponentialDecay,
    PiecewiseConstantDecay,
    PolynomialDecay,
    InverseTimeDecay,
    CosineDecay,
    CosineDecayRestarts,
):
    registry.register_builtin("schedules", _cls)


def serialize(learning_rate_schedule: LearningRateSchedule) -> dict:
    """The schedule as Keras writes it: `{"module", "class_name", "config", "registered_name"}`."""
    return registry.serialize_keras_object(learning_rate_schedule)


def deserialize(config: dict, custom_objects: dict | None = None) -> LearningRateSchedule:
    """Rebuilds a schedule from `serialize()` output (Lamina's or Keras's)."""
    return registry.deserialize_keras_object(config, custom_objects, kind="schedules")
