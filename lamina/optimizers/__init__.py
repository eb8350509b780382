"""Keras optimizers (`SGD`, `Adam`, `AdamW`, `RMSprop`) that update torch tensors."""

from .adam import Adam as Adam
from .adamw import AdamW as AdamW
from .optimizer import Optimizer as Optimizer
from .rmsprop import RMSprop as RMSprop
from .sgd import SGD as SGD

# Lower-case class names, because Keras looks optimizer names up case-insensitively.
_OPTIMIZERS = {cls.__name__.lower(): cls for cls in (SGD, Adam, AdamW, RMSprop)}


def serialize(optimizer: Optimizer) -> dict:
    """The optimizer as a Keras-style dict: `{"module", "class_name", "config", "registered_name"}`."""
    return {
        "module": "keras.optimizers",
        "class_name": type(optimizer).__name__,
        "config": optimizer.get_config(),
        "registered_name": None,
    }


def deserialize(config: dict) -> Optimizer:
    """Creates an optimizer from `serialize()` output or a Keras optimizer config."""
    class_name = config.get("class_name") if isinstance(config, dict) else None
    cls = _OPTIMIZERS.get(str(class_name).lower())
    if cls is None:
        raise ValueError(
            f"Could not interpret optimizer config: {config!r}. Expected a dict with "
            f"`class_name` one of {sorted(_OPTIMIZERS)} (any case) and a `config` dict."
        )
    return cls.from_config(dict(config.get("config") or {}))


def get(identifier) -> Optimizer | None:
    """Resolves an optimizer identifier the way `compile(optimizer=...)` does.

    Args:
        identifier: An `Optimizer` (returned as is), a name such as `"adam"` (any case; a
            new instance with default arguments), a config dict from `serialize()`, or
            `None` (returned as is).

    Returns:
        An `Optimizer`, or `None`.
    """
    if identifier is None or isinstance(identifier, Optimizer):
        return identifier
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str) and identifier.lower() in _OPTIMIZERS:
        return _OPTIMIZERS[identifier.lower()]()
    raise ValueError(
        f"Could not interpret optimizer identifier: {identifier!r}. Expected an "
        f"`Optimizer` instance, one of the names {sorted(_OPTIMIZERS)}, or a config dict "
        'like {"class_name": "Adam", "config": {...}}.'
    )
