"""A corrupt, truncated or foreign file is a ValueError (or FileNotFoundError) that names the
file and says what is wrong, never a bare zipfile/h5py/zlib traceback."""

import io
import json
import struct

import h5py
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from saving_cases import h5_bytes, read_members, write_members

import lamina
from lamina import layers

# Hypothesis reuses one tmp_path across examples, so every example writes the same file.
HYPOTHESIS = settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)


def small_model():
    model = lamina.Sequential([lamina.Input((4,)), layers.Dense(3), layers.Dense(2)], name="small")
    model.compile("adam", "mse")
    rng = np.random.default_rng(0)
    model.fit(rng.random((8, 4), "float32"), rng.random((8, 2), "float32"), verbose=0)
    return model


class GoodArchive(dict):
    """`{"bytes": ..., "members": ...}` with a short repr: hypothesis prints the arguments of
    a failing example, and a 150 kB repr is a HypothesisWarning (an error here)."""

    def __repr__(self):
        return "<good.keras>"


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    """The bytes and members of a valid small compiled archive (written once)."""
    path = tmp_path_factory.mktemp("good") / "good.keras"
    small_model().save(path)
    return GoodArchive(bytes=path.read_bytes(), members=read_members(path))


def assert_clear_error(path, **kwargs):
    """load_model fails with ValueError/FileNotFoundError whose message names `path`."""
    with pytest.raises((ValueError, FileNotFoundError)) as error:
        lamina.models.load_model(path, **kwargs)
    assert str(path) in str(error.value), f"the error does not name the file: {error.value}"
    return str(error.value)


def load_or_clear_error(path):
    """The property for damaged files: a sane model, or a clear error naming the file."""
    try:
        model = lamina.models.load_model(path)
    except (ValueError, FileNotFoundError) as error:
        assert str(path) in str(error), f"the error does not name the file: {error}"
        return
    assert isinstance(model, lamina.Model)
    assert model.predict(np.zeros((2, 4), "float32"), verbose=0).shape == (2, 2)


# ----------------------------------------------------------------- whole-file damage


@pytest.mark.parametrize("fraction", [0.0, 0.001, 0.01, 0.1, 0.5, 0.9, 0.99, 0.999])
def test_truncated_archive_is_a_clear_error(fraction, good, tmp_path):
    data = good["bytes"]
    path = tmp_path / "cut.keras"
    path.write_bytes(data[: int(len(data) * fraction)])
    message = assert_clear_error(path)
    assert "zip" in message or "archive" in message


def test_archive_missing_its_last_byte_is_a_clear_error(good, tmp_path):
    path = tmp_path / "cut.keras"
    path.write_bytes(good["bytes"][:-1])
    assert_clear_error(path)


@pytest.mark.parametrize(
    "content",
    [b"", b"\x00" * 100, np.random.default_rng(0).bytes(4096), b"PK\x03\x04" + b"\xff" * 60,
     b'{"class_name": "Sequential"}', b"\x89HDF\r\n\x1a\n" + b"\x00" * 100],
    ids=["empty", "zeros", "random", "zip-magic-then-garbage", "json-not-zip", "hdf5-magic"],
)
def test_foreign_file_with_keras_extension_is_a_clear_error(content, tmp_path):
    path = tmp_path / "foreign.keras"
    path.write_bytes(content)
    message = assert_clear_error(path)
    assert "not a valid .keras file" in message


def test_folder_named_like_an_archive_is_a_clear_error(tmp_path):
    (tmp_path / "folder.keras").mkdir()
    assert_clear_error(tmp_path / "folder.keras")


# ----------------------------------------------------------------- wrong members


