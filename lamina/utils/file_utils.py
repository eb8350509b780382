"""`get_file`: download once into the Keras cache, check the hash, extract archives safely."""

import hashlib
import os
import shutil
import tarfile
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import warnings
import zipfile

from .progbar import Progbar

# An archive may not unpack to more than this many bytes or members: a zip/tar bomb is
# refused before anything is written.
MAX_EXTRACTED_BYTES = 64 * 2**30
MAX_MEMBERS = 1_000_000
_CHUNK = 1 << 16


def keras_home() -> str:
    """The cache root: `$KERAS_HOME` when set, else `~/.keras` (read at call time)."""
    return os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")


def get_file(fname=None, origin=None, untar=False, md5_hash=None, file_hash=None,
             cache_subdir="datasets", hash_algorithm="auto", extract=False,
             archive_format="auto", cache_dir=None, force_download=False) -> str:
    """Downloads `origin` into `cache_dir/cache_subdir/fname` unless it is already there.

    A cached file with the right hash is used without touching the network. A download
    goes to a temporary file that is hash-checked and only then renamed into place, so a
    failed or tampered download leaves nothing in the cache. With `extract=True` the
    archive (tar, tar.gz, tar.bz2 or zip) is unpacked next to it and that folder is
    returned; members that would land outside it (`..`, absolute paths, links leaving it)
    are skipped with a warning.

    Args:
        fname: file name in the cache; defaults to the last part of the URL's path.
        origin: the URL to download from.
        untar: deprecated; `extract=True` with `archive_format="tar"`.
        md5_hash: deprecated; `file_hash` with `hash_algorithm="md5"`.
        file_hash: the expected sha256 or md5 hex digest, or `None` for no check.
        cache_subdir: folder under `cache_dir` (`"datasets"`).
        hash_algorithm: `"sha256"`, `"md5"` or `"auto"` (by digest length).
        extract: unpack the downloaded archive.
        archive_format: `"auto"`, `"tar"`, `"zip"` or `None`.
        cache_dir: cache root; defaults to `$KERAS_HOME` or `~/.keras`.
        force_download: download again even when the file is cached.

    Returns:
        The path of the file, or of the extracted folder with `extract=True`.
    """
    if origin is None:
        raise ValueError('get_file needs the "origin" argument: the URL of the file to download.')
    if md5_hash is not None and file_hash is None:
        file_hash, hash_algorithm = md5_hash, "md5"
    root = os.path.expanduser(str(cache_dir) if cache_dir is not None else keras_home())
    if not os.access(root, os.W_OK) and os.path.exists(root):
        root = os.path.join(tempfile.gettempdir(), ".keras")
    datadir = os.path.join(root, cache_subdir)
    os.makedirs(datadir, exist_ok=True)
    provided = os.fspath(fname) if fname is not None else None
    name = provided or os.path.basename(urllib.parse.urlsplit(origin).path)
    if not name:
        raise ValueError(f"Can't parse the file name from origin={origin!r}. Pass the `fname` argument.")
    if os.sep in name or (os.altsep and os.altsep in name):
        raise ValueError(
            "get_file takes a file name, not a path, as `fname`; set the folder with "
            f"`cache_dir`. Received: fname={name}"
        )
    target, extraction_dir = _targets(datadir, name, bool(provided), extract or untar)
    download = force_download or not os.path.exists(target)
    if not download and file_hash is not None and not validate_file(target, file_hash, hash_algorithm):
        print(f"A local file was found, but its {hash_algorithm} hash does not match {file_hash}; "
              "downloading it again.")
        download = True
    if download:
        _download(origin, target, file_hash, hash_algorithm)
    if extraction_dir is None:
        return target
    if not extract_archive(target, extraction_dir, "tar" if untar else archive_format):
        warnings.warn(f"get_file could not extract {target}: not a {archive_format} archive.", stacklevel=2)
    return extraction_dir


def _targets(datadir, name, provided, extract):
    """(download path, extraction folder or None), named as Keras names them."""
    if not extract:
        return os.path.join(datadir, name), None
    if provided and "." in name:
        return os.path.join(datadir, name), os.path.join(datadir, name[: name.find(".")] + "_extracted")
    return os.path.join(datadir, name + "_archive"), os.path.join(datadir, name)


