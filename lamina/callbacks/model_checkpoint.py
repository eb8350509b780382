"""ModelCheckpoint: saves the model (or its weights) during training, atomically."""

import os
import warnings

from .monitor import MonitorCallback


class ModelCheckpoint(MonitorCallback):
    """Saves the model at the end of each epoch, or only when the monitored value improves.

    Every file is written atomically (a temporary file, then a rename), so an interrupted
    save never destroys the previous checkpoint.

    Args:
        filepath: where to save; may hold format fields filled from the epoch number
            and the logs, e.g. `"ckpt-{epoch:02d}-{val_loss:.2f}.keras"`. Must end in
            `.keras`, or in `.weights.h5` with `save_weights_only=True`.
        monitor: the logs key compared with `save_best_only` (default `"val_loss"`).
        verbose: 1 prints a line for each save.
        save_best_only: keep only the best model so far (by `monitor`).
        save_weights_only: write `model.save_weights` instead of `model.save`.
        mode: `"auto"`, `"min"` or `"max"`.
        save_freq: `"epoch"`, or an int number of batches between saves.
        initial_value_threshold: a value the first save must beat.
    """

    main_process_only = True  # under torchrun, only rank 0 writes the file

    def __init__(self, filepath, monitor="val_loss", verbose=0, save_best_only=False,
                 save_weights_only=False, mode="auto", save_freq="epoch", initial_value_threshold=None):
        super().__init__(monitor=monitor, mode=mode, baseline=initial_value_threshold)
        self.filepath = os.fspath(filepath)
        self.verbose = verbose
        self.save_best_only = save_best_only
        self.save_weights_only = save_weights_only
        if save_freq != "epoch" and not (isinstance(save_freq, int) and save_freq > 0):
            raise ValueError(f"Unrecognized save_freq: {save_freq!r}. Expected 'epoch' or a positive int.")
        self.save_freq = save_freq
        suffix = ".weights.h5" if save_weights_only else ".keras"
        if not self.filepath.endswith(suffix):
            raise ValueError(
                f"When using `save_weights_only={save_weights_only}` in `ModelCheckpoint`, the filepath "
                f"provided must end in `{suffix}`. Received: filepath={self.filepath}"
            )
        self._batches_seen = 0
        self._epoch = 0

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        if self.save_freq == "epoch":
            return
        self._batches_seen += 1
        if self._batches_seen % self.save_freq == 0:
            self._save(self._epoch, logs or {})

    def on_epoch_end(self, epoch, logs=None):
        if self.save_freq == "epoch":
            self._save(epoch, logs or {})

    def _save(self, epoch, logs):
        path = self._file_path(epoch, logs)
        if self.save_best_only:
            value = logs.get(self.monitor)
            if value is None:
                warnings.warn(
                    f"Can save best model only with {self.monitor} available, skipping.", stacklevel=2
                )
                return
            if self.monitor_op is None:
                self._set_monitor_op()
            if not self._is_improvement(value, self.best):
                if self.verbose:
                    print(f"\nEpoch {epoch + 1}: {self.monitor} did not improve from {self.best:.5f}")
                return
            if self.verbose:
                previous = "inf" if self.best is None else f"{self.best:.5f}"
                print(f"\nEpoch {epoch + 1}: {self.monitor} improved from {previous} to {value:.5f}, saving model to {path}")
            self.best = value
        elif self.verbose:
            print(f"\nEpoch {epoch + 1}: saving model to {path}")
        if self.save_weights_only:
            self.model.save_weights(path, overwrite=True)
        else:
            self.model.save(path, overwrite=True)

    def _file_path(self, epoch, logs):
        fields = {"epoch": epoch + 1, **logs}
        try:
            return self.filepath.format(**fields)
        except (KeyError, IndexError) as error:
            needed = error.args[0] if isinstance(error, KeyError) else "a positional field"
            raise TemplateKeyError(
                f"ModelCheckpoint cannot fill its filepath template {self.filepath!r}: it needs "
                f"{needed!r}, and the logs of this epoch only have {sorted(fields)}. Use one of "
                "those keys in the template (`val_*` keys need `validation_data` or "
                "`validation_split` in `fit`)."
            ) from None


class TemplateKeyError(KeyError, ValueError):
    """A ModelCheckpoint template names a key the logs lack. A KeyError, as Keras raises, and a
    ValueError; its message prints as written (a plain KeyError would print it quoted)."""

    def __str__(self) -> str:
        return str(self.args[0])
