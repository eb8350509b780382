"""The one registry: every serializable Lamina object, and the user's, by Keras's names.

Built-in classes and functions register under a *kind* (`"layers"`, `"losses"`,
`"metrics"`, `"optimizers"`, `"initializers"`, `"regularizers"`, `"constraints"`,
`"activations"`, `"schedules"`, `"callbacks"`) and their Keras names and aliases. User
objects register with `register_keras_serializable` under `"package>name"`, or are passed
per call (`custom_objects=`) or per block (`custom_object_scope`).

Reading a config resolves `class_name` here and nowhere else: no module named in a file is
imported, nothing is unpickled or evaluated, so a hostile config can't run code. One
`get`/`serialize`/`deserialize` serves every kind; the kind modules (`lamina.losses.get`,
...) are thin wrappers that add their kind's conveniences.
"""

import contextlib
import importlib
import importlib.util
import sys
import threading
import types
from typing import Any

# Where Keras's own objects of each kind live, as written in the "module" key of a config.
KERAS_MODULES = {
    "layers": "keras.layers",
    "losses": "keras.losses",
    "metrics": "keras.metrics",
    "optimizers": "keras.optimizers",
    "initializers": "keras.initializers",
    "regularizers": "keras.regularizers",
    "constraints": "keras.constraints",
    "activations": "keras.activations",
    "schedules": "keras.optimizers.schedules",
    "callbacks": "keras.callbacks",
}

# Our own packages whose import (and public names) register each kind's built-ins. A lookup
# that misses imports them once and looks again, so a config can name a built-in whose
# module nothing has loaded yet. A fixed table: no module named in a file is ever imported.
HOMES = {
    "layers": ("lamina.layers", "lamina.models"),
    "losses": ("lamina.losses",),
    "metrics": ("lamina.metrics",),
    "optimizers": ("lamina.optimizers",),
    "initializers": ("lamina.initializers",),
    "regularizers": ("lamina.regularizers",),
    "constraints": ("lamina.constraints",),
    "activations": ("lamina.activations",),
    "schedules": ("lamina.optimizers.schedules",),
    "callbacks": ("lamina.callbacks",),
}

_builtins: dict[str, dict[str, Any]] = {kind: {} for kind in KERAS_MODULES}
_loaded: set[str] = set()  # kinds whose HOMES have been imported
_kind_of: dict[int, str] = {}
_GLOBAL_CUSTOM_OBJECTS: dict[str, Any] = {}
_GLOBAL_CUSTOM_NAMES: dict[int, str] = {}
_scope = threading.local()


# ----------------------------------------------------------------------------- registering
def register_builtin(kind: str, obj, *aliases: str):
    """Registers one of Lamina's own classes or functions under its name and `aliases`."""
    table = _builtins[kind]
    for name in (obj.__name__, *aliases):
        table.setdefault(name, obj)
    _kind_of.setdefault(id(obj), kind)
    return obj


def register_keras_serializable(package: str = "Custom", name: str | None = None):
    """Decorator: makes a user class or function loadable as `"package>name"` (Keras's API)."""
    if not isinstance(package, str) or ">" in package:
        raise ValueError(f"`package` must be a string without '>'. Received: package={package!r}")

    def decorator(obj):
        key = f"{package}>{name or obj.__name__}"
        if hasattr(obj, "get_config") is False and not callable(obj):
            raise ValueError(f"Cannot register {obj!r}: it is neither a class nor a function.")
        if isinstance(obj, type) and not hasattr(obj, "get_config"):
            raise ValueError(
                f"Cannot register {obj.__name__} as '{key}': the class needs a `get_config` method."
            )
        _GLOBAL_CUSTOM_OBJECTS[key] = obj
        _GLOBAL_CUSTOM_NAMES[id(obj)] = key
        return obj

    return decorator


def get_registered_name(obj) -> str:
    """`"package>name"` for a registered user object, else the object's plain name."""
    return _GLOBAL_CUSTOM_NAMES.get(id(obj), getattr(obj, "__name__", type(obj).__name__))


def get_registered_object(name: str, custom_objects: dict | None = None, module_objects: dict | None = None):
    """The object registered, in scope or passed under `name`; `None` when there is none."""
    for table in (custom_objects, current(), _GLOBAL_CUSTOM_OBJECTS, module_objects):
        if table and name in table:
            return table[name]
    return None


def get_custom_objects() -> dict:
    """The process-wide dict of custom objects (user code may add entries, as in Keras)."""
    return _GLOBAL_CUSTOM_OBJECTS


def current() -> dict:
    """The objects of the innermost `custom_object_scope` on this thread."""
    return getattr(_scope, "objects", None) or {}


@contextlib.contextmanager
def custom_object_scope(*scopes: dict | None):
    """Makes `{name: object}` dicts visible to every lookup by name inside the block."""
    previous = getattr(_scope, "objects", None)
    merged = dict(previous or {})
    for objects in scopes:
        merged.update(objects or {})
    _scope.objects = merged
    try:
        yield
    finally:
        _scope.objects = previous


