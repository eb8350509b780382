"""What `compile()` was given, resolved against the model's outputs (Keras's compile_utils).

`CompileLoss` turns the `loss`/`loss_weights` arguments into one loss per output and sums
them; `CompileMetrics` turns `metrics` into metric objects per output. Both resolve on the
first batch, because "accuracy" and "crossentropy" depend on the label format, as in Keras.
Targets and predictions may be one tensor, a list (by output position) or a dict (by output
name).
"""

import torch

from .. import losses as losses_module
from .. import metrics as metrics_module
from .data import leaves


class CompileLoss:
    """The compiled losses, one per output, weighted and summed."""

    def __init__(self, loss, loss_weights, output_names):
        self.loss = loss
        self.loss_weights = loss_weights
        self.output_names = list(output_names)
        self.built = False

    def build(self, y_true, y_pred) -> None:
        names = self.output_names
        y_true, y_pred = by_output(y_true, names, "y"), by_output(y_pred, names, "the predictions")
        if len(y_true) != len(y_pred):
            raise ValueError(
                f"The model has {len(y_pred)} output(s) but the targets `y` have {len(y_true)} "
                "entries; pass one target array per output."
            )
        specs = per_output(self.loss, names, "loss", required=True)
        self._losses = [losses_module.get_loss(s, t, p) for s, t, p in zip(specs, y_true, y_pred)]
        weights = per_output(self.loss_weights, names, "loss_weights") if self.loss_weights else None
        self._factors = [1.0 if w is None else float(w) for w in (weights or [None] * len(names))]
        self.built = True

    def __call__(self, y_true, y_pred, sample_weight=None) -> torch.Tensor:
        if not self.built:
            self.build(y_true, y_pred)
        names = self.output_names
        total = None
        pairs = zip(self._losses, self._factors, by_output(y_true, names, "y"), by_output(y_pred, names, "y_pred"))
        for loss_fn, factor, target, pred in pairs:
            if pred.dtype in (torch.float16, torch.bfloat16):
                pred = pred.float()  # losses run in float32 under mixed precision, as in Keras
            value = loss_fn(target, pred, sample_weight=sample_weight)
            if factor != 1.0:
                value = value * factor
            total = value if total is None else total + value
        return total


class CompileMetrics:
    """The compiled metrics, each tied to one output (prefixed by its name when several).

    Like Keras's container it stands in `model.metrics` as one metric named
    `"compile_metrics"` whose `result()` is a dict, so a custom `train_step` that loops
    over `self.metrics` updates and reports the compiled metrics too.
    """

    name = "compile_metrics"

    def __init__(self, metrics, output_names):
        self.specs = metrics
        self.output_names = list(output_names)
        self.metrics: list = []
        self._outputs: list[int] = []
        self.built = False

    def build(self, y_true, y_pred) -> None:
        names = self.output_names
        y_true, y_pred = by_output(y_true, names, "y"), by_output(y_pred, names, "y_pred")
        for i, specs in enumerate(per_output_metrics(self.specs, names)):
            for spec in specs:
                metric = metrics_module.get_metric(spec, y_true[i], y_pred[i])
                if len(names) > 1:
                    metric.name = f"{names[i]}_{metric.name}"
                self.metrics.append(metric)
                self._outputs.append(i)
        self.built = True

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        if not self.built:
            self.build(y_true, y_pred)
        targets = by_output(y_true, self.output_names, "y")
        preds = by_output(y_pred, self.output_names, "y_pred")
        for i, metric in zip(self._outputs, self.metrics):
            metric.update_state(targets[i], preds[i].detach(), sample_weight=sample_weight)

    def result(self) -> dict:
        return {metric.name: metric.result() for metric in self.metrics}

    def reset_state(self) -> None:
        for metric in self.metrics:
            metric.reset_state()


def as_list(value) -> list:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def by_output(value, names, what) -> list:
    """One entry per output, in output order: a dict is read by output name."""
    if isinstance(value, dict):
        missing = [n for n in names if n not in value]
        if missing:
            raise ValueError(
                f"{what} is a dict without entries for the outputs {missing}; the model's outputs "
                f"are {names} and the dict has keys {sorted(value)}."
            )
        return [value[n] for n in names]
    return as_list(value)


def per_output(spec, names, what, required=False) -> list:
    """Spreads a compile argument over the outputs: one for all, a list, or a dict by name."""
    if spec is None:
        if required:
            raise ValueError(
                "No loss to compute. Pass `loss=` to `compile()` (e.g. "
                "'sparse_categorical_crossentropy' for integer class labels), or override "
                "`compute_loss` / `train_step`."
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


def per_output_metrics(spec, names) -> list[list]:
    if not spec:
        return [[] for _ in names]
    if isinstance(spec, dict):
        return [as_list(spec.get(n) or []) for n in names]
    spec = list(spec) if isinstance(spec, (list, tuple)) else [spec]
    if len(names) > 1 and len(spec) == len(names) and all(isinstance(s, (list, tuple)) for s in spec):
        return [list(s) for s in spec]
    return [list(spec) for _ in names]


def serialize_spec(spec, serialize):
    if spec is None or isinstance(spec, str):
        return spec
    if isinstance(spec, dict):
        return {key: serialize_spec(value, serialize) for key, value in spec.items()}
    if isinstance(spec, (list, tuple)):
        return [serialize_spec(value, serialize) for value in spec]
    return serialize(spec)


def deserialize_spec(spec, module, custom_objects):
    if spec is None or isinstance(spec, str):
        return spec
    if isinstance(spec, dict) and "class_name" in spec:
        return module.deserialize(spec, custom_objects=custom_objects)
    if isinstance(spec, dict):
        return {key: deserialize_spec(value, module, custom_objects) for key, value in spec.items()}
    return [deserialize_spec(value, module, custom_objects) for value in spec]


_AUTO_LOSSES = ("crossentropy", "ce")
_AUTO_METRICS = ("accuracy", "acc")


def check_names(loss, metrics) -> None:
    """Unknown loss and metric names fail at `compile()`, not at the first batch."""
    for spec in leaves(loss):
        if not (isinstance(spec, str) and spec.lower() in _AUTO_LOSSES):
            losses_module.get(spec)
    for spec in leaves(metrics):
        if not (isinstance(spec, str) and spec.lower() in _AUTO_METRICS):
            metrics_module.get(spec)
