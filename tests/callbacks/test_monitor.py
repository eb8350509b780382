import types

import pytest

from lamina.callbacks import Callback, CallbackList
from lamina.callbacks.monitor import infer_mode


def keras_metrics_with_direction(keras):
    """(name, "min"/"max"/None) for each Keras metric class under its default name."""
    m = keras.metrics
    needs_args = {
        "IoU": dict(num_classes=2, target_class_ids=[0]),
        "OneHotIoU": dict(num_classes=2, target_class_ids=[0]),
        "MeanIoU": dict(num_classes=2),
        "OneHotMeanIoU": dict(num_classes=2),
        "BinaryIoU": {},
        "PrecisionAtRecall": dict(recall=0.5),
        "RecallAtPrecision": dict(precision=0.5),
        "SensitivityAtSpecificity": dict(specificity=0.5),
        "SpecificityAtSensitivity": dict(sensitivity=0.5),
    }
    skip = {"Metric", "MeanMetricWrapper", "Mean", "Sum"}  # bases and plain reductions
    out = []
    for name in dir(m):
        cls = getattr(m, name)
        if not isinstance(cls, type) or not issubclass(cls, m.Metric) or name in skip:
            continue
        metric = cls(**needs_args.get(name, {}))
        direction = getattr(metric, "_direction", None)
        out.append((metric.name, {"up": "max", "down": "min", None: None}[direction]))
    return out


def test_auto_mode_agrees_with_keras_metric_directions(keras):
    cases = keras_metrics_with_direction(keras)
    assert len(cases) > 30
    for name, expected in cases:
        assert infer_mode(name) == expected, name
        assert infer_mode(f"val_{name}") == expected, name


@pytest.mark.parametrize(
    "monitor, expected",
    [("loss", "min"), ("val_loss", "min"), ("acc", "max"), ("val_acc", "max"), ("mse", "min")],
)
def test_common_short_names(monitor, expected):
    assert infer_mode(monitor) == expected


def test_model_metric_direction_beats_the_name():
    # Metrics nested in a container (as Keras's compiled metrics are) are found too.
    container = types.SimpleNamespace(
        name="compile_metrics", metrics=[types.SimpleNamespace(name="loss_ratio", _direction="up")]
    )
    model = types.SimpleNamespace(metrics=[container])
    assert infer_mode("val_loss_ratio", model) == "max"
    assert infer_mode("val_loss_ratio") == "min"
    assert infer_mode("val_wiggle", default="min") == "min"


def test_train_batch_hooks_forward_to_old_batch_names():
    calls = []

    class Old(Callback):
        def on_batch_begin(self, batch, logs=None):
            calls.append(("begin", batch))

        def on_batch_end(self, batch, logs=None):
            calls.append(("end", batch, logs))

    CallbackList([Old()]).on_train_batch_begin(3)
    CallbackList([Old()]).on_train_batch_end(3, {"loss": 1})
    assert calls == [("begin", 3), ("end", 3, {"loss": 1.0})]


def test_params_and_model_reach_every_callback():
    first, second, model = Callback(), Callback(), object()
    CallbackList([first, second], model=model, verbose=2, epochs=3, steps=7)
    assert first.model is second.model is model
    assert first.params == second.params == {"verbose": 2, "epochs": 3, "steps": 7}
    assert Callback().params is None and Callback().model is None
