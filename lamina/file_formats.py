"""Where models meet their file formats.

`Model.save`, `save_weights`, `load_weights` and `models.load_model` are methods and
functions of a lower floor than the formats they write (`lamina.saving` needs model
classes). So `lamina.saving` plugs its readers and writers in here when it is imported,
which `import lamina` always does; models call them by name.
"""

_handlers: dict = {}


def provide(name: str, function) -> None:
    _handlers[name] = function


def handler(name: str):
    if name not in _handlers:
        raise RuntimeError(
            f"No file format handler '{name}' is installed: import `lamina` (not only a "
            "submodule) so that `lamina.saving` can plug its formats in."
        )
    return _handlers[name]
