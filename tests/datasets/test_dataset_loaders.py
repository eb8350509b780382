"""`lamina.datasets.*.load_data()` from cached fixture files in the real formats.

Keras's loaders run here without TensorFlow, so each one is the oracle: its `get_file` is
patched to return the same fixture, and both results must match exactly. Every origin is
pointed at a closed local port, so a wrong hash shows up as a failed re-download and
nothing ever reaches the internet; patching the expected hash to the fixture's digest
then lets the cached file be used.
"""

import gzip
import hashlib
import importlib
import io
import json
import pickle
import tarfile

import numpy as np
import pytest

from lamina import datasets
from lamina.datasets.cifar import load_batch

RNG = np.random.default_rng(0)
UNREACHABLE = "http://127.0.0.1:9/"


def _digest(path, algorithm="sha256"):
    with open(path, "rb") as f:
        return hashlib.new(algorithm, f.read()).hexdigest()


def _same(a, b):
    if isinstance(a, (tuple, list)):
        assert type(a) is type(b) and len(a) == len(b)
        for x, y in zip(a, b):
            _same(x, y)
    elif isinstance(a, dict):
        assert a == b
    else:
        assert a.dtype == b.dtype and a.shape == b.shape
        if a.dtype == object:
            assert [list(v) for v in a] == [list(v) for v in b]
        else:
            np.testing.assert_array_equal(a, b)


def _offline(monkeypatch, module):
    for name in ("ORIGIN", "BASE"):
        if hasattr(module, name):
            monkeypatch.setattr(module, name, UNREACHABLE)


def _keras_with_file(monkeypatch, name, path):
    module = importlib.import_module(f"keras.src.datasets.{name}")
    monkeypatch.setattr(module, "get_file", lambda *a, **k: str(path))
    return module


def _check_hash_then_load(monkeypatch, module, path, hash_name="FILE_HASH", call=None):
    call = call or module.load_data
    _offline(monkeypatch, module)
    with pytest.raises(Exception, match="URL fetch failure"):  # wrong hash -> re-download
        call()
    monkeypatch.setattr(module, hash_name, _digest(path, "md5" if len(getattr(module, hash_name)) == 32 else "sha256"))
    return call()


def test_mnist(keras, cache, monkeypatch):
    path = cache / "mnist.npz"
    np.savez(path, x_train=RNG.integers(0, 256, (6, 28, 28), dtype=np.uint8),
             y_train=RNG.integers(0, 10, 6, dtype=np.uint8),
             x_test=RNG.integers(0, 256, (2, 28, 28), dtype=np.uint8),
             y_test=RNG.integers(0, 10, 2, dtype=np.uint8))
    ours = _check_hash_then_load(monkeypatch, datasets.mnist, path)
    _same(ours, _keras_with_file(monkeypatch, "mnist", path).load_data())


def test_fashion_mnist_gzip_idx(keras, cache, monkeypatch):
    folder = cache / "fashion-mnist"
    folder.mkdir()
    counts = {"train": 5, "t10k": 3}
    for split, n in counts.items():
        with gzip.open(folder / f"{split}-labels-idx1-ubyte.gz", "wb") as f:
            f.write(b"\x00\x00\x08\x01" + n.to_bytes(4, "big") + RNG.integers(0, 10, n, dtype=np.uint8).tobytes())
        with gzip.open(folder / f"{split}-images-idx3-ubyte.gz", "wb") as f:
            header = b"\x00\x00\x08\x03" + b"".join(v.to_bytes(4, "big") for v in (n, 28, 28))
            f.write(header + RNG.integers(0, 256, n * 784, dtype=np.uint8).tobytes())
    _offline(monkeypatch, datasets.fashion_mnist)
    (x_train, y_train), (x_test, y_test) = ours = datasets.fashion_mnist.load_data()
    assert x_train.shape == (5, 28, 28) and y_test.shape == (3,) and x_test.dtype == np.uint8
    keras_module = importlib.import_module("keras.src.datasets.fashion_mnist")
    monkeypatch.setattr(keras_module, "get_file", lambda fname, **k: str(folder / fname))
    _same(ours, keras_module.load_data())