class CustomObjectScope:
    """The class form of `custom_object_scope` (`with CustomObjectScope({...}):`)."""

    def __init__(self, *custom_objects: dict | None):
        self._objects = custom_objects
        self._context = None

    def __enter__(self):
        self._context = custom_object_scope(*self._objects)
        self._context.__enter__()
        return self

    def __exit__(self, *exc_info):
        return self._context.__exit__(*exc_info)


# ----------------------------------------------------------------------------- looking up
def lookup(kind: str | None, name: str, custom_objects: dict | None = None):
    """The object for `name`: the caller's, the scope's, the registered users', then the
    built-ins of `kind` (of any kind when `kind` is None). `None` when nothing matches."""
    found = get_registered_object(name, custom_objects)
    if found is None and ">" in name:
        found = get_registered_object(name.rpartition(">")[2], custom_objects)
    if found is not None:
        return found
    kinds = [kind] if kind is not None else list(_builtins)
    for k in kinds:
        if name in _builtins[k]:
            return _builtins[k][name]
    # A built-in whose module nothing has imported yet: load it from its package by this
    # name, else load its whole kind (see HOMES); either happens once per kind at most.
    for k in kinds:
        _resolve_export(k, name)
        if name in _builtins[k]:
            return _builtins[k][name]
    for k in kinds:
        load_builtins(k)
        if name in _builtins[k]:
            return _builtins[k][name]
    return None


def _resolve_export(kind: str, name: str) -> None:
    """Loads the built-in its home package exports as `name`, if one does (cheaper than
    loading the whole kind, for the usual name: a class name in a config)."""
    if kind in _loaded or not name.isidentifier():
        return
    for home in HOMES[kind]:
        package = importlib.import_module(home)
        if name in getattr(package, "__all__", ()):
            getattr(package, name, None)
            return


def builtin_names(kind: str) -> list[str]:
    load_builtins(kind)
    return sorted(_builtins[kind])


def unknown(kind: str, name, what: str | None = None) -> ValueError:
    """The one wording for an identifier that resolves to nothing, listing the valid names."""
    what = what or kind.rstrip("s")
    return ValueError(
        f"Could not interpret {what} identifier: {name!r}. Lamina's {kind}: "
        f"{', '.join(map(repr, builtin_names(kind)))}. Pass others in `custom_objects`, a "
        "`custom_object_scope`, or register them with "
        "`@keras.saving.register_keras_serializable()`."
    )


def kind_of(obj) -> str | None:
    """The kind a built-in object or class was registered under."""
    target = obj if isinstance(obj, type) or not hasattr(obj, "get_config") else type(obj)
    for cls in getattr(target, "__mro__", (target,)):
        kind = _kind_of.get(id(cls)) if _is_registered(cls) else None
        if kind is not None:
            return kind
    return None


def _is_registered(obj) -> bool:
    """Whether `obj` is a registered built-in. One of ours that was imported from its module
    path before its package exported it registers first: through its package's name for
    it, else by loading its kind."""
    if id(obj) in _kind_of:
        return True
    module, name = getattr(obj, "__module__", None) or "", getattr(obj, "__name__", None)
    for kind, homes in HOMES.items():
        if kind in _loaded or not any(module.startswith(home + ".") for home in homes):
            continue
        for home in homes:
            package = sys.modules.get(home)
            if package is not None and name in getattr(package, "__all__", ()):
                getattr(package, name)
        if id(obj) not in _kind_of:
            load_builtins(kind)
    return id(obj) in _kind_of


def load_builtins(kind: str | None = None) -> None:
    """Imports the packages that register `kind`'s built-ins (every kind's when None), and
    resolves their lazily exported names, once."""
    for k in [kind] if kind is not None else list(HOMES):
        if k in _loaded:
            continue
        complete = True
        for home in HOMES[k]:
            package = importlib.import_module(home)
            # A lookup made while the package itself is being imported finds it half done.
            complete &= not getattr(package.__spec__, "_initializing", False)
            for name in getattr(package, "__all__", ()):
                getattr(package, name, None)
        if complete:
            _loaded.add(k)


