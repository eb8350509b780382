import numpy as np
import pytest

from lamina.callbacks import CSVLogger

EPOCH_LOGS = [
    {"loss": 0.5, "accuracy": 0.7, "val_loss": 0.6, "val_accuracy": 0.65},
    {"loss": 0.25, "accuracy": 0.875, "val_loss": 0.55, "val_accuracy": 0.7},
]


def write(callback, epoch_logs, first_epoch=0):
    callback.on_train_begin({})
    for epoch, logs in enumerate(epoch_logs, start=first_epoch):
        callback.on_epoch_end(epoch, dict(logs))
    callback.on_train_end({})


def both(keras, tmp_path, epoch_logs, **kwargs):
    """The bytes our logger and Keras's write for the same logs."""
    out = []
    for name, cls in (("ours", CSVLogger), ("keras", keras.callbacks.CSVLogger)):
        path = tmp_path / f"{name}.csv"
        write(cls(path, **kwargs), epoch_logs)
        out.append(path.read_bytes())
    return out


def test_header_is_epoch_then_sorted_keys(keras, tmp_path):
    ours, theirs = both(keras, tmp_path, EPOCH_LOGS)
    assert ours == theirs
    assert ours.decode().splitlines() == [
        "epoch,accuracy,loss,val_accuracy,val_loss",
        "0,0.7,0.5,0.65,0.6",
        "1,0.875,0.25,0.7,0.55",
    ]


def test_without_validation_adds_na_val_columns(keras, tmp_path):
    logs = [{"loss": 0.5}, {"loss": 0.4}]
    ours, theirs = both(keras, tmp_path, logs, separator=";")
    assert ours == theirs
    assert ours.decode().splitlines() == ["epoch;loss;val_loss", "0;0.5;NA", "1;0.4;NA"]


def test_array_values_become_one_cell(keras, tmp_path):
    logs = [{"loss": 0.5, "per_class": np.array([0.25, 0.75])}]
    ours, theirs = both(keras, tmp_path, logs)
    assert ours == theirs


@pytest.mark.parametrize("append", [True, False])
def test_append_writes_header_once(keras, tmp_path, append):
    for name, cls in (("ours", CSVLogger), ("keras", keras.callbacks.CSVLogger)):
        path = tmp_path / f"{name}.csv"
        write(cls(path, append=append), EPOCH_LOGS[:1])
        write(cls(path, append=append), EPOCH_LOGS[1:], first_epoch=1)
    lines = (tmp_path / "ours.csv").read_text().splitlines()
    assert (tmp_path / "ours.csv").read_bytes() == (tmp_path / "keras.csv").read_bytes()
    assert lines[0].startswith("epoch,") and len(lines) == (3 if append else 2)


def test_file_is_flushed_after_each_epoch(tmp_path):
    path = tmp_path / "log.csv"
    logger = CSVLogger(str(path))
    logger.on_train_begin()
    logger.on_epoch_end(0, {"loss": 1.0, "val_loss": 2.0})
    assert path.read_text().splitlines()[1] == "0,1.0,2.0"  # readable mid-training
    logger.on_train_end()
    assert logger.csv_file.closed