def _cifar_batch(n, label_keys):
    batch = {b"batch_label": b"fixture", b"data": RNG.integers(0, 256, (n, 3072), dtype=np.uint8),
             b"filenames": [f"img{i}.png".encode() for i in range(n)]}
    for key, classes in label_keys.items():
        batch[key] = [int(v) for v in RNG.integers(0, classes, n)]
    return pickle.dumps(batch)  # protocol 3+: bytes need no `_codecs` global


def _tar(members):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_cifar10(keras, cache, monkeypatch, data_format):
    members = {f"cifar-10-batches-py/data_batch_{i}": _cifar_batch(2, {b"labels": 10}) for i in range(1, 6)}
    members["cifar-10-batches-py/test_batch"] = _cifar_batch(3, {b"labels": 10})
    # Keras's cache names for fname="cifar-10-batches-py-target" with extract=True.
    archive = cache / "cifar-10-batches-py-target_archive"
    archive.write_bytes(_tar(members))
    monkeypatch.setattr(datasets.cifar10, "image_data_format", lambda: data_format)
    ours = _check_hash_then_load(monkeypatch, datasets.cifar10, archive)
    (x_train, y_train), (x_test, _) = ours
    assert x_train.shape == ((10, 32, 32, 3) if data_format == "channels_last" else (10, 3, 32, 32))
    assert y_train.shape == (10, 1) and x_test.shape[0] == 3
    # Keras's cifar10.load_data hard-codes 10,000 samples per batch, so it cannot read a
    # small fixture; the expected arrays follow its source (keras/src/datasets/cifar10.py):
    # Keras's own `load_batch` per file, concatenated, labels as uint8 (n, 1), then NHWC.
    from keras.src.datasets.cifar import load_batch as keras_load_batch

    folder = cache / "cifar-10-batches-py-target" / "cifar-10-batches-py"
    parts = [keras_load_batch(folder / f"data_batch_{i}") for i in range(1, 6)]
    x_test_k, y_test_k = keras_load_batch(folder / "test_batch")
    to_layout = (lambda x: x.transpose(0, 2, 3, 1)) if data_format == "channels_last" else (lambda x: x)
    expected = ((to_layout(np.concatenate([x for x, _ in parts])),
                 np.concatenate([y for _, y in parts]).astype("uint8").reshape(-1, 1)),
                (to_layout(x_test_k), np.asarray(y_test_k).astype("uint8").reshape(-1, 1)))
    _same(ours, expected)


@pytest.mark.parametrize("label_mode", ["fine", "coarse"])
def test_cifar100(keras, cache, monkeypatch, label_mode):
    keys = {b"fine_labels": 100, b"coarse_labels": 20}
    archive = cache / "cifar-100-python-target_archive"
    archive.write_bytes(_tar({"cifar-100-python/train": _cifar_batch(4, keys),
                              "cifar-100-python/test": _cifar_batch(2, keys)}))
    ours = _check_hash_then_load(monkeypatch, datasets.cifar100, archive,
                                 call=lambda: datasets.cifar100.load_data(label_mode))
    keras_module = _keras_with_file(monkeypatch, "cifar100", cache / "cifar-100-python-target")
    _same(ours, keras_module.load_data(label_mode))
    with pytest.raises(ValueError, match="label_mode"):
        datasets.cifar100.load_data("medium")


class _Payload:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


def test_malicious_cifar_pickle_never_runs(tmp_path):
    marker = tmp_path / "pwned"
    path = tmp_path / "data_batch_1"
    path.write_bytes(pickle.dumps({b"data": _Payload(str(marker)), b"labels": [0]}))
    with pytest.raises(pickle.UnpicklingError, match="Refusing"):
        load_batch(path)
    assert not marker.exists()


def _ragged(n, vocab, rng):
    out = np.empty(n, dtype=object)
    for i in range(n):
        out[i] = [int(v) for v in rng.integers(1, vocab, rng.integers(2, 9))]
    return out


IMDB_ARGS = [{}, {"num_words": 12, "skip_top": 2, "maxlen": 7, "seed": 5},
             {"start_char": None, "oov_char": None, "index_from": 0, "num_words": 10}]


