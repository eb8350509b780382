"""`keras.dtype_policies`: `DTypePolicy` and its `get`/`serialize`/`deserialize`."""

from ..tensors import standardize_dtype
from .dtype_policy import DTypePolicy as DTypePolicy
from .dtype_policy import FloatDTypePolicy as FloatDTypePolicy
from .dtype_policy import dtype_policy

_CLASSES = {"DTypePolicy": DTypePolicy, "FloatDTypePolicy": FloatDTypePolicy}


def serialize(dtype_policy: DTypePolicy) -> dict:
    """The policy as Keras writes it: `{"module", "class_name", "config", "registered_name"}`."""
    return {"module": "keras", "class_name": type(dtype_policy).__name__,
            "config": dtype_policy.get_config(), "registered_name": None}


def deserialize(config, custom_objects=None) -> DTypePolicy:
    """A policy from `serialize`'s dict (or a bare `{"class_name", "config"}`)."""
    if isinstance(config, str):
        return DTypePolicy(config)
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(f"Could not interpret a dtype policy config: {config!r}")
    name = config["class_name"]
    cls = (custom_objects or {}).get(name) or _CLASSES.get(name)
    if cls is None:
        raise ValueError(
            f"Unknown dtype policy class {name!r}. Lamina knows {sorted(_CLASSES)}; pass "
            "others in `custom_objects`. (Quantized policies are not supported.)"
        )
    return cls.from_config(config.get("config") or {})


def get(identifier) -> DTypePolicy:
    """A policy from `None` (the global one), a name, a config dict, a policy or a dtype."""
    if identifier is None:
        return dtype_policy()
    if isinstance(identifier, DTypePolicy):
        return identifier
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str):
        return DTypePolicy(identifier)
    try:
        return DTypePolicy(standardize_dtype(identifier))
    except (ValueError, TypeError):
        raise ValueError(
            "Cannot interpret `dtype` argument. Expected a string or an instance of "
            f"DTypePolicy. Received: dtype={identifier!r}"
        ) from None