def _download(origin, target, file_hash, algorithm):
    print(f"Downloading data from {origin}")
    fd, partial = tempfile.mkstemp(prefix=".download-", dir=os.path.dirname(target))
    try:
        with os.fdopen(fd, "wb") as out, urllib.request.urlopen(origin) as response:
            size = response.headers.get("Content-Length")
            bar = Progbar(int(size) if size else None, unit_name="B")
            done = 0
            while chunk := response.read(_CHUNK):
                out.write(chunk)
                done += len(chunk)
                bar.update(done, finalize=False)
            bar.update(done, finalize=True)
        if file_hash is not None and not validate_file(partial, file_hash, algorithm):
            raise ValueError(
                f"Incomplete or corrupted file downloaded from {origin}: its {algorithm} hash "
                f"{hash_file(partial, _algorithm(algorithm, file_hash))} does not match the "
                f"expected {file_hash}. Nothing was written to the cache."
            )
        os.replace(partial, target)
    except (urllib.error.HTTPError, urllib.error.URLError) as error:
        raise Exception(f"URL fetch failure on {origin}: {error}") from error
    finally:
        if os.path.exists(partial):
            os.remove(partial)


def _algorithm(algorithm, file_hash=None):
    if algorithm == "sha256" or (algorithm == "auto" and file_hash is not None and len(file_hash) == 64):
        return "sha256"
    return "md5"


def hash_file(fpath, algorithm="sha256", chunk_size=65535) -> str:
    """The hex digest of a file: `"sha256"`, or `"md5"` (which `"auto"` means here, as in Keras)."""
    hasher = hashlib.new(_algorithm(algorithm))
    with open(fpath, "rb") as f:
        while chunk := f.read(chunk_size):
            hasher.update(chunk)
    return hasher.hexdigest()


def validate_file(fpath, file_hash, algorithm="auto", chunk_size=65535) -> bool:
    """Whether the file's sha256/md5 digest equals `file_hash` (`"auto"` picks by length)."""
    return hash_file(fpath, _algorithm(algorithm, file_hash), chunk_size) == str(file_hash)


def extract_archive(file_path, path=".", archive_format="auto") -> bool:
    """Unpacks a tar or zip archive into `path`, skipping unsafe members; False if it is neither."""
    if archive_format is None:
        return False
    formats = ["tar", "zip"] if archive_format == "auto" else (
        [archive_format] if isinstance(archive_format, str) else list(archive_format))
    file_path = os.fspath(file_path)
    for kind in formats:
        if kind not in ("tar", "zip"):
            raise ValueError(f'archive_format must be "auto", "tar", "zip" or None. Received: {kind!r}')
        if kind == "tar" and tarfile.is_tarfile(file_path):
            with tarfile.open(file_path) as archive:
                _guarded(path, lambda: _extract_tar(archive, path))
            return True
        if kind == "zip" and zipfile.is_zipfile(file_path):
            with zipfile.ZipFile(file_path) as archive:
                _guarded(path, lambda: _extract_zip(archive, path))
            return True
    return False


def _guarded(path, extract):
    existed = os.path.exists(path)
    try:
        extract()
    except BaseException:
        if not existed and os.path.isdir(path):
            shutil.rmtree(path)
        raise


def _inside(base, name) -> bool:
    base = os.path.realpath(base)
    target = os.path.realpath(os.path.join(base, name))
    return os.path.commonpath([base, target]) == base


def _skip(name):
    warnings.warn(f"Skipping unsafe path during archive extraction: {name!r}.", stacklevel=4)


def _check_size(count, total):
    if count > MAX_MEMBERS or total > MAX_EXTRACTED_BYTES:
        raise ValueError(
            f"Refusing to extract an archive of {count} members and {total} bytes: over the limit "
            f"of {MAX_MEMBERS} members / {MAX_EXTRACTED_BYTES} bytes (a possible archive bomb)."
        )


def _extract_tar(archive, path):
    members = archive.getmembers()
    _check_size(len(members), sum(m.size for m in members if m.isfile()))
    os.makedirs(path, exist_ok=True)
    safe = []
    for member in members:
        if not _inside(path, member.name):
            _skip(member.name)
        elif member.issym() and not _inside(path, os.path.join(os.path.dirname(member.name), member.linkname)):
            _skip(member.name)
        elif member.islnk() and not _inside(path, member.linkname):
            _skip(member.name)
        elif member.isdev():
            _skip(member.name)
        else:
            safe.append(member)
    # The "data" filter (Python 3.12, backported to 3.11.4) also strips setuid bits and
    # re-checks every path at write time.
    archive.extractall(path, members=safe, filter="data")


def _extract_zip(archive, path):
    infos = archive.infolist()
    _check_size(len(infos), sum(i.file_size for i in infos))
    os.makedirs(path, exist_ok=True)
    for info in infos:
        # Zip symlinks are stored as plain files holding the target, so only the name matters.
        if os.path.isabs(info.filename) or not _inside(path, info.filename):
            _skip(info.filename)
        else:
            archive.extract(info, path)
