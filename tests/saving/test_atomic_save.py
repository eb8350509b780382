"""Nothing lost: a save that fails part-way, or a process killed while saving, leaves the
previous file at the path byte for byte, and a failed save leaves no temporary file."""

import os
import signal
import subprocess
import sys
import textwrap
import time
import zipfile

import h5py
import pytest
from saving_cases import random_weights

import lamina
from lamina import layers


def small_model(seed=0):
    model = lamina.Sequential([lamina.Input((4,)), layers.Dense(3), layers.Dense(2)])
    model.set_weights(random_weights(model, seed))
    return model


def fail_on_call(n, error=None):
    """A replacement that raises `error` (a simulated full disk by default) on its n-th call
    and otherwise calls `original`."""
    error = error or OSError("disk full (simulated)")

    def wrap(original):
        calls = []

        def replacement(*args, **kwargs):
            calls.append(1)
            if len(calls) == n:
                raise error
            return original(*args, **kwargs)

        return replacement

    return wrap


def files_in(folder):
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def previous(tmp_path):
    """A good `m.keras` and `w.weights.h5` already on disk, and their bytes."""
    model = small_model(seed=0)
    model.save(tmp_path / "m.keras")
    model.save_weights(tmp_path / "w.weights.h5")
    return {name: (tmp_path / name).read_bytes() for name in ("m.keras", "w.weights.h5")}


SAVE_FAILURES = {
    # The second member written into the zip (config.json) fails.
    "zip-writestr": (zipfile.ZipFile, "writestr", 2),
    # The rename that would publish the new file fails.
    "os-replace": (os, "replace", 1),
    # The flush to disk fails.
    "os-fsync": (os, "fsync", 1),
    # Writing the HDF5 weights fails on the second variable.
    "h5-create-dataset": (h5py.Group, "create_dataset", 2),
}


@pytest.mark.parametrize("where", list(SAVE_FAILURES))
def test_failed_save_keeps_the_previous_archive(where, tmp_path, previous, monkeypatch):
    owner, attribute, n = SAVE_FAILURES[where]
    monkeypatch.setattr(owner, attribute, fail_on_call(n)(getattr(owner, attribute)))
    with pytest.raises(OSError, match="disk full"):
        small_model(seed=1).save(tmp_path / "m.keras")
    monkeypatch.undo()
    assert (tmp_path / "m.keras").read_bytes() == previous["m.keras"]
    assert files_in(tmp_path) == ["m.keras", "w.weights.h5"]  # no .m.keras.*.tmp left
    restored = lamina.models.load_model(tmp_path / "m.keras")
    assert [w.tolist() for w in restored.get_weights()] == [w.tolist() for w in small_model(0).get_weights()]


@pytest.mark.parametrize("where", ["os-replace", "os-fsync", "h5-create-dataset"])
def test_failed_save_weights_keeps_the_previous_file(where, tmp_path, previous, monkeypatch):
    owner, attribute, n = SAVE_FAILURES[where]
    monkeypatch.setattr(owner, attribute, fail_on_call(n)(getattr(owner, attribute)))
    with pytest.raises(OSError, match="disk full"):
        small_model(seed=1).save_weights(tmp_path / "w.weights.h5")
    monkeypatch.undo()
    assert (tmp_path / "w.weights.h5").read_bytes() == previous["w.weights.h5"]
    assert files_in(tmp_path) == ["m.keras", "w.weights.h5"]


def test_interrupt_during_save_keeps_the_previous_archive(tmp_path, previous, monkeypatch):
    """A KeyboardInterrupt (not an Exception) is cleaned up the same way."""
    monkeypatch.setattr(
        zipfile.ZipFile, "writestr", fail_on_call(3, KeyboardInterrupt())(zipfile.ZipFile.writestr)
    )
    with pytest.raises(KeyboardInterrupt):
        small_model(seed=1).save(tmp_path / "m.keras")
    monkeypatch.undo()
    assert (tmp_path / "m.keras").read_bytes() == previous["m.keras"]
    assert files_in(tmp_path) == ["m.keras", "w.weights.h5"]


def test_unserializable_model_keeps_the_previous_archive(tmp_path, previous):
    """A callable learning rate has no JSON form: json.dumps fails inside the write."""
    model = small_model()
    model.compile(optimizer=lamina.optimizers.SGD(learning_rate=lambda step: 0.1), loss="mse")
    with pytest.raises((TypeError, ValueError)):
        model.save(tmp_path / "m.keras")
    assert (tmp_path / "m.keras").read_bytes() == previous["m.keras"]
    assert files_in(tmp_path) == ["m.keras", "w.weights.h5"]


def test_overwrite_false_refuses_and_keeps_the_file(tmp_path, previous):
    with pytest.raises(FileExistsError, match="m.keras"):
        small_model(seed=1).save(tmp_path / "m.keras", overwrite=False)
    with pytest.raises(FileExistsError, match="w.weights.h5"):
        small_model(seed=1).save_weights(tmp_path / "w.weights.h5", overwrite=False)
    assert {n: (tmp_path / n).read_bytes() for n in previous} == previous
    assert files_in(tmp_path) == ["m.keras", "w.weights.h5"]


def test_save_into_a_missing_folder_names_the_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match="no_such_folder"):
        small_model().save(tmp_path / "no_such_folder" / "m.keras")
    assert files_in(tmp_path) == []


CHILD = textwrap.dedent(
    """
    import os, pathlib, sys, time
    import lamina
    target, ready = sys.argv[1], sys.argv[2]
    model = lamina.Sequential([lamina.Input((256,)), lamina.layers.Dense(1024), lamina.layers.Dense(1024)])

    def stall(fd):  # the archive is fully written to the temporary file; now hang
        pathlib.Path(ready).touch()
        time.sleep(120)

    os.fsync = stall
    model.save(target)
    """
)


def test_killed_save_keeps_the_previous_archive(tmp_path, previous):
    """SIGKILL in the middle of saving a ~5 MB model: the old file is intact (a stray hidden
    temporary file may remain, as the docs of atomic_write say)."""
    script, ready = tmp_path / "child.py", tmp_path / "ready"
    script.write_text(CHILD)
    child = subprocess.Popen([sys.executable, str(script), str(tmp_path / "m.keras"), str(ready)])
    try:
        deadline = time.monotonic() + 60
        while not ready.exists():
            assert child.poll() is None, "the child process ended before saving"
            assert time.monotonic() < deadline, "the child process never reached the save"
            time.sleep(0.02)
        assert (tmp_path / "m.keras").read_bytes() == previous["m.keras"]  # not replaced mid-write
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        child.wait()
    assert child.returncode == -signal.SIGKILL
    assert (tmp_path / "m.keras").read_bytes() == previous["m.keras"]
    strays = [n for n in files_in(tmp_path) if n.startswith(".m.keras.")]
    assert all(n.endswith(".tmp") for n in strays)
    assert (tmp_path / strays[0]).stat().st_size > 4_000_000  # it was a big save, cut off
    lamina.models.load_model(tmp_path / "m.keras")  # still a good archive
