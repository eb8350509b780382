"""Constructor bookkeeping for `Layer`: Keras's automatic `get_config`, and the legacy
`input_shape=` arguments that Sequential turns into an `Input`."""

import copy
import functools
import inspect
import warnings

from ..shapes import as_shape

LEGACY_SHAPE_KWARGS = ("input_shape", "input_dim", "batch_input_shape", "batch_size")
_SIMPLE = (str, int, float, bool, type(None))


def records_init_args(init):
    """Wraps a layer's `__init__` so the outermost call records its arguments.

    Keras's base `get_config` returns them for subclasses that don't write their own
    (only when every value is a str, number, bool or None, possibly nested in lists and
    dicts; otherwise `get_config` raises and asks for an override, as Keras does).
    """
    signature = inspect.signature(init)
    params = list(signature.parameters.values())
    varkw = next((p.name for p in params if p.kind is p.VAR_KEYWORD), None)
    varargs = next((p.name for p in params if p.kind is p.VAR_POSITIONAL), None)
    # Keras keeps `name` in the automatic config only when `__init__` can take it back.
    keeps_name = "name" in signature.parameters or varkw == "kwargs"

    @functools.wraps(init)
    def wrapper(self, *args, **kwargs):
        if "_auto_config" not in self.__dict__:
            # Lamina's own layers and classes with their own get_config need only the name.
            config, keep = {}, True
            cls = type(self)
            if getattr(cls.get_config, "_is_default", False) and not cls.__module__.startswith("lamina."):
                config = _bound_arguments(signature, params[0].name, varkw, varargs, self, args, kwargs)
                keep = keeps_name
            self.__dict__["_auto_config"] = (config, keep)
        init(self, *args, **kwargs)

    return wrapper


def _bound_arguments(signature, self_name, varkw, varargs, obj, args, kwargs):
    try:
        bound = signature.bind(obj, *args, **kwargs)
    except TypeError:
        return None
    bound.apply_defaults()
    arguments = dict(bound.arguments)
    arguments.pop(self_name)
    if varkw is not None:
        arguments.update(arguments.pop(varkw))
    if varargs is not None and arguments.pop(varargs):
        return None
    arguments.pop("name", None)
    if not all(isinstance(leaf, _SIMPLE) for leaf in _leaves(arguments)):
        return None
    return copy.deepcopy(arguments)


def _leaves(value):
    if isinstance(value, (list, tuple)):
        return [leaf for v in value for leaf in _leaves(v)]
    if isinstance(value, dict):
        return [leaf for v in value.values() for leaf in _leaves(v)]
    return [value]


def auto_config(layer) -> dict:
    """The recorded constructor arguments, `{"name": ...}` first (see `records_init_args`)."""
    recorded, keeps_name = layer.__dict__.get("_auto_config", ({}, True))
    if recorded is None:
        raise NotImplementedError(
            f"Layer {type(layer).__name__} was created with constructor arguments that are not "
            "plain values (str, int, float, bool, None, or lists/dicts of them), so its config "
            "can't be generated automatically. Override `get_config()` to return the arguments "
            "that rebuild the layer (and `from_config()` if they need converting back)."
        )
    config = {"name": layer.name, **recorded}
    if not keeps_name:
        config.pop("name")
    return config


def legacy_batch_shape(class_name: str, legacy: dict):
    """Keras still accepts `input_shape=` on a first layer; Sequential turns it into an Input."""
    if not legacy:
        return None
    warnings.warn(
        f"Do not pass an `input_shape`/`input_dim` argument to a layer ({class_name}). When using "
        "Sequential models, prefer using an `Input(shape)` object as the first layer in the model "
        "instead.",
        UserWarning,
        stacklevel=5,
    )
    if "batch_input_shape" in legacy:
        return as_shape(legacy["batch_input_shape"], "batch_input_shape")
    if "input_shape" in legacy:
        shape = as_shape(legacy["input_shape"], "input_shape")
    elif "input_dim" in legacy:
        shape = (int(legacy["input_dim"]),)
    else:
        return None
    return (legacy.get("batch_size"), *shape)


def jsonable_shape(shape):
    if isinstance(shape, list):
        return [jsonable_shape(s) for s in shape]
    return list(shape)
