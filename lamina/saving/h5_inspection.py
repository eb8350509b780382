"""Inspecting an HDF5 weights file before any data is read from it.

HDF5 can make a dataset read bytes from elsewhere: *external storage* (raw bytes of any
local file), *external links* (another HDF5 file) and *virtual datasets* (a mapping onto
other datasets, which reads as zeros when the source is missing). A weights file needs
none of these. Every object reachable from the root is checked here, and the first one
that is not plain numeric data stored inside the file is one `ValueError` naming the file
and the object's path.

The declared sizes are checked too: chunked storage can declare a `(30000, 30000)`
dataset in a few kilobytes (unwritten chunks read as the fill value, and gzip inflates
about 1000x), so the bytes all datasets declare may exceed the file's own size only by a
bounded ratio (`hostile.MAX_RATIO`).
"""

import h5py

from .hostile import MAX_RATIO, RATIO_FREE_BYTES

_MAX_OBJECTS = 1_000_000
# Numbers only: bool, (u)int up to 64 bits, float16/32/64.
_KINDS = "biuf"


def inspect_h5(handle: h5py.File, source: str) -> None:
    """Raises `ValueError` unless every object in the file is safe to read (see module doc)."""
    declared = _walk(handle, source)
    size = handle.id.get_filesize()
    if declared > RATIO_FREE_BYTES and declared > MAX_RATIO * size:
        raise ValueError(
            f"'{source}': the datasets of this {size}-byte weights file declare {declared} bytes "
            f"(more than {MAX_RATIO}x the file); refusing it as a likely decompression bomb."
        )


def dataset_problem(dataset: h5py.Dataset) -> str | None:
    """Why this dataset's storage or dtype is refused, or None."""
    plist = dataset.id.get_create_plist()
    if plist.get_layout() == h5py.h5d.VIRTUAL:
        return "is a virtual dataset (it maps data from other datasets or files)"
    if plist.get_external_count() > 0:
        name = plist.get_external(0)[0].decode("utf-8", "replace")
        return f"has external storage (its bytes would be read from '{name}')"
    dtype = dataset.dtype
    if dtype.kind not in _KINDS or dtype.fields is not None or dtype.itemsize > 8 or dtype.metadata:
        return f"has dtype {dtype!s}, not a plain numeric type"
    return None


def declared_bytes(dataset: h5py.Dataset) -> int:
    # Python ints: a product of declared dimensions can overflow int64.
    count = 1
    for dim in dataset.shape or ():
        count *= int(dim)
    return count * dataset.dtype.itemsize


def _walk(handle, source) -> int:
    declared, count = 0, 0
    seen = set()
    pending = [("", handle)]
    while pending:
        path, group = pending.pop()
        for name in group:
            count += 1
            if count > _MAX_OBJECTS:
                raise ValueError(f"'{source}': the weights file holds more than {_MAX_OBJECTS} objects.")
            where = f"{path}/{name}"
            link = group.get(name, getlink=True)
            if isinstance(link, h5py.ExternalLink):
                _refuse(source, where, f"is an external link to '{link.filename}:{link.path}'")
            if isinstance(link, h5py.SoftLink):
                _check_soft_link(handle, group, link.path, source, where)
                continue  # the target is checked where its hard link is walked
            if not isinstance(link, h5py.HardLink):
                _refuse(source, where, "is a user-defined link")
            obj = group[name]
            if isinstance(obj, h5py.Dataset):
                problem = dataset_problem(obj)
                if problem:
                    _refuse(source, where, problem)
                declared += declared_bytes(obj)
            elif isinstance(obj, h5py.Group):
                key = _address(obj)
                if key not in seen:
                    seen.add(key)
                    pending.append((where, obj))
    return declared


def _check_soft_link(handle, group, target, source, where):
    """A soft link may only name an object of this file reached through hard links."""
    node = handle if target.startswith("/") else group
    for part in [p for p in target.split("/") if p]:
        link = node.get(part, getlink=True) if isinstance(node, h5py.Group) else None
        if not isinstance(link, h5py.HardLink):
            _refuse(source, where, f"is a soft link to '{target}', which does not stay inside the file")
        node = node[part]


def _address(obj):
    return h5py.h5o.get_info(obj.id).addr


def _refuse(source, where, problem):
    raise ValueError(
        f"'{source}': the object {where} {problem}. Lamina only reads numeric datasets stored "
        "inside the weights file; this file was not written by Keras or Lamina."
    )
