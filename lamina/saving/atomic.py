"""Writing files so that nothing is lost: a temporary file beside the target, then a rename."""

import contextlib
import os
import tempfile


@contextlib.contextmanager
def atomic_write(path, overwrite: bool = True):
    """Yields a binary file; on success it replaces `path` in one step (`os.replace`).

    If anything fails before the end — an exception, a full disk, a killed process — the
    previous file at `path` is untouched and the temporary file is removed (a killed
    process leaves only a hidden `.name.*.tmp` beside it, never a half-written target).
    """
    path = os.fspath(path)
    if not overwrite and os.path.exists(path):
        raise FileExistsError(f"'{path}' already exists and overwrite=False.")
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise FileNotFoundError(f"Cannot save to '{path}': the folder '{directory}' does not exist.")
    fd, temporary = tempfile.mkstemp(dir=directory, prefix=f".{os.path.basename(path)}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_directory(directory)


def _sync_directory(directory):
    # Makes the rename itself durable; not every platform allows opening a folder.
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
