"""compile / fit / evaluate / predict: Keras's training API over a plain PyTorch loop."""

import os

import torch

from .. import config as config_module
from .. import distribute
from .. import losses as losses_module
from .. import metrics as metrics_module
from .. import optimizers as optimizers_module
from ..analysis.size_warning import warn_if_overparameterized
from ..callbacks import CallbackList
from ..tensors import to_numpy
from .data import (
    ArrayData,
    is_array_data,
    leaves,
    make_data,
    single_batch,
    to_device,
    train_validation_split,
)
from .loss_scale import DynamicLossScale


class Trainer:
    """The training half of `Model`; mixed in so that `Model` stays about structure."""

    def __init__(self):
        self.compiled = False
        self.optimizer = None
        self.loss = None
        self.stop_training = False
        self.history = None
        self._compile_config = {}
        self._compiled_losses = None
        self._compiled_metrics = None
        self._loss_tracker = None
        self._device_choice = None
        self._loss_scale = None

    # ----------------------------------------------------------------- compile
    def compile(
        self,
        optimizer="rmsprop",
        loss=None,
        loss_weights=None,
        metrics=None,
        weighted_metrics=None,
        run_eagerly=False,
        steps_per_execution=1,
        jit_compile="auto",
        auto_scale_loss=True,
        device=None,
    ):
        """Chooses the optimizer, loss and metrics (names, objects or callables).

        Args:
            optimizer: name (`"adam"`, `"sgd"`, `"rmsprop"`, `"adamw"`) or instance.
            loss: name, Loss instance or `fn(y_true, y_pred)`; for several outputs, a list
                or dict (by output layer name), or one loss for all.
            loss_weights: optional list/dict of factors for the per-output losses.
            metrics: list of names/objects/callables; `"accuracy"` resolves to the binary,
                sparse or categorical accuracy that fits the data, as in Keras.
            device: where `fit`/`evaluate`/`predict` run (`"cpu"`, `"cuda:0"`, ...); by
                default `lamina.config.device()`: CUDA when available.
            auto_scale_loss: scale the loss for float16 mixed precision (Keras's default).
            jit_compile: `True` runs the model through `torch.compile` in `evaluate` and
                `predict`, and in `fit` too on GPUs (on CPUs compiled training measured
                slower than eager). Keras's `"auto"` means eager here. The backend is
                inductor unless `LAMINA_COMPILE_BACKEND` names another.
        """
        self.optimizer = optimizers_module.get(optimizer)
        _check_names(loss, metrics)  # unknown names fail here, not at the first batch
        self.loss = loss
        self._loss_weights = loss_weights
        self._metric_specs = metrics
        if weighted_metrics:
            raise ValueError("`weighted_metrics` is not supported by Lamina yet; use `metrics`.")
        self._compiled_losses = None
        self._compiled_metrics = None
        self._loss_tracker = metrics_module.Mean(name="loss")
        self._device_choice = None if device is None else torch.device(device)
        self._auto_scale_loss = auto_scale_loss
        if jit_compile not in (True, False, "auto"):
            raise ValueError(f"`jit_compile` must be True, False or 'auto'. Received: jit_compile={jit_compile!r}")
        self._jit_compile = jit_compile is True
        self.__dict__.pop("_compiled", None)
        self.compiled = True
        self._compile_config = {
            "optimizer": optimizer,
            "loss": loss,
            "loss_weights": loss_weights,
            "metrics": metrics,
            "run_eagerly": run_eagerly,
            "steps_per_execution": steps_per_execution,
            "jit_compile": jit_compile,
        }

    def get_compile_config(self) -> dict:
        """What `compile()` was given, in the JSON form Keras writes to `.keras` files."""
        return {
            "optimizer": optimizers_module.serialize(self.optimizer),
            "loss": _serialize_spec(self.loss, losses_module.serialize),
            "loss_weights": self._loss_weights,
            "metrics": _serialize_spec(self._metric_specs, metrics_module.serialize),
            "weighted_metrics": None,
            "run_eagerly": False,
            "steps_per_execution": 1,
            "jit_compile": self._jit_compile,
        }

    def compile_from_config(self, config: dict, custom_objects=None) -> None:
        """Compiles from a `get_compile_config()` dict (Lamina's or Keras's)."""
        optimizer = config.get("optimizer") or "rmsprop"
        if isinstance(optimizer, dict):
            optimizer = optimizers_module.deserialize(optimizer)
        self.compile(
            optimizer=optimizer,
            loss=_deserialize_spec(config.get("loss"), losses_module, custom_objects),
            loss_weights=config.get("loss_weights"),
            metrics=_deserialize_spec(config.get("metrics"), metrics_module, custom_objects),
        )

    def _require_compiled(self, what):
        if not self.compiled:
            raise ValueError(f"You must call `compile()` before using the model ({what}).")

    def _output_names(self):
        outputs = getattr(self, "_outputs", None)
        return [t.node.layer.name for t in outputs] if outputs else ["output"]

    def _resolve_compiled(self, y_true, y_pred):
        """Losses and metrics need a first batch: "accuracy" depends on the label format."""
        names = self._output_names()
        y_true, y_pred = _as_list(y_true), _as_list(y_pred)
        if len(y_true) != len(y_pred):
            raise ValueError(
                f"The model has {len(y_pred)} output(s) but the targets `y` have {len(y_true)} "
                "entries; pass one target array per output."
            )
        self._compiled_losses = [
            losses_module.get_loss(spec, t, p)
            for spec, t, p in zip(_per_output(self.loss, names, "loss", required=True), y_true, y_pred)
        ]
        weights = _per_output(self._loss_weights, names, "loss_weights") if self._loss_weights else None
        self._loss_factors = [1.0 if w is None else float(w) for w in (weights or [None] * len(names))]
        per_output = _per_output_metrics(self._metric_specs, names)
        self._compiled_metrics = []
        for i, specs in enumerate(per_output):
            for spec in specs:
                metric = metrics_module.get_metric(spec, y_true[i], y_pred[i])
                if len(names) > 1:
                    metric.name = f"{names[i]}_{metric.name}"
                self._compiled_metrics.append((i, metric))

    @property
    def metrics(self):
        """The loss tracker followed by the compiled metrics (after the first batch)."""
        tracked = [self._loss_tracker] if self._loss_tracker is not None else []
        return tracked + [m for _, m in self._compiled_metrics or []]

    @property
    def metrics_names(self):
        return [m.name for m in self.metrics]

    def reset_metrics(self):
        for metric in self.metrics:
            metric.reset_state()

    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        """The compiled losses (weighted per output) plus the layers' regularization losses."""
        if self._compiled_losses is None:
            self._resolve_compiled(y, y_pred)
        total = None
        for loss_fn, factor, target, pred in zip(
            self._compiled_losses, self._loss_factors, _as_list(y), _as_list(y_pred)
        ):
            if pred.dtype in (torch.float16, torch.bfloat16):
                pred = pred.float()  # losses run in float32 under mixed precision, as in Keras
            value = loss_fn(target, pred, sample_weight=sample_weight) * factor
            total = value if total is None else total + value
        for penalty in self.losses:
            total = total + penalty
        return total

    def _update_metrics(self, loss, y, y_pred, sample_weight, batch_size):
        with torch.no_grad():
            self._loss_tracker.update_state(loss.detach(), sample_weight=batch_size)
            targets, preds = _as_list(y), _as_list(y_pred)
            for i, metric in self._compiled_metrics:
                metric.update_state(targets[i], preds[i].detach(), sample_weight=sample_weight)

    def _logs(self, across_ranks: bool = False) -> dict:
        """Current metric results; `across_ranks` sums the metric states of every process first."""
        if not (across_ranks and distribute.is_distributed()):
            return {m.name: float(m.result()) for m in self.metrics}
        logs = {}
        for metric in self.metrics:
            local = metric._states
            metric._states = dict(zip(local, distribute.all_reduce_sum(list(local.values()))))
            try:
                logs[metric.name] = float(metric.result())
            finally:
                metric._states = local
        return logs

    # ----------------------------------------------------------------- placement
    def _device(self):
        for tensor in self.parameters():
            return tensor.device
        return None

    def _place(self):
        """Chooses the run's device and moves the model there: `compile(device=)`, then
        `lamina.config.set_device`, then wherever the user already put the model, then
        CUDA when available."""
        current = self._device()
        if self._device_choice is not None:
            device = self._device_choice
        elif config_module.device_is_set() or current is None or current.type == "cpu":
            device = config_module.device()
        else:
            device = current
        if current is not None and current != device:
            self.to(device)
        return device

    def _training_module(self):
        """The module `train_step` calls: wrapped in DistributedDataParallel under torchrun,
        and in `torch.compile` with `jit_compile=True`."""
        module = self
        if distribute.is_distributed():
            module = self.__dict__.get("_ddp_module")  # kept out of nn.Module's registry
            if module is None:
                from torch.nn.parallel import DistributedDataParallel

                device = self._device()
                ids = [device] if device is not None and device.type == "cuda" else None
                module = self.__dict__["_ddp_module"] = DistributedDataParallel(self, device_ids=ids)
        # On CPUs torch.compile made training 2.4-2.9x slower in our benchmarks (and predict
        # faster), so there only the inference passes are compiled.
        device = self._device()
        return self._maybe_compiled(module) if device is not None and device.type != "cpu" else module

    def _maybe_compiled(self, module):
        if not getattr(self, "_jit_compile", False):
            return module
        cache = self.__dict__.setdefault("_compiled", {})
        if id(module) not in cache:
            backend = os.environ.get("LAMINA_COMPILE_BACKEND", "inductor")
            cache[id(module)] = torch.compile(module, backend=backend)
        return cache[id(module)]

    def _uses_float16(self) -> bool:
        return any(getattr(m, "dtype_policy", "") == "mixed_float16" for m in self.modules())

    # ----------------------------------------------------------------- steps

    def _ensure_built(self, x):
        if not self.built:
            self(x)  # builds from the first batch's shape, batch axis left unknown

    def _ensure_optimizer(self):
        variables = self.trainable_weights
        if not variables:
            raise ValueError(
                f"Model '{self.name}' has no trainable weights: there is nothing for `fit` to train. "
                "Check `trainable=False` settings."
            )
        self.optimizer.build(variables)  # a no-op when the same weights are already attached

    def train_step(self, x, y, sample_weight=None):
        """One optimization step on a batch; returns the loss tensor."""
        y_pred = self._training_module()(x, training=True)
        loss = self.compute_loss(x, y, y_pred, sample_weight)
        self.optimizer.zero_grad()
        if self._loss_scale is None:
            loss.backward()
            self.optimizer.step()
        else:
            (loss * self._loss_scale.scale).backward()
            if self._loss_scale.unscale_([w.grad for w in self.trainable_weights]):
                self.optimizer.step()
        self._update_metrics(loss, y, y_pred, sample_weight, _batch_size(x))
        return loss

    def test_step(self, x, y, sample_weight=None):
        with torch.no_grad():
            y_pred = self._maybe_compiled(self)(x, training=False)
            loss = self.compute_loss(x, y, y_pred, sample_weight, training=False)
        self._update_metrics(loss, y, y_pred, sample_weight, _batch_size(x))
        return loss

    # ----------------------------------------------------------------- fit
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
        val_data = self._validation_data(validation_data, validation_batch_size or batch_size, validation_steps)
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
        device = self._place()
        self._loss_scale = DynamicLossScale() if self._auto_scale_loss and self._uses_float16() else None
        callback_list.on_train_begin()
        try:
            for epoch in range(initial_epoch, epochs):
                self.reset_metrics()
                callback_list.on_epoch_begin(epoch)
                self.train()
                for step, (bx, by, bsw) in enumerate(data):
                    bx, by, bsw = to_device((bx, by, bsw), device)
                    if step == 0 and epoch == initial_epoch:
                        self._ensure_built(bx)
                        self._ensure_optimizer()
                        warn_if_overparameterized(self, data)  # once the parameter count is known
                    bsw = _apply_class_weight(by, bsw, class_weight)
                    callback_list.on_train_batch_begin(step)
                    self.train_step(bx, by, bsw)
                    callback_list.on_train_batch_end(step, self._logs())
                    if self.stop_training:
                        break
                self.eval()
                logs = self._logs(across_ranks=True)
                if val_data is not None and (epoch + 1) % validation_freq == 0:
                    val_logs = self._run_evaluation(val_data, callback_list=None)
                    logs.update({f"val_{k}": v for k, v in val_logs.items()})
                callback_list.on_epoch_end(epoch, logs)
                if self.stop_training:
                    break
            callback_list.on_train_end(logs if epochs > initial_epoch else {})
        finally:
            self.train(was_training)
        self.history = callback_list.history
        return self.history

    def _validation_data(self, validation_data, batch_size, steps):
        if validation_data is None:
            return None
        if isinstance(validation_data, tuple) and len(validation_data) in (2, 3):
            vx, vy, vsw = (*validation_data, None) if len(validation_data) == 2 else validation_data
            return make_data(vx, vy, vsw, batch_size, shuffle=False, steps=steps)
        return make_data(validation_data, batch_size=None, steps=steps)

    # ----------------------------------------------------------------- evaluate / predict
    def evaluate(self, x=None, y=None, batch_size=None, verbose="auto", sample_weight=None,
                 steps=None, callbacks=None, return_dict=False):
        """Loss and metrics on the data: a scalar loss, `[loss, *metrics]`, or a dict."""
        self._require_compiled("evaluate")
        data = make_data(x, y, sample_weight, batch_size, shuffle=False, steps=steps)
        data.shard(distribute.rank(), distribute.world_size(), pad=False)
        verbose = _verbosity(verbose)
        callback_list = CallbackList(callbacks, add_progbar=verbose != 0 and distribute.is_main_process(),
                                     model=self, verbose=verbose, epochs=1, steps=data.steps)
        logs = self._run_evaluation(data, callback_list)
        if return_dict:
            return logs
        values = list(logs.values())
        return values[0] if len(values) == 1 else values

    def _run_evaluation(self, data, callback_list):
        was_training = self.training
        self.eval()
        self.reset_metrics()
        device = self._place()
        if callback_list is not None:
            callback_list.on_test_begin()
        try:
            for step, (bx, by, bsw) in enumerate(data):
                bx, by, bsw = to_device((bx, by, bsw), device)
                self._ensure_built(bx)
                if callback_list is not None:
                    callback_list.on_test_batch_begin(step)
                self.test_step(bx, by, bsw)
                if callback_list is not None:
                    callback_list.on_test_batch_end(step, self._logs())
        finally:
            self.train(was_training)
        logs = self._logs(across_ranks=True)
        if callback_list is not None:
            callback_list.on_test_end(logs)
        return logs

    def predict(self, x, batch_size=None, verbose="auto", steps=None, callbacks=None):
        """Model outputs for `x`, batched, as numpy arrays (a list for several outputs).

        Under torchrun each rank predicts a contiguous share of arrays and the shares are
        gathered, so every rank returns the full, ordered result.
        """
        data = make_data(x, None, None, batch_size, shuffle=False, steps=steps)
        total = None
        if distribute.is_distributed() and isinstance(data, ArrayData):
            total = data.num_samples
            data = data.contiguous_shard(distribute.rank(), distribute.world_size())
        verbose = _verbosity(verbose)
        callback_list = CallbackList(callbacks, add_progbar=verbose != 0 and distribute.is_main_process(),
                                     model=self, verbose=verbose, epochs=1, steps=data.steps)
        was_training = self.training
        self.eval()
        device = self._place()
        chunks = []
        callback_list.on_predict_begin()
        try:
            with torch.no_grad():
                for step, (bx, _, _) in enumerate(data):
                    callback_list.on_predict_batch_begin(step)
                    out = self._maybe_compiled(self)(to_device(bx, device), training=False)
                    chunks.append([o.detach() for o in _as_list(out)])
                    callback_list.on_predict_batch_end(step, {})
        finally:
            self.train(was_training)
        callback_list.on_predict_end()
        if not chunks:
            raise ValueError("`predict` received no data: the input has no samples.")
        outputs = [torch.cat(parts) for parts in zip(*chunks)]
        if total is not None:
            outputs = [torch.cat(distribute.all_gather(o))[:total] for o in outputs]
        outputs = [to_numpy(o) for o in outputs]
        return outputs[0] if len(outputs) == 1 else outputs

    # ----------------------------------------------------------------- single batches
    def train_on_batch(self, x, y=None, sample_weight=None, class_weight=None, return_dict=False):
        """One training step on exactly this batch; returns the running loss (and metrics)."""
        self._require_compiled("train_on_batch")
        bx, by, bsw = to_device(single_batch(x, y, sample_weight), self._device())
        self._ensure_built(bx)
        bx, by, bsw = to_device((bx, by, bsw), self._device())
        self._ensure_optimizer()
        was_training = self.training
        self.train()
        try:
            self.train_step(bx, by, _apply_class_weight(by, bsw, class_weight))
        finally:
            self.train(was_training)
        return self._batch_result(return_dict)

    def test_on_batch(self, x, y=None, sample_weight=None, return_dict=False):
        self._require_compiled("test_on_batch")
        bx, by, bsw = single_batch(x, y, sample_weight)
        self._ensure_built(bx)
        was_training = self.training
        self.eval()
        try:
            self.test_step(*to_device((bx, by, bsw), self._device()))
        finally:
            self.train(was_training)
        return self._batch_result(return_dict)

    def predict_on_batch(self, x):
        bx, _, _ = single_batch(x)
        return self.predict(bx, batch_size=max(_batch_size(bx), 1), verbose=0)

    def _batch_result(self, return_dict):
        logs = self._logs()
        if return_dict:
            return logs
        values = list(logs.values())
        return values[0] if len(values) == 1 else values


