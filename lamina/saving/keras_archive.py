"""The Keras 3 `.keras` archive: `metadata.json`, `config.json`, `model.weights.h5` in a zip.

Reading never extracts anything and never imports or evaluates what the file names:
members are read by their fixed names under size limits (`hostile.py`), classes resolve
through Lamina's registry (`registry.py`), and problems become one clear `ValueError`.
"""

import contextlib
import datetime
import functools
import json
import os
import zipfile
import zlib
from dataclasses import dataclass

import h5py

from ..version import __version__
from .assets import load_assets, read_assets, write_assets
from .atomic import atomic_write
from .custom_objects import custom_object_scope
from .hostile import MAX_CONFIG_BYTES, MAX_METADATA_BYTES, open_regular, read_member, spool_member
from .meta_build import check_before_building, is_meta_limitation
from .serialization import deserialize_layer, serialize_layer
from .weights_h5 import open_h5, read_state, state_bytes

# Keras reads `keras_version` to decide on compatibility shims; we write the format we match.
_KERAS_FORMAT_VERSION = "3.15.1"


@dataclass
class Archive:
    config: dict
    metadata: dict
    weights: h5py.File  # open while `open_archive`'s block runs
    assets: dict  # `{member name: bytes}` under `assets/`


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
            write_assets(model, archive)


@contextlib.contextmanager
def open_archive(filepath):
    """The three members of a `.keras` file, checked, with errors that name the file.

    Only a regular file is opened (`hostile.open_regular`); each member's declared size and
    compression ratio are checked before it is inflated, and the weights member is inflated
    into an anonymous temporary file that the yielded h5py handle reads.
    """
    filepath = os.fspath(filepath)
    with open_regular(filepath, "`.keras` zip file") as raw:
        try:
            with zipfile.ZipFile(raw) as archive:
                names = set(archive.namelist())
                missing = {"config.json", "model.weights.h5"} - names
                if missing:
                    raise ValueError(
                        f"'{filepath}' is not a Keras model archive: it lacks {', '.join(sorted(missing))}."
                    )
                config = _json(read_member(archive, "config.json", filepath, MAX_CONFIG_BYTES), filepath, "config.json")
                metadata = {}
                if "metadata.json" in names:
                    data = read_member(archive, "metadata.json", filepath, MAX_METADATA_BYTES)
                    metadata = _json(data, filepath, "metadata.json")
                assets = read_assets(archive, filepath)
                spool = spool_member(archive, "model.weights.h5", filepath)
        except zipfile.BadZipFile as error:
            raise ValueError(f"'{filepath}' is not a valid .keras file (a zip archive): {error}.") from None
        except (zipfile.LargeZipFile, EOFError, OSError, zlib.error, NotImplementedError, RuntimeError,
                MemoryError, OverflowError) as error:
            # Damaged or exotic members: unknown compression, encryption, broken deflate streams.
            raise ValueError(f"'{filepath}' could not be read as a .keras archive: {error}.") from None
    if not isinstance(config, dict) or "class_name" not in config:
        spool.close()
        raise ValueError(f"'{filepath}': config.json does not describe a model (no 'class_name').")
    with spool, open_h5(spool, filepath) as handle:
        yield Archive(config=config, metadata=metadata, weights=handle, assets=assets)


def _json(data: bytes, filepath, member):
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        # ValueError covers invalid JSON and integers past Python's digit limit.
        raise ValueError(f"'{filepath}': {member} is not valid JSON ({error}).") from None


def load_model(filepath, custom_objects=None, compile: bool = True, safe_mode: bool = True):
    """Loads a `.keras` file written by Lamina or by Keras 3.

    The file is treated as hostile: the model is first built on the meta device (shapes,
    no memory) and its variables are matched against the file's datasets; only then is it
    built for real and filled. Any failure is one `ValueError` naming the file.

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
    with open_archive(filepath) as archive, custom_object_scope(custom_objects):
        build = functools.partial(_deserialize, archive.config, filepath, custom_objects, safe_mode)
        check_before_building(build, archive.weights, filepath)
        model = build(compile=compile)
        read_state(model, archive.weights, filepath)
        load_assets(model, archive.assets)
    return model


def _deserialize(config, filepath, custom_objects, safe_mode, compile=False):
    try:
        model = deserialize_layer(config, custom_objects, safe_mode)
        compile_config = config.get("compile_config") or {}
        if compile and compile_config:
            model.compile_from_config(compile_config, custom_objects=custom_objects)
        return model
    except ValueError as error:
        if filepath in str(error):
            raise
        raise _config_error(filepath, error) from None
    except Exception as error:  # noqa: BLE001 - a file must never escape as a raw torch/Python error
        if is_meta_limitation(error):
            raise
        raise _config_error(filepath, error) from None


def _config_error(filepath, error):
    return ValueError(f"'{filepath}': the model config cannot be loaded ({type(error).__name__}: {error})")
