"""`keras.optimizers`: Keras's optimizers and learning-rate schedules, updating torch tensors."""

from .. import registry
from . import legacy as legacy
from . import schedules as schedules
from .adadelta import Adadelta as Adadelta
from .adafactor import Adafactor as Adafactor
from .adagrad import Adagrad as Adagrad
from .adam import Adam as Adam
from .adamax import Adamax as Adamax
from .adamw import AdamW as AdamW
from .ftrl import Ftrl as Ftrl
from .lamb import Lamb as Lamb
from .lion import Lion as Lion
from .loss_scale_optimizer import LossScaleOptimizer as LossScaleOptimizer
from .multi_optimizer import MultiOptimizer as MultiOptimizer
from .multi_optimizer import OptimizerMap as OptimizerMap
from .muon import Muon as Muon
from .nadam import Nadam as Nadam
from .optimizer import Optimizer as Optimizer
from .rmsprop import RMSprop as RMSprop
from .schedule_free_adamw import ScheduleFreeAdamW as ScheduleFreeAdamW
from .sgd import SGD as SGD

# Lower-case class names, because Keras looks optimizer names up case-insensitively.
_BUILTINS = (SGD, Adam, AdamW, RMSprop, Adadelta, Adafactor, Adagrad, Adamax, Ftrl, Lamb, Lion,
             Muon, Nadam, ScheduleFreeAdamW, LossScaleOptimizer, MultiOptimizer)
for _cls in _BUILTINS:
    registry.register_builtin("optimizers", _cls, _cls.__name__.lower())
registry.register_builtin("optimizers", OptimizerMap)


def serialize(optimizer: Optimizer) -> dict:
    """The optimizer as a Keras-style dict: `{"module", "class_name", "config", "registered_name"}`."""
    return registry.serialize_keras_object(optimizer)


def deserialize(config: dict, custom_objects=None) -> Optimizer:
    """Creates an optimizer from `serialize()` output or a Keras optimizer config (class
    names in any case, as Keras accepts them)."""
    if isinstance(config, dict) and isinstance(config.get("class_name"), str):
        name = config["class_name"]
        if registry.lookup("optimizers", name, custom_objects) is None:
            config = {**config, "class_name": name.lower()}
    return registry.deserialize_keras_object(config, custom_objects, kind="optimizers")


def get(identifier) -> Optimizer | None:
    """Resolves an optimizer identifier the way `compile(optimizer=...)` does.

    Args:
        identifier: An `Optimizer` (returned as is), a name such as `"adam"` (any case; a
            new instance with default arguments), a config dict from `serialize()`, or
            `None` (returned as is).
    """
    if identifier is None or isinstance(identifier, Optimizer):
        return identifier
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str):
        cls = registry.lookup("optimizers", identifier) or registry.lookup("optimizers", identifier.lower())
        if cls is None:
            raise registry.unknown("optimizers", identifier, "optimizer")
        return cls()
    raise registry.unknown("optimizers", identifier, "optimizer")