def _as_list(value):
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _batch_size(x) -> int:
    first = x
    while isinstance(first, (list, tuple, dict)):
        first = next(iter(first.values())) if isinstance(first, dict) else first[0]
    return int(first.shape[0])


def _verbosity(verbose) -> int:
    if verbose == "auto":
        return 1
    if verbose not in (0, 1, 2):
        raise ValueError(f"`verbose` must be 'auto', 0, 1 or 2. Received: verbose={verbose!r}")
    return verbose


def _per_output(spec, names, what, required=False):
    """Spreads a compile argument over the outputs: one for all, a list, or a dict by name."""
    if spec is None:
        if required:
            raise ValueError(
                "No loss to compute. Pass `loss=` to `compile()` (e.g. "
                "'sparse_categorical_crossentropy' for integer class labels)."
            )
        return [None] * len(names)
    if isinstance(spec, dict):
        unknown = set(spec) - set(names)
        if unknown:
            raise ValueError(f"`{what}` names unknown outputs {sorted(unknown)}; the outputs are {names}.")
        return [spec.get(n) for n in names]
    if isinstance(spec, (list, tuple)):
        if len(spec) != len(names):
            raise ValueError(
                f"`{what}` has {len(spec)} entries but the model has {len(names)} output(s) {names}."
            )
        return list(spec)
    return [spec] * len(names)


