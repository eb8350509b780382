"""get_file against a local HTTP server: caching, hashes, atomic writes, safe extraction.

Expected behaviour comes from keras/src/utils/file_utils.py (cache layout, `_extracted`
folder names, hash selection); Keras's own `hash_file`/`validate_file` run here as oracles.
"""

import hashlib
import io
import os
import tarfile
import zipfile

import pytest

from lamina.utils import file_utils
from lamina.utils.file_utils import get_file, hash_file, validate_file


def _serve(root, name, data):
    (root / name).write_bytes(data)
    return hashlib.sha256(data).hexdigest(), hashlib.md5(data).hexdigest()


def test_download_then_cache_without_network(http_root, keras_home, capsys):
    root, url = http_root
    sha, md5 = _serve(root, "data.bin", b"x" * 100_000)
    path = get_file("data.bin", origin=url + "data.bin", file_hash=sha)
    assert path == os.path.join(str(keras_home), "datasets", "data.bin")
    assert hash_file(path) == sha
    assert "Downloading data from" in capsys.readouterr().out
    (root / "data.bin").unlink()  # the server no longer has it: the cache must serve
    assert get_file("data.bin", origin=url + "data.bin", file_hash=md5) == path
    assert get_file(origin=url + "data.bin", cache_subdir="datasets") == path  # fname from the URL
    assert "Downloading" not in capsys.readouterr().out


def test_wrong_hash_raises_and_leaves_nothing(http_root, keras_home):
    root, url = http_root
    _serve(root, "data.bin", b"payload")
    with pytest.raises(ValueError, match="hash"):
        get_file("data.bin", origin=url + "data.bin", file_hash="0" * 64)
    assert os.listdir(keras_home / "datasets") == []


def test_stale_cache_is_redownloaded_and_force_download(http_root, keras_home):
    root, url = http_root
    sha, _ = _serve(root, "a.txt", b"fresh")
    target = keras_home / "datasets" / "a.txt"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"stale")
    path = get_file("a.txt", origin=url + "a.txt", file_hash=sha)
    assert target.read_bytes() == b"fresh" and path == str(target)
    (root / "a.txt").write_bytes(b"newer")
    get_file("a.txt", origin=url + "a.txt", force_download=True)
    assert target.read_bytes() == b"newer"


def test_http_error_leaves_nothing(http_root, tmp_path):
    _, url = http_root
    with pytest.raises(Exception, match="URL fetch failure"):
        get_file("missing.bin", origin=url + "missing.bin", cache_dir=tmp_path / "c")
    assert os.listdir(tmp_path / "c" / "datasets") == []


def test_fname_must_not_be_a_path_and_origin_required(tmp_path):
    with pytest.raises(ValueError, match="cache_dir"):
        get_file("a/b.txt", origin="http://127.0.0.1/x", cache_dir=tmp_path)
    with pytest.raises(ValueError, match="origin"):
        get_file("b.txt", cache_dir=tmp_path)


def _tar_bytes(members):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, data, kind, link in members:
            info = tarfile.TarInfo(name)
            if kind == "file":
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
            else:
                info.type = tarfile.SYMTYPE if kind == "sym" else tarfile.LNKTYPE  # "hard"
                info.linkname = link
                tar.addfile(info)
    return buffer.getvalue()


def test_tar_extraction_skips_traversal_and_escaping_links(http_root, keras_home):
    root, url = http_root
    data = _tar_bytes([
        ("pkg/good.txt", b"ok", "file", None),
        ("../evil.txt", b"owned", "file", None),
        ("/abs_evil.txt", b"owned", "file", None),
        ("pkg/out_link", None, "sym", "../../../outside"),
        ("pkg/in_link", None, "sym", "good.txt"),
    ])
    _serve(root, "arch.tar.gz", data)
    with pytest.warns(UserWarning, match="unsafe path"):
        folder = get_file("arch.tar.gz", origin=url + "arch.tar.gz", extract=True)
    # Keras names the folder `<fname up to the first dot>_extracted`.
    assert folder == os.path.join(str(keras_home), "datasets", "arch_extracted")
    assert (keras_home / "datasets" / "arch_extracted" / "pkg" / "good.txt").read_bytes() == b"ok"
    assert (keras_home / "datasets" / "arch_extracted" / "pkg" / "in_link").read_bytes() == b"ok"
    assert not os.path.lexists(os.path.join(folder, "pkg", "out_link"))
    assert not (keras_home / "datasets" / "evil.txt").exists()
    assert not os.path.exists("/abs_evil.txt")


