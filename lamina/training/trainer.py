"""compile / fit / evaluate / predict: Keras's training API over a plain PyTorch loop.

The pieces live beside this file, as in Keras: `compile_utils` (the compiled losses and
metrics), `data` (adapters from arrays, tensors and DataLoaders to batches), `step` (what
is decided once per run: device, DDP, torch.compile, loss scaling). This module holds the
overridable steps, with Keras's signatures (`train_step(self, data)`, `test_step`,
`predict_step`, `compute_loss`, `compute_metrics`), and the loops that drive them.
"""

import warnings

import torch

from .. import distribute
from .. import losses as losses_module
from .. import metrics as metrics_module
from .. import optimizers as optimizers_module
from . import step as step_module
from .compile_utils import (
    CompileLoss,
    CompileMetrics,
    check_names,
    deserialize_spec,
    serialize_spec,
)
from .data import (
    apply_class_weight,
    batch_size_of,
    pack_x_y_sample_weight,
    single_batch,
    to_device,
    unpack_x_y_sample_weight,
)
from .loops import LoopsMixin


class Trainer(LoopsMixin):
    """The training half of `Model`; mixed in so that `Model` stays about structure."""

    def __init__(self):
        self.compiled = False
        self.optimizer = None
        self.loss = None
        self.stop_training = False
        self.history = None
        self._compile_config = {}
        self._compile_loss = None
        self._compile_metrics = None
        self._loss_tracker = None
        self._device_choice = None
        self._loss_scale = None
        self._jit_compile = False
        self._step_module = None

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
                or dict (by output layer name), or one loss for all. May be left out when
                `compute_loss` or `train_step` is overridden.
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
        check_names(loss, metrics)  # unknown names fail here, not at the first batch
        if weighted_metrics:
            raise ValueError("`weighted_metrics` is not supported by Lamina yet; use `metrics`.")
        if jit_compile not in (True, False, "auto"):
            raise ValueError(f"`jit_compile` must be True, False or 'auto'. Received: jit_compile={jit_compile!r}")
        self.loss = loss
        self._loss_weights = loss_weights
        self._metric_specs = metrics
        names = self._output_names()
        self._compile_loss = CompileLoss(loss, loss_weights, names) if loss is not None else None
        self._compile_metrics = CompileMetrics(metrics, names)
        self._loss_tracker = metrics_module.Mean(name="loss")
        self._device_choice = None if device is None else torch.device(device)
        self._auto_scale_loss = auto_scale_loss
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
            "loss": serialize_spec(self.loss, losses_module.serialize),
            "loss_weights": self._loss_weights,
            "metrics": serialize_spec(self._metric_specs, metrics_module.serialize),
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
            loss=deserialize_spec(config.get("loss"), losses_module, custom_objects),
            loss_weights=config.get("loss_weights"),
            metrics=deserialize_spec(config.get("metrics"), metrics_module, custom_objects),
        )

    def _require_compiled(self, what):
        if not self.compiled:
            raise ValueError(f"You must call `compile()` before using the model ({what}).")

    def _output_names(self):
        outputs = getattr(self, "_outputs", None)
        return [t.node.layer.name for t in outputs] if outputs else ["output"]

    # ----------------------------------------------------------------- losses and metrics
    @property
    def metrics(self):
        """The loss tracker and the compiled metrics' container, as in Keras."""
        tracked = [self._loss_tracker] if self._loss_tracker is not None else []
        return tracked + ([self._compile_metrics] if self._compile_metrics is not None else [])

    def _leaf_metrics(self):
        """Every metric object, the compiled container opened up."""
        leaves = []
        for metric in self.metrics:
            leaves.extend(metric.metrics if isinstance(metric, CompileMetrics) else [metric])
        return leaves

    @property
    def metrics_names(self):
        return [m.name for m in self.metrics]

    def reset_metrics(self):
        for metric in self.metrics:
            metric.reset_state()

    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        """The compiled losses (weighted per output) plus the layers' own losses
        (`add_loss` and regularization penalties)."""
        total = None
        if self._compile_loss is not None:
            total = self._compile_loss(y, y_pred, sample_weight)
        for penalty in self.losses:
            total = penalty if total is None else total + penalty
        if total is None:
            raise ValueError(
                "No loss to compute. Pass `loss=` to `compile()` (e.g. "
                "'sparse_categorical_crossentropy' for integer class labels), or override "
                "`compute_loss` / `train_step`."
            )
        return total

    def compute_metrics(self, x, y, y_pred, sample_weight=None) -> dict:
        """Updates the compiled metrics with a batch and returns every metric's result."""
        if self._compile_metrics is not None:
            with torch.no_grad():
                self._compile_metrics.update_state(y, y_pred, sample_weight)
        return self.get_metrics_result()

    def get_metrics_result(self) -> dict:
        """`{name: result}` for `self.metrics`; a metric whose result is a dict adds its keys."""
        logs = {}
        for metric in self.metrics:
            result = metric.result()
            if not isinstance(result, (dict, torch.Tensor)) and hasattr(result, "value"):
                result = result.value  # a Keras-style metric returning its variable
            if isinstance(result, dict):
                logs.update(result)
            else:
                logs[metric.name] = result
        return logs

    def _logs(self, across_ranks: bool = False) -> dict:
        """Current metric results; `across_ranks` sums the metric states of every process first."""
        if not (across_ranks and distribute.is_distributed()):
            return {k: float(v) for k, v in self.get_metrics_result().items()}
        logs = {}
        for metric in self._leaf_metrics():
            local = metric._states
            metric._states = dict(zip(local, distribute.all_reduce_sum(list(local.values()))))
            try:
                logs[metric.name] = float(metric.result())
            finally:
                metric._states = local
        return logs

    # ----------------------------------------------------------------- steps
    def train_step(self, data) -> dict:
        """One optimization step on a batch `data` (`x`, `(x, y)` or `(x, y, sample_weight)`);
        returns the metrics' results. Override it as in Keras's torch guide."""
        x, y, sample_weight = unpack_x_y_sample_weight(data)
        module = self._step_module or self
        y_pred = module(x, training=True)
        loss = self.compute_loss(x=x, y=y, y_pred=y_pred, sample_weight=sample_weight, training=True)
        with torch.no_grad():
            self._loss_tracker.update_state(loss.detach(), sample_weight=batch_size_of(x))
        if self.trainable_weights:
            loss = self.optimizer.scale_loss(loss)  # `loss_scale_factor`, as Keras's trainer
            self.optimizer.zero_grad()
            if self._loss_scale is None:
                loss.backward()
                self.optimizer.step()
            else:
                (loss * self._loss_scale.scale).backward()
                if self._loss_scale.unscale_([w.grad for w in self.trainable_weights]):
                    self.optimizer.step()
        return self.compute_metrics(x, y, y_pred, sample_weight=sample_weight)

    def test_step(self, data) -> dict:
        x, y, sample_weight = unpack_x_y_sample_weight(data)
        y_pred = step_module.inference_module(self, self._jit_compile)(x, training=False)
        loss = self.compute_loss(x=x, y=y, y_pred=y_pred, sample_weight=sample_weight, training=False)
        self._loss_tracker.update_state(loss.detach(), sample_weight=batch_size_of(x))
        return self.compute_metrics(x, y, y_pred, sample_weight=sample_weight)

    def predict_step(self, data):
        x, _, _ = unpack_x_y_sample_weight(data)
        return step_module.inference_module(self, self._jit_compile)(x, training=False)

    # ----------------------------------------------------------------- single batches
    def train_on_batch(self, x, y=None, sample_weight=None, class_weight=None, return_dict=False):
        """One training step on exactly this batch; returns the running loss (and metrics)."""
        self._require_compiled("train_on_batch")
        bx, by, bsw = single_batch(x, y, sample_weight)
        self._begin_run(training=True)
        bx, by, bsw = to_device((bx, by, bsw), self._run_device)
        self._prepare_first_step(bx)
        was_training = self.training
        self.train()
        try:
            self.train_step(pack_x_y_sample_weight(bx, by, apply_class_weight(by, bsw, class_weight)))
        finally:
            self.train(was_training)
            self._step_module = None
        return self._batch_result(return_dict)

    def test_on_batch(self, x, y=None, sample_weight=None, return_dict=False):
        self._require_compiled("test_on_batch")
        bx, by, bsw = single_batch(x, y, sample_weight)
        device = step_module.place(self, self._device_choice)
        bx, by, bsw = to_device((bx, by, bsw), device)
        step_module.build_without_side_effects(self, bx)
        with torch.no_grad():
            self.test_step(pack_x_y_sample_weight(bx, by, bsw))
        return self._batch_result(return_dict)

    def predict_on_batch(self, x):
        bx, _, _ = single_batch(x)
        return self.predict(bx, batch_size=max(batch_size_of(bx), 1), verbose=0)

    def _batch_result(self, return_dict):
        logs = self._logs()
        if return_dict:
            return logs
        values = list(logs.values())
        return values[0] if len(values) == 1 else values

    # ----------------------------------------------------------------- run set-up
    def _begin_run(self, training: bool) -> None:
        """Decides once per run where it happens and which module the steps call."""
        self._run_device = step_module.place(self, self._device_choice)
        if training:
            self._loss_scale = step_module.loss_scale_for(self, self._auto_scale_loss)

    def _prepare_first_step(self, x) -> None:
        """Builds the model and the optimizer before the first training step."""
        step_module.build_without_side_effects(self, x)
        # In __dict__, not nn.Module's registry: the module may be the model itself.
        self.__dict__["_step_module"] = step_module.training_module(self, self._jit_compile)
        variables = self.trainable_weights
        if variables and self.optimizer is not None:
            self.optimizer.build(variables)  # a no-op when the same weights are already attached
        elif not variables:
            warnings.warn(
                f"Model '{self.name}' has no trainable weights: `fit` runs its steps, but there "
                "is nothing for the optimizer to update.",
                UserWarning,
                stacklevel=3,
            )

