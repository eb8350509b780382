"""BackupAndRestore: resume an interrupted `fit` from its last backup."""

import json
import os
import shutil
import tempfile

from .. import distribute, registry
from .callback import Callback


class BackupAndRestore(Callback):
    """Backs up the training state so that a `fit` that was interrupted can resume.

    At the end of every epoch (or every `save_freq` batches) the weights and the
    optimizer state go to `backup_dir/latest.weights.h5` and the number of finished
    epochs to `backup_dir/training_metadata.json` (Keras's layout). The next `fit` with a
    `BackupAndRestore` on the same folder loads them in `on_train_begin` and starts at
    that epoch, so a run interrupted by an exception (or a killed process, with a model
    and optimizer rebuilt the same way) ends with the same weights as one that was not.
    A `fit` that finishes deletes the folder (unless `delete_checkpoint=False`).

    Every file is written atomically (a temporary file, then a rename), so a crash during
    a backup leaves the previous one whole. A backup taken mid-epoch (`save_freq=int`)
    resumes, as in Keras, at the start of that epoch with the mid-epoch weights. The model
    must be built before `fit` (give it an `Input`), as Keras requires.

    Args:
        backup_dir: Folder for the backup; no other callback or run may use it.
        save_freq: `"epoch"`, or a positive int: back up every that many batches.
        double_checkpoint: Keep the previous backup too (`*.bkp`), and restore it if the
            latest cannot be read.
        delete_checkpoint: Delete `backup_dir` when `fit` finishes.

    Example:

    >>> BackupAndRestore("/tmp/backup").save_freq
    'epoch'
    """

    def __init__(
        self,
        backup_dir,
        save_freq="epoch",
        double_checkpoint: bool = False,
        delete_checkpoint: bool = True,
    ) -> None:
        super().__init__()
        if not backup_dir:
            raise ValueError(f"Empty `backup_dir` argument passed. Received: backup_dir={backup_dir!r}")
        if save_freq != "epoch" and (
            isinstance(save_freq, bool) or not isinstance(save_freq, int) or save_freq < 1
        ):
            raise ValueError(
                "Invalid value for argument `save_freq`. "
                f"Received: save_freq={save_freq!r}. Expected either 'epoch' or a positive integer "
                "(a number of batches)."
            )
        self.backup_dir = os.fspath(backup_dir)
        self.save_freq = save_freq
        self.double_checkpoint = double_checkpoint
        self.delete_checkpoint = delete_checkpoint
        self._weights_path = os.path.join(self.backup_dir, "latest.weights.h5")
        self._training_metadata_path = os.path.join(self.backup_dir, "training_metadata.json")
        self._prev_weights_path = f"{self._weights_path}.bkp"
        self._prev_training_metadata_path = f"{self._training_metadata_path}.bkp"
        self._batches_seen_since_last_saving = 0
        self._last_batch_seen = 0
        self._current_epoch = 0

    def on_train_begin(self, logs=None):
        try:
            self._load_model()
        except (OSError, ValueError):
            # The latest backup is unreadable (a corrupted file): fall back to the previous one.
            if not os.path.exists(self._prev_weights_path):
                raise
            _copy_atomically(self._prev_weights_path, self._weights_path)
            if os.path.exists(self._prev_training_metadata_path):
                _copy_atomically(self._prev_training_metadata_path, self._training_metadata_path)
            elif os.path.exists(self._training_metadata_path):
                os.remove(self._training_metadata_path)
            self._load_model()

    def on_epoch_begin(self, epoch, logs=None):
        # Keras sets this only at epoch end, so a resumed run's mid-epoch backups would say
        # epoch 0; the epochs finished before this one is what a backup must record.
        self._current_epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        if self.save_freq == "epoch":
            return
        self._batches_seen_since_last_saving += 1
        self._last_batch_seen = batch
        if self._batches_seen_since_last_saving >= self.save_freq:
            self._batches_seen_since_last_saving = 0
            self._save_model()

    def on_epoch_end(self, epoch, logs=None):
        self._current_epoch = epoch + 1
        self._last_batch_seen = 0
        if self.save_freq == "epoch":
            self._save_model()

    def on_train_end(self, logs=None):
        if self.delete_checkpoint and distribute.is_main_process() and os.path.exists(self.backup_dir):
            shutil.rmtree(self.backup_dir)

    def _load_model(self):
        model = self.model
        if not model.built:
            raise ValueError(
                "To use the BackupAndRestore callback, your model must be built before you call "
                f"`fit()`. Model '{model.name}' is unbuilt. Build it beforehand, e.g. start a "
                "Sequential with `keras.Input(shape)` or call the model on a batch of data."
            )
        if os.path.exists(self._weights_path):
            if model.optimizer is not None and not model.optimizer.built and model.trainable_weights:
                model.optimizer.build(model.trainable_weights)  # so its state can be loaded
            model.load_weights(self._weights_path)
        if os.path.exists(self._training_metadata_path):
            with open(self._training_metadata_path, encoding="utf-8") as handle:
                metadata = json.load(handle)
            model._initial_epoch = metadata["epoch"]

    def _save_model(self):
        # Under torchrun every rank restores from the folder, but only rank 0 writes it.
        if not distribute.is_main_process():
            return
        os.makedirs(self.backup_dir, exist_ok=True)
        if self.double_checkpoint:
            for source, target in (
                (self._weights_path, self._prev_weights_path),
                (self._training_metadata_path, self._prev_training_metadata_path),
            ):
                if os.path.exists(source):
                    _copy_atomically(source, target)
        self.model.save_weights(self._weights_path, overwrite=True)  # atomic itself
        metadata = {"epoch": self._current_epoch, "batch": self._last_batch_seen}
        _write_atomically(self._training_metadata_path, json.dumps(metadata).encode("utf-8"))


def _write_atomically(path: str, data: bytes) -> None:
    """Writes a temporary file beside `path` and renames it over `path` in one step."""
    fd, temporary = tempfile.mkstemp(dir=os.path.dirname(path) or ".", prefix=".backup.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise


def _copy_atomically(source: str, target: str) -> None:
    with open(source, "rb") as handle:
        _write_atomically(target, handle.read())


registry.register_builtin("callbacks", BackupAndRestore)