@pytest.mark.parametrize(
    "change, words",
    [
        (lambda m: m.pop("config.json"), "lacks config.json"),
        (lambda m: m.pop("model.weights.h5"), "lacks model.weights.h5"),
        (lambda m: m.update({"config.json": b"{not json"}), "config.json is not valid JSON"),
        (lambda m: m.update({"config.json": b"\xff\xfe{}"}), "config.json is not valid JSON"),
        (lambda m: m.update({"config.json": b"[1, 2, 3]"}), "config.json does not describe a model"),
        (lambda m: m.update({"config.json": b'{"config": {}}'}), "config.json does not describe a model"),
        (lambda m: m.update({"metadata.json": b"{"}), "metadata.json is not valid JSON"),
        (lambda m: m.update({"model.weights.h5": b""}), "HDF5"),
        (lambda m: m.update({"model.weights.h5": b"garbage" * 100}), "HDF5"),
        (lambda m: m.update({"model.weights.h5": h5_bytes(lambda h: h.create_group("layers"))}),
         "missing from the file"),
    ],
    ids=["no-config", "no-weights", "invalid-json", "not-utf8", "json-list", "no-class-name",
         "bad-metadata", "empty-h5", "garbage-h5", "foreign-h5"],
)
def test_archive_with_wrong_members_is_a_clear_error(change, words, good, tmp_path):
    members = dict(good["members"])
    change(members)
    path = tmp_path / "wrong.keras"
    write_members(path, members)
    assert words in assert_clear_error(path)


def test_zip_without_metadata_still_loads(good, tmp_path):
    """metadata.json is informative only (Keras reads it for version checks)."""
    members = {k: v for k, v in good["members"].items() if k != "metadata.json"}
    write_members(tmp_path / "m.keras", members)
    assert lamina.models.load_model(tmp_path / "m.keras").name == "small"


def test_weights_member_with_foreign_structure_is_a_clear_error(good, tmp_path):
    members = dict(good["members"])
    members["model.weights.h5"] = h5_bytes(lambda h: h.create_dataset("layers", data=np.zeros(3)))
    write_members(tmp_path / "wrong.keras", members)
    assert_clear_error(tmp_path / "wrong.keras")


def test_invalid_layer_config_error_names_the_file(good, tmp_path):
    members = dict(good["members"])
    members["config.json"] = members["config.json"].replace(b'"units": 3', b'"unitz": 3')
    write_members(tmp_path / "wrong.keras", members)
    message = assert_clear_error(tmp_path / "wrong.keras")
    assert "unitz" in message


# ----------------------------------------------------------------- zip header damage


def with_central_header_field(data, member, offset, value):
    """The archive with one 2-byte field of `member`'s central directory entry replaced."""
    out = bytearray(data)
    start = data.find(b"PK\x01\x02")
    while start != -1:
        name_length = struct.unpack("<H", data[start + 28 : start + 30])[0]
        if data[start + 46 : start + 46 + name_length] == member.encode():
            out[start + offset : start + offset + 2] = struct.pack("<H", value)
            return bytes(out)
        start = data.find(b"PK\x01\x02", start + 4)
    raise AssertionError(f"{member} not found")


@pytest.mark.parametrize(
    "offset, value",
    [
        pytest.param(10, 12, id="bzip2-method"),
        pytest.param(10, 8, id="deflate-method"),
        pytest.param(10, 99, id="unknown-method"),
        pytest.param(8, 1, id="encrypted-flag"),
        pytest.param(8, 1 << 6, id="strong-encryption-flag"),
    ],
)
def test_zip_header_damage_is_a_clear_error(offset, value, good, tmp_path):
    path = tmp_path / "damaged.keras"
    path.write_bytes(with_central_header_field(good["bytes"], "config.json", offset, value))
    assert_clear_error(path)


# ----------------------------------------------------------------- random damage


# Positions are drawn as integers and wrapped around the data, so they reach every byte.
damage = st.lists(
    st.tuples(st.sampled_from(["flip", "set", "cut"]), st.integers(0, 2**20), st.integers(0, 255)),
    min_size=1,
    max_size=4,
)


def damaged(data, operations):
    data = bytearray(data)
    for kind, where, value in operations:
        if not data:
            break
        i = where % len(data)
        if kind == "flip":
            data[i] ^= 1 << (value % 8)
        elif kind == "set":
            data[i] = value
        else:
            del data[i:]
    return bytes(data)


@HYPOTHESIS
@given(operations=damage)
def test_byte_damage_to_an_archive_loads_or_names_the_file(operations, good, tmp_path):
    path = tmp_path / "damaged.keras"
    path.write_bytes(damaged(good["bytes"], operations))
    load_or_clear_error(path)