def test_zip_extraction_skips_traversal(http_root, keras_home):
    root, url = http_root
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("inner/a.txt", "A")
        archive.writestr("../../escape.txt", "E")
    _serve(root, "bundle.zip", buffer.getvalue())
    with pytest.warns(UserWarning, match="unsafe path"):
        folder = get_file(origin=url + "bundle.zip", extract=True)
    # Without fname: the archive is kept as `<name>_archive`, extracted into `<name>`.
    assert folder == os.path.join(str(keras_home), "datasets", "bundle.zip")
    assert os.path.isfile(folder + "_archive")
    assert (keras_home / "datasets" / "bundle.zip" / "inner" / "a.txt").read_text() == "A"
    assert not (keras_home / "escape.txt").exists() and not (keras_home.parent / "escape.txt").exists()


def test_archive_size_limit(tmp_path, monkeypatch):
    archive = tmp_path / "big.tar.gz"
    archive.write_bytes(_tar_bytes([("a.bin", b"0" * 1000, "file", None)]))
    monkeypatch.setattr(file_utils, "MAX_EXTRACTED_BYTES", 999)
    with pytest.raises(ValueError, match="archive bomb"):
        file_utils.extract_archive(archive, tmp_path / "out")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("algorithm", ["sha256", "md5", "auto"])
def test_hash_parity(keras, tmp_path, algorithm):
    from keras.src.utils import file_utils as keras_file_utils

    path = tmp_path / "f.bin"
    path.write_bytes(bytes(range(256)) * 300)
    assert hash_file(path, algorithm) == keras_file_utils.hash_file(path, algorithm)
    for digest in (hash_file(path, "sha256"), hash_file(path, "md5"), "bad"):
        assert validate_file(path, digest, algorithm) == keras_file_utils.validate_file(path, digest, algorithm)


def test_hardlink_out_and_zip_symlink_stay_inside(tmp_path):
    archive = tmp_path / "links.tar.gz"
    archive.write_bytes(_tar_bytes([("a.txt", b"A", "file", None),
                                    ("hard_out", None, "hard", "../../secret"),
                                    ("hard_in", None, "hard", "a.txt")]))
    with pytest.warns(UserWarning, match="hard_out"):
        assert file_utils.extract_archive(archive, tmp_path / "t")
    assert (tmp_path / "t" / "hard_in").read_bytes() == b"A" and not (tmp_path / "t" / "hard_out").exists()
    # A zip "symlink" (S_IFLNK in the external attributes) is written as a plain file.
    info = zipfile.ZipInfo("link")
    info.external_attr = (0o120777 << 16)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr(info, "/etc/passwd")
    (tmp_path / "l.zip").write_bytes(buffer.getvalue())
    assert file_utils.extract_archive(tmp_path / "l.zip", tmp_path / "z")
    assert not os.path.islink(tmp_path / "z" / "link")
    assert (tmp_path / "z" / "link").read_text() == "/etc/passwd"


def test_untar_and_md5_hash_legacy_arguments(http_root, keras_home):
    root, url = http_root
    data = _tar_bytes([("d/x.txt", b"X", "file", None)])
    _, md5 = _serve(root, "legacy.tgz", data)
    folder = get_file("legacy", origin=url + "legacy.tgz", untar=True, md5_hash=md5)
    assert folder == os.path.join(str(keras_home), "datasets", "legacy")
    assert (keras_home / "datasets" / "legacy" / "d" / "x.txt").read_bytes() == b"X"
    assert (keras_home / "datasets" / "legacy_archive").is_file()