def _per_output_metrics(spec, names):
    if not spec:
        return [[] for _ in names]
    if isinstance(spec, dict):
        return [_as_list(spec.get(n) or []) for n in names]
    spec = list(spec) if isinstance(spec, (list, tuple)) else [spec]
    if len(names) > 1 and len(spec) == len(names) and all(isinstance(s, (list, tuple)) for s in spec):
        return [list(s) for s in spec]
    return [list(spec) for _ in names]


def _serialize_spec(spec, serialize):
    if spec is None or isinstance(spec, str):
        return spec
    if isinstance(spec, dict):
        return {key: _serialize_spec(value, serialize) for key, value in spec.items()}
    if isinstance(spec, (list, tuple)):
        return [_serialize_spec(value, serialize) for value in spec]
    return serialize(spec)


def _deserialize_spec(spec, module, custom_objects):
    if spec is None or isinstance(spec, str):
        return spec
    if isinstance(spec, dict) and "class_name" in spec:
        return module.deserialize(spec, custom_objects=custom_objects)
    if isinstance(spec, dict):
        return {key: _deserialize_spec(value, module, custom_objects) for key, value in spec.items()}
    return [_deserialize_spec(value, module, custom_objects) for value in spec]


_AUTO_LOSSES = ("crossentropy", "ce")
_AUTO_METRICS = ("accuracy", "acc")


def _check_names(loss, metrics):
    for spec in leaves(loss):
        if not (isinstance(spec, str) and spec.lower() in _AUTO_LOSSES):
            losses_module.get(spec)
    for spec in leaves(metrics):
        if not (isinstance(spec, str) and spec.lower() in _AUTO_METRICS):
            metrics_module.get(spec)


def _apply_class_weight(y, sample_weight, class_weight):
    """Per-sample weights from `class_weight={class_index: weight}`."""
    if not class_weight:
        return sample_weight
    if isinstance(y, (list, tuple, dict)):
        raise ValueError("`class_weight` is only supported for models with a single output.")
    labels = y.argmax(-1) if y.dim() > 1 and y.shape[-1] > 1 else y.reshape(y.shape[0], -1)[:, 0].round().long()
    table = torch.ones(int(max(max(class_weight) + 1, int(labels.max()) + 1)), device=y.device)
    for cls, weight in class_weight.items():
        table[int(cls)] = float(weight)
    weights = table[labels.long()]
    return weights if sample_weight is None else weights * sample_weight


