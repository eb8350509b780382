"""The loops of `fit`, `evaluate` and `predict`: they only iterate and call the steps.

Everything that can be decided before the first batch is decided once (`Trainer._begin_run`
and `_prepare_first_step`); validation inside `fit` runs through `evaluate`'s loop with
fit's callbacks, so `on_test_*` hooks fire as they do in Keras.
"""

import torch

from .. import distribute
from ..analysis.size_warning import warn_if_overparameterized
from ..callbacks import CallbackList
from ..tensors import to_numpy
from . import checks
from . import step as step_module
from .data import (
    ArrayData,
    apply_class_weight,
    is_array_data,
    make_data,
    pack_x_y_sample_weight,
    to_device,
    train_validation_split,
)


class LoopsMixin:
    """`fit`, `evaluate` and `predict`, mixed into `Trainer`."""

    def fit(
        self,
        x=None,
        y=None,
        batch_size=None,
        epochs=1,
        verbose="auto",
        callbacks=None,
        validation_split=0.0,
        validation_data=None,
        shuffle=True,
        class_weight=None,
        sample_weight=None,
        initial_epoch=0,
        steps_per_epoch=None,
        validation_steps=None,
        validation_batch_size=None,
        validation_freq=1,
    ):
        """Trains for `epochs` passes over the data; returns a `History`.

        `validation_split` holds out the LAST fraction of the arrays, before shuffling,
        as Keras does; `validation_data` (a tuple or DataLoader) takes precedence.
        """
        self._require_compiled("fit")
        epochs, initial_epoch = checks.epochs(epochs, initial_epoch)
        batch_size = checks.positive_int(batch_size, "batch_size")
        epochs = checks.capped_epochs(epochs)
        steps_per_epoch = checks.capped_steps(checks.positive_int(steps_per_epoch, "steps_per_epoch"))
        validation_steps = checks.capped_steps(checks.positive_int(validation_steps, "validation_steps"))
        validation_batch_size = checks.positive_int(validation_batch_size, "validation_batch_size")
        class_weight = checks.class_weight(class_weight)
        if validation_split and validation_data is None:
            if not is_array_data(x):
                raise ValueError("`validation_split` is only supported for arrays and tensors, not DataLoaders.")
            (x, x_val), (y, y_val) = train_validation_split(x, validation_split), (
                train_validation_split(y, validation_split) if y is not None else (None, None)
            )
            sw_val = None
            if sample_weight is not None:
                sample_weight, sw_val = train_validation_split(sample_weight, validation_split)
            validation_data = (x_val, y_val, sw_val)
        data = make_data(x, y, sample_weight, batch_size, shuffle=shuffle, steps=steps_per_epoch)
        _check_arrays(self, data, x, "fit", "train_step")
        val_data = _validation_data(self, validation_data, validation_batch_size or batch_size, validation_steps)
        data.shard(distribute.rank(), distribute.world_size(), pad=True)
        if val_data is not None:
            val_data.shard(distribute.rank(), distribute.world_size(), pad=False)
        if shuffle:
            data.seed = distribute.shared_seed()
        verbose = _verbosity(verbose)
        callback_list = CallbackList(
            callbacks, add_history=True, add_progbar=verbose != 0 and distribute.is_main_process(),
            model=self, verbose=verbose, epochs=epochs, steps=data.steps,
        )
        was_training = self.training
        self.stop_training = False
        self._begin_run(training=True)
        device = self._run_device
        checks.probe_validation(self, data, val_data, device)
        logs, step_logs = {}, {}
        self._initial_epoch = None
        callback_list.on_train_begin()
        # `BackupAndRestore` resumes an interrupted run by setting `_initial_epoch` in
        # `on_train_begin`, as in Keras; it is reset above so a later `fit` starts afresh.
        initial_epoch = self._initial_epoch or initial_epoch
        try:
            for epoch in range(initial_epoch, epochs):
                self.reset_metrics()
                callback_list.on_epoch_begin(epoch)
                self.train()
                step = -1
                for step, (bx, by, bsw) in enumerate(data):
                    if step == 0 and not isinstance(data, ArrayData):
                        checks.first_batch(self, bx, by, "train_step")
                    bx, by, bsw = to_device((bx, by, bsw), device)
                    if self._step_module is None:
                        self._prepare_first_step(bx)
                        if epoch == initial_epoch and step == 0:
                            warn_if_overparameterized(self, data)  # once the parameter count is known
                    bsw = apply_class_weight(by, bsw, class_weight)
                    callback_list.on_train_batch_begin(step)
                    step_logs = self.train_step(pack_x_y_sample_weight(bx, by, bsw))
                    callback_list.on_train_batch_end(step, step_logs)
                    if self.stop_training:
                        break
                self.eval()
                if step < 0:
                    raise ValueError("`fit` received no data: the iterable of batches yielded no batch.")
                logs = self._epoch_logs(step_logs)
                if val_data is not None and (epoch + 1) % validation_freq == 0:
                    val_logs = self._evaluation_loop(val_data, callback_list)
                    logs.update({f"val_{k}": v for k, v in val_logs.items()})
                callback_list.on_epoch_end(epoch, logs)
                if self.stop_training:
                    break
            if epochs > initial_epoch and self.optimizer is not None and self.trainable_weights:
                # With `use_ema`, the weights take their moving averages (Keras does this too).
                self.optimizer.finalize_variable_values(self.trainable_weights)
            callback_list.on_train_end(logs)
        finally:
            self.train(was_training)
            self._step_module = None
        self.history = callback_list.history
        return self.history

    def _epoch_logs(self, step_logs) -> dict:
        """The metrics' results (summed over ranks under torchrun), or, for a `train_step`
        that returns other keys, what it returned last (Keras's rule)."""
        results = self._logs(across_ranks=True)
        flat = _flatten(step_logs)
        if flat and set(flat) - set(results):
            return {k: float(v) if isinstance(v, torch.Tensor) and v.numel() == 1 else v
                    for k, v in flat.items()}
        return results

    def evaluate(self, x=None, y=None, batch_size=None, verbose="auto", sample_weight=None,
                 steps=None, callbacks=None, return_dict=False):
        """Loss and metrics on the data: a scalar loss, `[loss, *metrics]`, or a dict."""
        self._require_compiled("evaluate")
        batch_size = checks.positive_int(batch_size, "batch_size")
        steps = checks.capped_steps(checks.positive_int(steps, "steps"))
        data = make_data(x, y, sample_weight, batch_size, shuffle=False, steps=steps)
        _check_arrays(self, data, x, "evaluate", "test_step")
        data.shard(distribute.rank(), distribute.world_size(), pad=False)
        verbose = _verbosity(verbose)
        callback_list = CallbackList(callbacks, add_progbar=verbose != 0 and distribute.is_main_process(),
                                     model=self, verbose=verbose, epochs=1, steps=data.steps)
        logs = self._evaluation_loop(data, callback_list)
        if return_dict:
            return logs
        values = list(logs.values())
        return values[0] if len(values) == 1 else values

    def _evaluation_loop(self, data, callback_list):
        # Inference is asked for with `training=False` on each call; the module-wide mode
        # is left alone, so a concurrent `fit` in another thread is not disturbed.
        self.reset_metrics()
        device = step_module.place(self, self._device_choice)
        callback_list.on_test_begin()
        step_logs = {}
        with torch.no_grad():
            for step, (bx, by, bsw) in enumerate(data):
                if step == 0 and not isinstance(data, ArrayData):
                    checks.first_batch(self, bx, by, "test_step")
                bx, by, bsw = to_device((bx, by, bsw), device)
                step_module.build_without_side_effects(self, bx)
                callback_list.on_test_batch_begin(step)
                step_logs = self.test_step(pack_x_y_sample_weight(bx, by, bsw))
                callback_list.on_test_batch_end(step, step_logs)
        logs = self._epoch_logs(step_logs)
        callback_list.on_test_end(logs)
        return logs

    def predict(self, x, batch_size=None, verbose="auto", steps=None, callbacks=None):
        """Model outputs for `x`, batched, as numpy arrays (a list for several outputs).

        Under torchrun each rank predicts a contiguous share of arrays and the shares are
        gathered, so every rank returns the full, ordered result.
        """
        batch_size = checks.positive_int(batch_size, "batch_size")
        steps = checks.capped_steps(checks.positive_int(steps, "steps"))
        data = make_data(x, None, None, batch_size, shuffle=False, steps=steps)
        _check_arrays(self, data, x, "predict", None)
        total = None
        if distribute.is_distributed() and isinstance(data, ArrayData):
            total = data.num_samples
            data = data.contiguous_shard(distribute.rank(), distribute.world_size())
        verbose = _verbosity(verbose)
        callback_list = CallbackList(callbacks, add_progbar=verbose != 0 and distribute.is_main_process(),
                                     model=self, verbose=verbose, epochs=1, steps=data.steps)
        device = step_module.place(self, self._device_choice)
        chunks = []
        callback_list.on_predict_begin()
        with torch.no_grad():
            for step, (bx, _, _) in enumerate(data):
                if step == 0 and not isinstance(data, ArrayData):
                    checks.input_structure(self, bx, "batch's `x`")
                callback_list.on_predict_batch_begin(step)
                out = self.predict_step(pack_x_y_sample_weight(to_device(bx, device)))
                chunks.append([o.detach() for o in _as_list(out)])
                callback_list.on_predict_batch_end(step, {"outputs": out})
        callback_list.on_predict_end()
        if not chunks:
            raise ValueError("`predict` received no data: the input has no samples.")
        outputs = [torch.cat(parts) for parts in zip(*chunks)]
        if total is not None:
            outputs = [torch.cat(distribute.all_gather(o))[:total] for o in outputs]
        outputs = [to_numpy(o) for o in outputs]
        return outputs[0] if len(outputs) == 1 else outputs


