"""Files from strangers (issue 9, items 1-6): every hostile file is built here, in the test.

Loading treats a file as hostile: only a regular file is opened, zip members are checked
against their declared sizes and compression ratios before inflating, every HDF5 object is
inspected before any data is read (no external storage, external links, soft links leaving
the file, virtual datasets or non-numeric dtypes), each dataset's shape and dtype is
compared with its variable before reading, and a config's shapes are learned on the meta
device before anything is allocated. Every refusal is one ValueError naming the file.

Cases whose failure would allocate gigabytes run in one subprocess under a 3 GiB address
space limit, and must end in that ValueError, not a MemoryError or a kill.
"""

import json
import os
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import h5py
import numpy as np
import pytest
from saving_cases import read_members, write_members

import lamina
from lamina import layers

REPO = Path(__file__).resolve().parents[2]
SECRET = b"TOP-SECRET-BYTES" * 3  # 48 bytes: exactly a (4, 3) float32 kernel


def dense_model():
    return lamina.Sequential(
        [lamina.Input((4,)), layers.Dense(3), layers.Dropout(0.5, seed=1), layers.Dense(2)], name="dense_model"
    )


def conv_model():
    return lamina.Sequential(
        [lamina.Input((6, 6, 2)), layers.Conv2D(3, 3), layers.Flatten(), layers.Dense(2)], name="conv_model"
    )


def bn_model():
    return lamina.Sequential([lamina.Input((4,)), layers.BatchNormalization(), layers.Dense(2)], name="bn_model")


def compiled_dense_model():
    model = dense_model()
    model.compile("adam", "mse")
    model.optimizer.build(model.trainable_weights)
    return model


def assert_refused(load, path, *words):
    """`load()` raises one ValueError naming `path` and containing `words`."""
    with pytest.raises(ValueError) as error:
        load()
    message = str(error.value)
    assert str(path) in message, f"the error does not name the file: {message}"
    for word in words:
        assert word in message, f"{word!r} not in: {message}"
    return message


def rewrite_h5(source: Path, target: Path, edit):
    """Copies an h5 file and applies `edit(h5py.File)` to the copy."""
    target.write_bytes(source.read_bytes())
    with h5py.File(target, "r+") as handle:
        edit(handle)


def archive_with_weights(tmp_path, weights_file: Path, name="hostile.keras"):
    """A `.keras` archive of `dense_model()` whose weights member is `weights_file`."""
    good = tmp_path / "good.keras"
    dense_model().save(good)
    members = read_members(good)
    members["model.weights.h5"] = weights_file.read_bytes()
    write_members(tmp_path / name, members)
    return tmp_path / name


@pytest.fixture
def weights(tmp_path):
    """A good `.weights.h5` of `dense_model()`."""
    path = tmp_path / "good.weights.h5"
    dense_model().save_weights(path)
    return path


# ----------------------------------------------------------------- item 1: h5 storage


def external_storage(secret, other):
    def edit(handle):
        del handle["layers/dense/vars/0"]
        handle["layers/dense/vars"].create_dataset(
            "0", shape=(4, 3), dtype="<f4", external=[(str(secret), 0, h5py.h5f.UNLIMITED)]
        )

    return edit


def external_link(secret, other):
    def edit(handle):
        del handle["layers/dense/vars/0"]
        handle["layers/dense/vars/0"] = h5py.ExternalLink(str(other), "/kernel")

    return edit


def soft_link_out(secret, other):
    def edit(handle):
        handle["elsewhere"] = h5py.ExternalLink(str(other), "/")
        del handle["layers/dense/vars/0"]
        handle["layers/dense/vars/0"] = h5py.SoftLink("/elsewhere/kernel")

    return edit


def virtual(secret, other):
    def edit(handle):
        del handle["layers/dense/vars/0"]
        layout = h5py.VirtualLayout(shape=(4, 3), dtype="f4")
        layout[:] = h5py.VirtualSource(str(other), "kernel", shape=(4, 3))
        handle["layers/dense/vars"].create_virtual_dataset("0", layout)

    return edit


def compound(secret, other):
    def edit(handle):
        del handle["layers/dense/vars/0"]
        handle["layers/dense/vars"].create_dataset("0", shape=(4, 3), dtype=[("a", "<f4"), ("b", "<i4")])

    return edit


def strings(secret, other):
    def edit(handle):
        del handle["layers/dense/vars/0"]
        handle["layers/dense/vars"].create_dataset("0", data=np.array([["x"] * 3] * 4, dtype=h5py.string_dtype()))

    return edit


