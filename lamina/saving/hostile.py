"""Treating every file as hostile: regular files only, and zip members inflated under limits.

A loader opens a path here rather than with `open()`: a FIFO, a device or a folder named
`model.keras` is refused before anything reads from it (a FIFO would block forever).
Zip members are checked against the sizes their headers declare, and against how far they
claim to inflate, before a byte is inflated; the weights member goes to an anonymous
temporary file, never into memory.
"""

import os
import shutil
import stat
import tempfile
import zipfile

# Keras stores members uncompressed; a deflated member rarely inflates more than ~10x
# (JSON) and deflate itself tops out near 1032x, which only long runs of one byte reach.
MAX_RATIO = 100
# Below this, a member (or the weights declared in an h5 file) may inflate without a
# ratio check: a small file full of zeros costs at most this much.
RATIO_FREE_BYTES = 16 * 2**20
MAX_CONFIG_BYTES = 64 * 2**20  # a config.json of a few thousand layers is a few MB
MAX_METADATA_BYTES = 2**20
_CHUNK = 2**20


def open_regular(path: str, kind: str):
    """A binary file object for `path`, which must be a regular file.

    The file is opened without blocking and checked with `fstat` on the open descriptor,
    so a FIFO (or a file swapped for one after a check) can't hang the caller.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    flags |= getattr(os, "O_BINARY", 0)
    if not os.path.lexists(path):
        raise FileNotFoundError(f"File not found: filepath={path}. Please ensure the file is an accessible {kind}.")
    try:
        fd = os.open(path, flags)
    except IsADirectoryError:
        raise ValueError(f"'{path}' is a folder, not a {kind}.") from None
    except OSError as error:
        raise ValueError(f"'{path}' cannot be opened as a {kind}: {error}.") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        what = "a folder" if stat.S_ISDIR(mode) else "not a regular file (a FIFO, socket or device)"
        raise ValueError(f"'{path}' is {what}; Lamina only loads a {kind} from a regular file.")
    if hasattr(os, "set_blocking"):
        os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def check_member(info: zipfile.ZipInfo, filepath: str, limit: int | None = None) -> None:
    """Refuses a member whose declared size is over `limit` or that inflates too far."""
    size, packed = info.file_size, info.compress_size
    if limit is not None and size > limit:
        raise ValueError(
            f"'{filepath}': the member {info.filename} declares {size} bytes, more than the "
            f"{limit} bytes Lamina accepts for it; the file is not a Keras model archive."
        )
    if size > RATIO_FREE_BYTES and size > MAX_RATIO * max(packed, 1):
        raise ValueError(
            f"'{filepath}': the member {info.filename} claims to inflate from {packed} to {size} "
            f"bytes (more than {MAX_RATIO}x); refusing it as a likely zip bomb."
        )


def read_member(archive: zipfile.ZipFile, name: str, filepath: str, limit: int) -> bytes:
    """A small member's bytes, checked before it is inflated (zipfile stops at the declared size)."""
    info = archive.getinfo(name)
    check_member(info, filepath, limit)
    with archive.open(info) as member:
        return member.read(limit + 1)


def spool_member(archive: zipfile.ZipFile, name: str, filepath: str):
    """The member inflated into an anonymous temporary file, checked before inflating."""
    info = archive.getinfo(name)
    check_member(info, filepath)
    target = tempfile.TemporaryFile()
    try:
        with archive.open(info) as member:
            shutil.copyfileobj(member, target, _CHUNK)
        target.seek(0)
    except BaseException:
        target.close()
        raise
    return target
