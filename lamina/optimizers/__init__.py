"""`keras.optimizers`: Keras's optimizers and learning-rate schedules, updating torch tensors."""

from typing import TYPE_CHECKING

from .. import registry

if TYPE_CHECKING:
    from .optimizer import Optimizer

# The public surface, one line per name; each loads its module on first use.
_EXPORTS = {
    "legacy": ".legacy",
    "schedules": ".schedules",
    "Adadelta": ".adadelta",
    "Adafactor": ".adafactor",
    "Adagrad": ".adagrad",
    "Adam": ".adam",
    "Adamax": ".adamax",
    "AdamW": ".adamw",
    "Ftrl": ".ftrl",
    "Lamb": ".lamb",
    "Lion": ".lion",
    "LossScaleOptimizer": ".loss_scale_optimizer",
    "MultiOptimizer": ".multi_optimizer",
    "OptimizerMap": ".multi_optimizer",
    "Muon": ".muon",
    "Nadam": ".nadam",
    "Optimizer": ".optimizer",
    "RMSprop": ".rmsprop",
    "ScheduleFreeAdamW": ".schedule_free_adamw",
    "SGD": ".sgd",
}

# Lower-case class names too, because Keras looks optimizer names up case-insensitively.
_BUILTINS = ("SGD", "Adam", "AdamW", "RMSprop", "Adadelta", "Adafactor", "Adagrad", "Adamax", "Ftrl",
             "Lamb", "Lion", "Muon", "Nadam", "ScheduleFreeAdamW", "LossScaleOptimizer", "MultiOptimizer")


_LOWER_CASE = {name.lower(): name for name in _BUILTINS}


def _register(name: str, value) -> None:
    if name in _BUILTINS:
        registry.register_builtin("optimizers", value, name.lower())
    elif name == "OptimizerMap":
        registry.register_builtin("optimizers", value)


__getattr__, __dir__, _LAZY = registry.lazy_exports(__name__, _EXPORTS, _register)
__all__ = [*_LAZY, "deserialize", "get", "serialize"]


def serialize(optimizer: "Optimizer") -> dict:
    """The optimizer as a Keras-style dict: `{"module", "class_name", "config", "registered_name"}`."""
    return registry.serialize_keras_object(optimizer)


def deserialize(config: dict, custom_objects=None) -> "Optimizer":
    """Creates an optimizer from `serialize()` output or a Keras optimizer config (class
    names in any case, as Keras accepts them)."""
    if isinstance(config, dict) and isinstance(config.get("class_name"), str):
        name = config["class_name"]
        if registry.lookup("optimizers", name, custom_objects) is None:
            config = {**config, "class_name": name.lower()}
    return registry.deserialize_keras_object(config, custom_objects, kind="optimizers")


def get(identifier) -> "Optimizer | None":
    """Resolves an optimizer identifier the way `compile(optimizer=...)` does.

    Args:
        identifier: An `Optimizer` (returned as is), a name such as `"adam"` (any case; a
            new instance with default arguments), a config dict from `serialize()`, or
            `None` (returned as is).
    """
    from .optimizer import Optimizer

    if identifier is None or isinstance(identifier, Optimizer):
        return identifier
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str):
        exported = _LOWER_CASE.get(identifier.lower())
        if exported is not None:  # registers it (and "adam") without loading every optimizer
            globals().get(exported) or __getattr__(exported)
        cls = registry.lookup("optimizers", identifier) or registry.lookup("optimizers", identifier.lower())
        if cls is None:
            raise registry.unknown("optimizers", identifier, "optimizer")
        return cls()
    raise registry.unknown("optimizers", identifier, "optimizer")