# ----------------------------------------------------------------------------- configs
def serialize_keras_object(obj):
    """An object as Keras writes it: `{"module", "class_name", "config", "registered_name"}`
    for objects with `get_config`, a function config for functions, plain values as they are."""
    if obj is None or isinstance(obj, (str, int, float, bool)):
        return obj
    if isinstance(obj, (list, tuple)):
        return [serialize_keras_object(v) for v in obj]
    if isinstance(obj, dict):
        return {k: serialize_keras_object(v) for k, v in obj.items()}
    target = obj if isinstance(obj, type) or not hasattr(obj, "get_config") else type(obj)
    custom = _GLOBAL_CUSTOM_NAMES.get(id(target))
    if not hasattr(obj, "get_config") and callable(obj):
        kind = _kind_of.get(id(obj)) if _is_registered(obj) else None
        return {
            "module": "builtins" if kind and not custom else getattr(obj, "__module__", "builtins"),
            "class_name": "function",
            "config": custom or obj.__name__,
            "registered_name": "function",
        }
    if not hasattr(obj, "get_config"):
        raise TypeError(f"Cannot serialize {obj!r}: it has no `get_config()` method.")
    cls = type(obj)
    builtin = cls.__module__.startswith("lamina.") and _is_registered(cls)
    return {
        # A class's own `_keras_module`/`_keras_registered_name` (not inherited) say where
        # Keras keeps the class when that is not the kind's public module.
        "module": cls.__dict__.get("_keras_module") or (KERAS_MODULES[_kind_of[id(cls)]] if builtin else cls.__module__),
        "class_name": cls.__name__,
        "config": obj.get_config(),
        "registered_name": cls.__dict__.get("_keras_registered_name") if builtin else (custom or cls.__name__),
    }


def deserialize_keras_object(config, custom_objects: dict | None = None, safe_mode: bool = True,
                             kind: str | None = None):
    """Rebuilds an object from `serialize_keras_object` output (or a name), through the
    registry only. Classes build with `from_config`; functions come back as themselves."""
    from . import config as config_module  # the same floor; config imports nothing of ours

    if config_module.in_safe_mode() is False:  # `config.enable_unsafe_deserialization()`
        safe_mode = False
    if config is None or isinstance(config, (int, float, bool)):
        return config
    if isinstance(config, str):
        found = lookup(kind, config, custom_objects)
        if found is None:
            raise unknown(kind or "layers", config) if kind else ValueError(f"Unknown object {config!r}.")
        return found
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(
            f"Could not interpret the config {str(config)[:200]!r}: expected a name or a dict with "
            "'class_name' and 'config'."
        )
    class_name, inner = config["class_name"], config.get("config")
    if class_name == "function":
        name = inner if isinstance(inner, str) else None
        found = lookup(kind, name, custom_objects) if name else None
        if found is None:
            raise unknown(kind or "activations", inner, "function")
        return found
    registered = config.get("registered_name")
    cls = None
    if isinstance(registered, str) and ">" in registered:
        cls = get_registered_object(registered, custom_objects)
    if cls is None:
        cls = lookup(kind, class_name, custom_objects)
    if cls is None:
        raise unknown(kind or "layers", class_name, f"{(kind or 'layers').rstrip('s')} class")
    if not isinstance(inner, dict):
        raise ValueError(f"The config of {class_name} must be a dict. Received: {str(inner)[:200]!r}")
    if getattr(cls, "_from_config_takes_objects", False):
        return cls.from_config(inner, custom_objects=custom_objects, safe_mode=safe_mode)
    return cls.from_config(dict(inner))


# ----------------------------------------------------------------------------- lazy exports
class _LazyPackage(types.ModuleType):
    """A package with a lazily exported name that is also its submodule's name, such as the
    function `lamina.analysis.profile` in module `lamina.analysis.profile`: when the import
    system binds the submodule onto the package, the name is left to resolve to the object,
    as the eager `from .profile import profile` left it."""

    def __setattr__(self, name, value):
        if isinstance(value, types.ModuleType) and name in _SHADOWED.get(self.__name__, ()):
            return
        super().__setattr__(name, value)


_SHADOWED: dict[str, set[str]] = {}


def lazy_exports(package: str, table: dict[str, str], on_load=None):
    """`(__getattr__, __dir__, __all__)` for a package whose public names import on first use
    (PEP 562), so that `import lamina` loads only what is used.

    `table` maps each public name to the module that defines it, relative to `package`:
    `"Dense": ".core.dense"`, or `"device": ".config:device_scope"` where the name differs
    there; `"layers": ".layers"` is the submodule itself, and `"profile": ".profile:profile"`
    the object named like its submodule. `on_load(name, value)` runs once per name resolved.
    Other submodules still resolve as attributes (`lamina.layers.core`), as they did when
    everything was imported eagerly.
    """
    shadowed = {name for name, where in table.items() if where == f".{name}:{name}"}
    if shadowed:
        _SHADOWED[package] = shadowed
        sys.modules[package].__class__ = _LazyPackage

    def __getattr__(name: str):
        where = table.get(name)
        if where is None:
            if (name.isidentifier() and not name.startswith("__")
                    and importlib.util.find_spec(f"{package}.{name}") is not None):
                return importlib.import_module(f"{package}.{name}")
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module_name, _, attribute = where.partition(":")
        module = importlib.import_module(module_name, package)
        value = module if module_name == f".{name}" and not attribute else getattr(module, attribute or name)
        if on_load is not None:
            on_load(name, value)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        return sorted(set(vars(sys.modules[package])) | set(table))

    return __getattr__, __dir__, sorted(table)