def _check_arrays(model, data, x, method, step_name):
    """What can be checked on in-memory data before the run (iterables: at their first batch)."""
    if not isinstance(data, ArrayData):
        return
    checks.not_empty(data, method)
    checks.input_structure(model, x, "input data `x`")
    if step_name is not None:
        checks.targets_present(model, x, data.y, "input data", step_name)


def _validation_data(model, validation_data, batch_size, steps):
    """The validation data, checked for structure (and against the model) before the run."""
    if validation_data is None:
        return None
    unpacked = checks.validation_batches(validation_data)
    if unpacked is None:
        return make_data(validation_data, batch_size=None, steps=steps)
    vx, vy, vsw = unpacked
    try:
        data = make_data(vx, vy, vsw, batch_size, shuffle=False, steps=steps)
        if isinstance(data, ArrayData):
            checks.not_empty(data, "fit")
            checks.input_structure(model, vx, "validation input `x_val`")
            checks.targets_present(model, vx, data.y, "validation data", "test_step")
    except (ValueError, TypeError) as error:
        raise type(error)(f"`validation_data`: {error}") from None
    return data


def _flatten(logs) -> dict:
    flat = {}
    for key, value in (logs or {}).items():
        flat.update(_flatten(value) if isinstance(value, dict) else {key: value})
    return flat


def _as_list(value):
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _verbosity(verbose) -> int:
    if verbose == "auto":
        return 1
    if verbose not in (0, 1, 2):
        raise ValueError(f"`verbose` must be 'auto', 0, 1 or 2. Received: verbose={verbose!r}")
    return verbose