@pytest.mark.parametrize("kwargs", IMDB_ARGS)
def test_imdb(keras, cache, monkeypatch, kwargs):
    rng = np.random.default_rng(1)
    path = cache / "imdb.npz"
    np.savez(path, x_train=_ragged(8, 20, rng), y_train=rng.integers(0, 2, 8),
             x_test=_ragged(6, 20, rng), y_test=rng.integers(0, 2, 6))
    ours = _check_hash_then_load(monkeypatch, datasets.imdb, path,
                                 call=lambda: datasets.imdb.load_data(**kwargs))
    _same(ours, _keras_with_file(monkeypatch, "imdb", path).load_data(**kwargs))


def test_imdb_refuses_a_malicious_npz(cache, monkeypatch, tmp_path):
    marker = tmp_path / "pwned"
    path = cache / "imdb.npz"
    np.savez(path, x_train=np.array([_Payload(str(marker))], dtype=object), y_train=np.zeros(1),
             x_test=np.array([_Payload(str(marker))], dtype=object), y_test=np.zeros(1))
    monkeypatch.setattr(datasets.imdb, "FILE_HASH", _digest(path))
    with pytest.raises(pickle.UnpicklingError):
        datasets.imdb.load_data()
    assert not marker.exists()


@pytest.mark.parametrize("kwargs", [{}, {"num_words": 9, "test_split": 0.3, "seed": 7, "maxlen": 6}])
def test_reuters(keras, cache, monkeypatch, kwargs):
    rng = np.random.default_rng(2)
    path = cache / "reuters.npz"
    np.savez(path, x=_ragged(10, 15, rng), y=rng.integers(0, 46, 10))
    ours = _check_hash_then_load(monkeypatch, datasets.reuters, path,
                                 call=lambda: datasets.reuters.load_data(**kwargs))
    keras_module = _keras_with_file(monkeypatch, "reuters", path)
    _same(ours, keras_module.load_data(**kwargs))
    assert datasets.reuters.get_label_names() == keras_module.get_label_names()


@pytest.mark.parametrize("name", ["imdb", "reuters"])
def test_word_index(keras, cache, monkeypatch, name):
    path = cache / f"{name}_word_index.json"
    path.write_text(json.dumps({"the": 1, "and": 2}))
    module = getattr(datasets, name)
    ours = _check_hash_then_load(monkeypatch, module, path, "WORD_INDEX_HASH", call=module.get_word_index)
    _same(ours, _keras_with_file(monkeypatch, name, path).get_word_index())


@pytest.mark.parametrize("name,kwargs", [
    ("boston_housing", {}), ("boston_housing", {"test_split": 0.5, "seed": 3}),
    ("california_housing", {}), ("california_housing", {"version": "small", "seed": 1}),
])
def test_housing(keras, cache, monkeypatch, name, kwargs):
    path = cache / f"{name}.npz"
    rows = 650 if name == "california_housing" else 20
    np.savez(path, x=RNG.normal(size=(rows, 8)), y=RNG.normal(size=rows))
    module = getattr(datasets, name)
    ours = _check_hash_then_load(monkeypatch, module, path, call=lambda: module.load_data(**kwargs))
    _same(ours, _keras_with_file(monkeypatch, name, path).load_data(**kwargs))
    with pytest.raises(ValueError, match="test_split"):
        module.load_data(test_split=1.0)


def test_origins_and_hashes_match_keras(keras):
    """Same URLs and digests as Keras: read from Keras's source text of each loader."""
    import inspect

    for name, module in [("mnist", datasets.mnist), ("cifar10", datasets.cifar10),
                         ("cifar100", datasets.cifar100), ("boston_housing", datasets.boston_housing),
                         ("california_housing", datasets.california_housing)]:
        source = inspect.getsource(importlib.import_module(f"keras.src.datasets.{name}"))
        assert module.FILE_HASH in source and module.ORIGIN.rsplit("/", 1)[-1] in source
    for name, module in [("imdb", datasets.imdb), ("reuters", datasets.reuters)]:
        source = inspect.getsource(importlib.import_module(f"keras.src.datasets.{name}"))
        assert module.FILE_HASH in source and module.WORD_INDEX_HASH in source
        assert module.BASE in source