# ----------------------------------------------------------------- structured damage
# Damage that passes the zip CRC check (the archive is re-zipped) and reaches the JSON and
# HDF5 readers: one part of config.json or of the weights file is deleted or replaced.


def json_paths(value, path=()):
    """Every key path inside a JSON value, parents before children."""
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else []
    paths = []
    for key, child in items:
        paths.append((*path, key))
        paths += json_paths(child, (*path, key))
    return paths


json_values = st.one_of(st.none(), st.booleans(), st.integers(-2, 8), st.floats(-2, 2),
                        st.text(max_size=6), st.just([]), st.just({}), st.just([None, 4]))


@pytest.mark.filterwarnings("ignore:Skipping variable loading for optimizer")
@HYPOTHESIS
@given(data=st.data())
def test_config_damage_loads_or_names_the_file(data, good, tmp_path):
    config = json.loads(good["members"]["config.json"])
    path = data.draw(st.sampled_from(json_paths(config)), label="path")
    parent = config
    for key in path[:-1]:
        parent = parent[key]
    action = data.draw(st.sampled_from(["replace", "delete", "rename"]), label="action")
    if action == "replace" or isinstance(parent, list):
        parent[path[-1]] = data.draw(json_values, label="value")
    elif action == "delete":
        del parent[path[-1]]
    else:
        parent[path[-1] + "_x"] = parent.pop(path[-1])
    members = {**good["members"], "config.json": json.dumps(config).encode()}
    write_members(tmp_path / "damaged.keras", members)
    load_or_clear_error(tmp_path / "damaged.keras")


def h5_paths(data):
    paths = []
    with h5py.File(io.BytesIO(data), "r") as handle:
        handle.visit(paths.append)
    return paths


def replace_h5_object(data, path, action):
    """The weights file with the object at `path` deleted or replaced by something foreign."""
    buffer = io.BytesIO(data)
    with h5py.File(buffer, "r+") as handle:
        shape = getattr(handle[path], "shape", None) or (3,)
        del handle[path]
        if action == "dangling-link":
            handle[path] = h5py.SoftLink("/nowhere")
        elif action == "strings":
            handle.create_dataset(path, data=np.full(shape, b"x"))
        elif action == "group":
            handle.create_group(path)
        elif action == "scalar":
            handle.create_dataset(path, data=1.0)
        elif action == "wrong-shape":
            handle.create_dataset(path, data=np.zeros((2, 7), "float32"))
        elif action == "int64":
            handle.create_dataset(path, data=np.ones(shape, "int64"))
    return buffer.getvalue()


@pytest.mark.filterwarnings("ignore:Skipping variable loading for optimizer")
@HYPOTHESIS
@given(data=st.data())
def test_weights_member_damage_loads_or_names_the_file(data, good, tmp_path):
    weights = good["members"]["model.weights.h5"]
    path = data.draw(st.sampled_from(h5_paths(weights)), label="path")
    action = data.draw(
        st.sampled_from(["delete", "dangling-link", "strings", "group", "scalar", "wrong-shape", "int64"]),
        label="action",
    )
    members = {**good["members"], "model.weights.h5": replace_h5_object(weights, path, action)}
    write_members(tmp_path / "damaged.keras", members)
    load_or_clear_error(tmp_path / "damaged.keras")


def test_dangling_link_in_weights_member_is_a_clear_error(good, tmp_path):
    weights = replace_h5_object(good["members"]["model.weights.h5"], "layers/dense/vars/0", "dangling-link")
    write_members(tmp_path / "wrong.keras", {**good["members"], "model.weights.h5": weights})
    assert_clear_error(tmp_path / "wrong.keras")


def test_zip_checksum_catches_damage_inside_the_weights(good, tmp_path):
    """A flipped bit in a stored member's data fails the CRC: an error naming the file."""
    data = bytearray(good["bytes"])
    start = data.find(b"\x89HDF\r\n\x1a\n")  # the h5 member's first bytes, stored as is
    data[start + 200] ^= 0x10
    (tmp_path / "flipped.keras").write_bytes(bytes(data))
    assert "CRC" in assert_clear_error(tmp_path / "flipped.keras")
