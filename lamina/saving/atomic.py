"""Writing files so that nothing is lost: a temporary file beside the target, then a rename."""

import contextlib
import os
import secrets
import stat


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
    fd, temporary = _create_beside(path, directory)
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


def _create_beside(path, directory):
    """A new temporary file next to `path` with the mode the saved file must end up with.

    `mkstemp` makes files 0600, and the rename would carry that over: an existing file
    keeps its own mode, and a new one gets what `open()` gives (0666 less the umask, which
    the kernel applies to this `os.open` as it does to `open()`).
    """
    try:
        keep = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        keep = None
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
    for _ in range(100):
        temporary = os.path.join(directory, f".{os.path.basename(path)}.{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(temporary, flags, 0o666)
        except FileExistsError:
            continue
        if keep is not None:
            try:
                os.chmod(temporary, keep)
            except BaseException:
                os.close(fd)
                os.unlink(temporary)
                raise
        return fd, temporary
    raise FileExistsError(f"Cannot create a temporary file beside '{path}'.")


def _sync_directory(directory):
    # Makes the rename itself durable; not every platform allows opening a folder.
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
