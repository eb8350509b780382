"""The Keras 3 `.keras` archive: `metadata.json`, `config.json`, `model.weights.h5` in a zip.

Reading never extracts anything to disk and never imports or evaluates what the file
names: members are read into memory by their fixed names, classes resolve through
Lamina's registry (`registry.py`), and problems become one clear `ValueError`.
"""

import datetime
import json
import os
import zipfile
import zlib
from dataclasses import dataclass

from ..version import __version__
from .atomic import atomic_write
from .custom_objects import custom_object_scope
from .serialization import deserialize_layer, serialize_layer
from .weights_h5 import open_h5, read_state, state_bytes

# Keras reads `keras_version` to decide on compatibility shims; we write the format we match.
_KERAS_FORMAT_VERSION = "3.15.1"


@dataclass
class Archive:
    config: dict
    metadata: dict
    weights: bytes


def save_model(model, filepath, overwrite: bool = True) -> None:
    filepath = os.fspath(filepath)
    if not filepath.endswith(".keras"):
        raise ValueError(
            "Invalid filepath extension for saving. Please add a `.keras` extension for the native "
            f"Keras format. Received: filepath={filepath}"
        )
    config = serialize_layer(model)
    config["compile_config"] = model.get_compile_config() if getattr(model, "compiled", False) else {}
    metadata = {
        "keras_version": _KERAS_FORMAT_VERSION,
        "date_saved": datetime.datetime.now().strftime("%Y-%m-%d@%H:%M:%S"),
        "lamina_version": __version__,
    }
    weights = state_bytes(model)
    with atomic_write(filepath, overwrite=overwrite) as handle:
        # Stored, not deflated, as Keras writes it.
        with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_STORED) as archive:
            archive.writestr("metadata.json", json.dumps(metadata))
            archive.writestr("config.json", json.dumps(config))
            archive.writestr("model.weights.h5", weights)


def read_archive(filepath) -> Archive:
    """The three members of a `.keras` file, checked, with errors that name the file."""
    filepath = os.fspath(filepath)
    if not os.path.exists(filepath):
        raise FileNotFoundError(f"File not found: filepath={filepath}. Please ensure the file is an accessible `.keras` zip file.")
    try:
        with zipfile.ZipFile(filepath) as archive:
            names = set(archive.namelist())
            missing = {"config.json", "model.weights.h5"} - names
            if missing:
                raise ValueError(
                    f"'{filepath}' is not a Keras model archive: it lacks {', '.join(sorted(missing))}."
                )
            config = _json(archive.read("config.json"), filepath, "config.json")
            metadata = _json(archive.read("metadata.json"), filepath, "metadata.json") if "metadata.json" in names else {}
            weights = archive.read("model.weights.h5")
    except zipfile.BadZipFile as error:
        raise ValueError(f"'{filepath}' is not a valid .keras file (a zip archive): {error}.") from None
    except (zipfile.LargeZipFile, EOFError, OSError, zlib.error, NotImplementedError, RuntimeError) as error:
        # Damaged or exotic members: unknown compression, encryption, broken deflate streams.
        raise ValueError(f"'{filepath}' could not be read as a .keras archive: {error}.") from None
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(f"'{filepath}': config.json does not describe a model (no 'class_name').")
    return Archive(config=config, metadata=metadata, weights=weights)


def _json(data: bytes, filepath, member):
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"'{filepath}': {member} is not valid JSON ({error}).") from None


def load_model(filepath, custom_objects=None, compile: bool = True, safe_mode: bool = True):
    """Loads a `.keras` file written by Lamina or by Keras 3.

    Args:
        filepath: path to a `.keras` archive.
        custom_objects: `{class name: class}` for layers that are not Lamina's own.
        compile: restore the optimizer, loss and metrics (and the optimizer state).
        safe_mode: refuse anything that would need code from the file (always on for
            Lambda-like layers, which Lamina never loads).
    """
    filepath = os.fspath(filepath)
    if filepath.endswith(".weights.h5"):
        raise ValueError(f"'{filepath}' holds weights only: build the model, then call `model.load_weights`.")
    if filepath.endswith(".h5"):
        raise ValueError(f"'{filepath}': the legacy Keras 2 `.h5` model format is not supported; use `.keras`.")
    if not filepath.endswith(".keras"):
        raise ValueError(f"File format not supported: filepath={filepath}. Lamina loads Keras 3 `.keras` files.")
    archive = read_archive(filepath)
    with custom_object_scope(custom_objects):
        try:
            model = deserialize_layer(archive.config, custom_objects, safe_mode)
            compile_config = archive.config.get("compile_config") or {}
            if compile and compile_config:
                model.compile_from_config(compile_config, custom_objects=custom_objects)
        except (ValueError, KeyError, TypeError, IndexError, AttributeError, NotImplementedError) as error:
            raise ValueError(
                f"'{filepath}': the model config cannot be loaded ({type(error).__name__}: {error})"
            ) from None
    with open_h5(archive.weights, filepath) as handle:
        read_state(model, handle, filepath)
    return model
