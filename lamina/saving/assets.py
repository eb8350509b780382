"""Layer assets in a `.keras` archive (Keras's `save_assets` / `load_assets`).

Keras gives every layer that defines `save_assets(dir_path)` a directory named by the
layer's path (`assets/layers/string_lookup/`) and writes what the layer puts there into
the zip; loading hands the same files back to `load_assets(dir_path)` after the weights.
Reading is bounded: only members under `assets/` with plain relative names are taken,
each under a size limit, into a fresh temporary directory.
"""

import os
import posixpath
import tempfile

from .hostile import read_member
from .weights_h5 import _is_model, child_layers, keyed_layers

MAX_ASSET_BYTES = 1 << 30  # all asset members together (vocabularies are far smaller)
MAX_ASSET_MEMBERS = 10_000


def asset_layers(model, prefix="layers"):
    """`(path, layer)` for every layer with assets, with Keras's paths."""
    found = []
    for key, layer in keyed_layers(model):
        found += _walk(layer, f"{prefix}/{key}")
    return found


def _walk(layer, path):
    if _is_model(layer):
        return asset_layers(layer, f"{path}/layers")
    found = [(path, layer)] if hasattr(layer, "save_assets") else []
    for key, child in child_layers(layer):
        found += _walk(child, f"{path}/{key}")
    return found


def write_assets(model, archive) -> None:
    """Adds each layer's asset files to the open zip `archive` under `assets/<path>/`."""
    for path, layer in asset_layers(model):
        with tempfile.TemporaryDirectory() as directory:
            layer.save_assets(directory)
            for root, _, files in os.walk(directory):
                for name in sorted(files):
                    full = os.path.join(root, name)
                    relative = os.path.relpath(full, directory).replace(os.sep, "/")
                    archive.write(full, f"assets/{path}/{relative}")


def read_assets(archive, filepath) -> dict:
    """`{member name: bytes}` for the archive's asset members with plain relative names (others
    are skipped), their total size bounded."""
    members, total = {}, 0
    names = [n for n in archive.namelist() if n.startswith("assets/") and not n.endswith("/")]
    if len(names) > MAX_ASSET_MEMBERS:
        raise ValueError(f"'{filepath}': {len(names)} asset files; at most {MAX_ASSET_MEMBERS} are read.")
    for name in names:
        parts = name.split("/")
        if posixpath.isabs(name) or any(part in ("", ".", "..") for part in parts) or "\\" in name:
            continue  # not a plain relative path: never read, never extracted (as other strays)
        members[name] = read_member(archive, name, filepath, MAX_ASSET_BYTES - total)
        total += len(members[name])
    return members


def load_assets(model, members: dict) -> None:
    """Gives each layer with `load_assets` its files, in a fresh temporary directory."""
    for path, layer in asset_layers(model):
        prefix = f"assets/{path}/"
        mine = {name[len(prefix):]: data for name, data in members.items() if name.startswith(prefix)}
        if not mine or not hasattr(layer, "load_assets"):
            continue
        with tempfile.TemporaryDirectory() as directory:
            for relative, data in mine.items():
                target = os.path.join(directory, *relative.split("/"))
                os.makedirs(os.path.dirname(target), exist_ok=True)
                with open(target, "wb") as handle:
                    handle.write(data)
            layer.load_assets(directory)
