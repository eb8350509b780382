"""`keras.utils.Config`: a dict whose keys are also attributes, which can be frozen."""

import copy
import difflib
import json


class Config:
    """A configuration whose entries read and write as attributes or items.

    After `freeze()`, setting, updating, popping or deleting an entry raises ValueError.

    Example:

    >>> config = Config(learning_rate=0.1, momentum=0.9)
    >>> config.learning_rate, config["momentum"]
    (0.1, 0.9)
    """

    def __init__(self, **kwargs):
        object.__setattr__(self, "_config", kwargs)
        object.__setattr__(self, "_frozen", False)

    @property
    def frozen(self) -> bool:
        return self._frozen

    def freeze(self) -> None:
        object.__setattr__(self, "_frozen", True)

    def unfreeze(self) -> None:
        object.__setattr__(self, "_frozen", False)

    def _check_mutable(self) -> None:
        if self._frozen:
            raise ValueError("Cannot mutate attribute(s) because the config is frozen.")

    def as_dict(self) -> dict:
        return copy.copy(self._config)

    def to_json(self) -> str:
        return json.dumps(self._config)

    def keys(self):
        return self._config.keys()

    def values(self):
        return self._config.values()

    def items(self):
        return self._config.items()

    def get(self, keyname, value=None):
        return self._config.get(keyname, value)

    def pop(self, *args):
        self._check_mutable()
        return self._config.pop(*args)

    def update(self, *args, **kwargs):
        self._check_mutable()
        return self._config.update(*args, **kwargs)

    # Only called when normal lookup fails: entries, never the methods above.
    def __getattr__(self, name):
        config = self.__dict__.get("_config", {})
        if name in config:
            return config[name]
        message = f"Unknown attribute: '{name}'."
        close = difflib.get_close_matches(name, list(config), n=1, cutoff=0.7)
        if close:
            message += f" Did you mean '{close[0]}'?"
        raise AttributeError(message)

    def __setattr__(self, name, value):
        if hasattr(type(self), name):  # a method or property: keep Python's behaviour
            return object.__setattr__(self, name, value)
        self._check_mutable()
        self._config[name] = value

    def __getitem__(self, key):
        return self._config[key]

    def __setitem__(self, key, value):
        self._check_mutable()
        self._config[key] = value

    def __delitem__(self, key):
        self._check_mutable()
        del self._config[key]

    def __contains__(self, key) -> bool:
        return key in self._config

    def __iter__(self):
        return iter(sorted(self._config))

    def __len__(self) -> int:
        return len(self._config)

    def __repr__(self):
        return f"<Config {self._config}>"