# (edit, words the error must hold). The soft link leaves the file through an external link
# elsewhere in the file, which is found first or the link is: either names its own path.
STORAGE_CASES = {
    "external-storage": (external_storage, ("external storage", "layers/dense/vars/0")),
    "external-link": (external_link, ("external link", "layers/dense/vars/0")),
    "soft-link-leaving-the-file": (soft_link_out, ("link", "other.h5")),
    "virtual-dataset": (virtual, ("virtual dataset", "layers/dense/vars/0")),
    "compound-dtype": (compound, ("not a plain numeric type", "layers/dense/vars/0")),
    "string-dtype": (strings, ("not a plain numeric type", "layers/dense/vars/0")),
}


@pytest.fixture
def outside(tmp_path):
    """A secret file and another HDF5 file, both outside the weights file."""
    secret = tmp_path / "secret.bin"
    secret.write_bytes(SECRET)
    other = tmp_path / "other.h5"
    with h5py.File(other, "w") as handle:
        handle.create_dataset("kernel", data=np.frombuffer(SECRET, "<f4").reshape(4, 3))
    return secret, other


@pytest.mark.parametrize("container", [".weights.h5", ".keras"])
@pytest.mark.parametrize("case", list(STORAGE_CASES))
def test_h5_objects_reading_outside_the_file_are_refused(case, container, tmp_path, weights, outside):
    build, words = STORAGE_CASES[case]
    hostile = tmp_path / "hostile.weights.h5"
    rewrite_h5(weights, hostile, build(*outside))
    model = dense_model()
    before = [w.copy() for w in model.get_weights()]
    if container == ".keras":
        path = archive_with_weights(tmp_path, hostile)
        assert_refused(lambda: lamina.models.load_model(path), path, *words)
    else:
        path = hostile
        assert_refused(lambda: model.load_weights(path), path, *words)
    for old, new in zip(before, model.get_weights()):
        assert np.array_equal(old, new)
        assert SECRET not in new.tobytes()


def test_soft_link_inside_the_file_still_loads(tmp_path, weights):
    """A soft link to a dataset of the same file reads nothing from outside: it is allowed."""
    def edit(handle):
        handle["kept"] = handle["layers/dense/vars/0"]  # a second hard link to the kernel
        del handle["layers/dense/vars/0"]
        handle["layers/dense/vars/0"] = h5py.SoftLink("/kept")

    path = tmp_path / "soft.weights.h5"
    rewrite_h5(weights, path, edit)
    model = dense_model()
    model.load_weights(path)
    with h5py.File(weights, "r") as handle:
        assert np.array_equal(model.get_weights()[0], handle["layers/dense/vars/0"][()])


# ----------------------------------------------------------------- item 2: zip bombs


def test_member_inflating_past_the_ratio_is_refused_before_inflating(tmp_path, weights, monkeypatch):
    good = tmp_path / "good.keras"
    dense_model().save(good)
    path = tmp_path / "bomb.keras"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in read_members(good).items():
            if name != "model.weights.h5":
                archive.writestr(name, data)
        # 64 MiB of zeros deflate to ~64 KB (1000x).
        archive.writestr("model.weights.h5", weights.read_bytes() + bytes(64 * 2**20))
    opened = []
    original = zipfile.ZipFile.open

    def recording(self, name, *args, **kwargs):
        opened.append(getattr(name, "filename", name))
        return original(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", recording)
    assert_refused(lambda: lamina.models.load_model(path), path, "model.weights.h5", "zip bomb")
    assert "model.weights.h5" not in opened, "the member was inflated before the check"


def test_member_declaring_a_huge_size_is_refused(tmp_path):
    good = tmp_path / "good.keras"
    dense_model().save(good)
    data = bytearray(good.read_bytes())
    # Patch the central directory's uncompressed size of config.json to 4 GiB - 1.
    entry = data.rfind(b"PK\x01\x02", 0, data.rfind(b"config.json"))
    data[entry + 24:entry + 28] = (2**32 - 1).to_bytes(4, "little")
    path = tmp_path / "declared.keras"
    path.write_bytes(bytes(data))
    assert_refused(lambda: lamina.models.load_model(path), path, "config.json", "4294967295")


def test_padded_config_json_is_refused(tmp_path):
    good = tmp_path / "good.keras"
    dense_model().save(good)
    members = read_members(good)
    path = tmp_path / "padded.keras"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("model.weights.h5", members["model.weights.h5"])
        # Valid JSON: 70 MiB of spaces after the config.
        archive.writestr("config.json", members["config.json"] + b" " * (70 * 2**20))
    assert_refused(lambda: lamina.models.load_model(path), path, "config.json")


def test_weights_member_is_never_read_into_memory(tmp_path, monkeypatch):
    model = dense_model()
    model.save(tmp_path / "m.keras")

    def whole_member(self, name, *args):
        raise AssertionError(f"ZipFile.read({name!r}) loads a whole member into memory")

    monkeypatch.setattr(zipfile.ZipFile, "read", whole_member)
    loaded = lamina.models.load_model(tmp_path / "m.keras")
    for a, b in zip(model.get_weights(), loaded.get_weights()):
        assert np.array_equal(a, b)


# ----------------------------------------------------------------- item 3: shapes before data


def reads_counted(monkeypatch):
    reads = []
    original = h5py.Dataset.__getitem__

    def counting(self, key):
        reads.append(self.name)
        return original(self, key)

    monkeypatch.setattr(h5py.Dataset, "__getitem__", counting)
    return reads


@pytest.mark.parametrize(
    "target, variable", [("layers/dense/vars/0", "layers/dense"), ("optimizer/vars/2", "optimizer/vars/2")]
)
def test_shape_and_dtype_are_compared_before_any_data_is_read(target, variable, tmp_path, monkeypatch):
    model = compiled_dense_model()
    good = tmp_path / "good.weights.h5"
    model.save_weights(good)

    def edit(handle):
        del handle[target]
        handle.create_dataset(target, data=np.ones((5, 3), "float32"))

    path = tmp_path / "wrong.weights.h5"
    rewrite_h5(good, path, edit)
    reads = reads_counted(monkeypatch)
    message = assert_refused(lambda: model.load_weights(path), path, variable, "(4, 3)", "(5, 3)")
    assert reads == [], f"data was read before the shape check: {reads} ({message})"


def test_float_data_for_an_integer_variable_is_refused(tmp_path, monkeypatch):
    model = compiled_dense_model()
    good = tmp_path / "good.weights.h5"
    model.save_weights(good)

    def edit(handle):
        del handle["optimizer/vars/0"]  # `iterations`, an integer
        handle.create_dataset("optimizer/vars/0", data=np.float32(2.5))

    path = tmp_path / "float_iterations.weights.h5"
    rewrite_h5(good, path, edit)
    reads = reads_counted(monkeypatch)
    assert_refused(lambda: model.load_weights(path), path, "optimizer/vars/0", "float32")
    assert reads == []


# ----------------------------------------------------------------- items 3-4: gigabytes, capped

CAP_BYTES = 3 * 2**30

CHILD = r"""
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({cap}, {cap}))
sys.path[:0] = [{tests!r}]
import test_hostile_files as cases
import lamina
results = {{}}
for name, kind, path in json.loads(sys.argv[1]):
    try:
        if kind == "model":
            lamina.models.load_model(path)
        else:
            getattr(cases, kind)().load_weights(path)
        results[name] = ["loaded", ""]
    except BaseException as error:
        results[name] = [type(error).__name__, str(error)[:3000]]
print(json.dumps(results))
"""


def _config_edit(layer_index=None, key=None, value=None, batch_shape=None):
    def edit(config):
        inner = config["config"]
        items = inner["layers"]
        if layer_index is not None:
            items[layer_index]["config"][key] = value
        if batch_shape is not None:
            items[0]["config"]["batch_shape"] = batch_shape
        # Shapes then follow from the Input alone, as in a hand-written config.
        for item in items:
            item.pop("build_config", None)
        inner.pop("build_input_shape", None)
        config.pop("build_config", None)

    return edit


CONFIG_CASES = {
    "dense-units-3e8": (dense_model, _config_edit(1, "units", 3 * 10**8)),
    "dense-units-1e12": (dense_model, _config_edit(1, "units", 10**12)),
    "dense-units-1e400": (dense_model, _config_edit(1, "units", 10**400)),
    "conv-filters-1e9": (conv_model, _config_edit(1, "filters", 10**9)),
    "input-100000x100000": (conv_model, _config_edit(batch_shape=[None, 100000, 100000, 2])),
    "batchnorm-1e10-channels": (bn_model, _config_edit(batch_shape=[None, 10**10])),
    "input-shape-negative": (dense_model, _config_edit(batch_shape=[None, -1])),
    "input-shape-1e12-float": (dense_model, _config_edit(batch_shape=[None, 1e12])),
    "dropout-seed-true": (dense_model, _config_edit(2, "seed", True)),
}


def _gzip_bomb(target):
    def edit(handle):
        del handle[target]
        # 3.4 GB declared, nothing written: the file stays a few KB.
        handle.create_dataset(target, shape=(30000, 30000), dtype="f4", chunks=(1000, 1000), compression="gzip")

    return edit


@pytest.fixture(scope="module")
def capped_results(tmp_path_factory):
    """Loads every gigabyte case in one subprocess under a 3 GiB address-space limit."""
    folder = tmp_path_factory.mktemp("capped")
    jobs = []
    for name, (builder, edit) in CONFIG_CASES.items():
        good = folder / f"{name}-good.keras"
        builder().save(good)
        members = read_members(good)
        config = json.loads(members["config.json"])
        edit(config)
        members["config.json"] = json.dumps(config).encode()
        write_members(folder / f"{name}.keras", members)
        jobs.append((name, "model", str(folder / f"{name}.keras")))
    good = folder / "good.weights.h5"
    compiled_dense_model().save_weights(good)
    for name, target in [("h5-gzip-30000x30000-layer", "layers/dense/vars/0"),
                         ("h5-gzip-30000x30000-optimizer", "optimizer/vars/2")]:
        rewrite_h5(good, folder / f"{name}.weights.h5", _gzip_bomb(target))
        jobs.append((name, "compiled_dense_model", str(folder / f"{name}.weights.h5")))
    child = CHILD.format(cap=CAP_BYTES, tests=str(Path(__file__).parent))
    done = subprocess.run(
        [sys.executable, "-c", child, json.dumps(jobs)], capture_output=True, text=True, timeout=300, cwd=REPO
    )
    assert done.returncode == 0, f"the capped loader died ({done.returncode}): {done.stderr[-3000:]}"
    results = json.loads(done.stdout.splitlines()[-1])
    return {name: (*results[name], path) for name, _, path in jobs}


@pytest.mark.parametrize("case", list(CONFIG_CASES) + ["h5-gzip-30000x30000-layer", "h5-gzip-30000x30000-optimizer"])
def test_declared_gigabytes_are_one_value_error_under_a_memory_cap(case, capped_results):
    kind, message, path = capped_results[case]
    assert kind == "ValueError", f"{case}: {kind}: {message}"
    assert path in message, f"{case}: the error does not name the file: {message}"


# ----------------------------------------------------------------- item 5: not a regular file


@pytest.mark.parametrize("suffix", [".keras", ".weights.h5"])
def test_fifo_is_refused_without_hanging(suffix, tmp_path):
    fifo = tmp_path / f"x{suffix}"
    os.mkfifo(fifo)
    outcome = []

    def load():
        try:
            if suffix == ".keras":
                lamina.models.load_model(fifo)
            else:
                dense_model().load_weights(fifo)
        except BaseException as error:  # noqa: BLE001 - handed to the test thread
            outcome.append(error)

    thread = threading.Thread(target=load, daemon=True)
    thread.start()
    thread.join(timeout=30)
    if thread.is_alive():
        with open(fifo, "wb"):  # release the reader blocked in open()
            pass
        pytest.fail(f"loading a FIFO named {fifo.name} blocked")
    assert len(outcome) == 1 and isinstance(outcome[0], ValueError), outcome
    assert str(fifo) in str(outcome[0]) and "regular file" in str(outcome[0])


# ----------------------------------------------------------------- item 6: file modes


@pytest.fixture
def umask_022():
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.mark.parametrize("name", ["m.keras", "m.weights.h5"])
def test_new_file_gets_the_mode_open_gives(name, tmp_path, umask_022):
    save = dense_model().save if name.endswith(".keras") else dense_model().save_weights
    save(tmp_path / name)
    assert (tmp_path / name).stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize("name", ["m.keras", "m.weights.h5"])
@pytest.mark.parametrize("mode", [0o664, 0o640, 0o600])
def test_resaving_keeps_the_existing_mode(name, mode, tmp_path, umask_022):
    model = dense_model()
    save = model.save if name.endswith(".keras") else model.save_weights
    save(tmp_path / name)
    os.chmod(tmp_path / name, mode)
    save(tmp_path / name)
    assert (tmp_path / name).stat().st_mode & 0o777 == mode
