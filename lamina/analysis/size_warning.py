"""The warning `fit` gives when a model has far more parameters than training samples.

The default threshold is 1,000 trainable parameters per training sample. Below it sit
models that generalize well without pretrained weights: Keras's classic mnist_cnn
example (1.2M parameters on 60,000 images, 20 per sample), a WideResNet-28-10 on
CIFAR-10 (36.5M on 50,000, about 730), and the reference Flatten model on the demo's
1,293 training digits (223). Above it sits the textbook small-data case, the Flatten
convnet of Deep Learning with Python trained on 2,000 cat and dog images (3,453,121
parameters, about 1,700 per sample): training accuracy reaches nearly 100% while
validation accuracy stalls at 70-72%.

Silence it like any warning (`warnings.filterwarnings("ignore",
category=OverparameterizedWarning)`), or for the whole process with
`set_overparameterized_warning(False)`.
"""

import warnings

from ..layers.layer_weights import count_params

DEFAULT_RATIO = 1000.0

_settings = {"enabled": True, "ratio": DEFAULT_RATIO}


class OverparameterizedWarning(UserWarning):
    """`fit` got far fewer training samples than the model has trainable parameters."""


def set_overparameterized_warning(enabled: bool = True, ratio: float | None = None) -> None:
    """Turns `fit`'s parameters-per-sample warning on or off, or moves its threshold.

    Args:
        enabled: whether `fit` may warn at all.
        ratio: warn when trainable parameters exceed `ratio * training samples`
            (default 1,000; `None` keeps the current value).
    """
    if ratio is not None:
        if not ratio > 0:
            raise ValueError(f"`ratio` must be a positive number. Received: ratio={ratio!r}")
        _settings["ratio"] = float(ratio)
    _settings["enabled"] = bool(enabled)


def warn_if_overparameterized(model, data, stacklevel: int = 3) -> None:
    """Warns once per call when `model`'s trainable parameters exceed the threshold.

    Args:
        model: a built model.
        data: `fit`'s training data adapter; samples are counted from its
            `num_samples` or the `len()` of a DataLoader's dataset. Unknown counts
            never warn.
        stacklevel: passed to `warnings.warn`; the default points at `fit`'s caller.
    """
    if not _settings["enabled"]:
        return
    samples = _count_samples(data)
    if not samples:
        return
    params = count_params(model.trainable_weights)
    if params <= _settings["ratio"] * samples:
        return
    warnings.warn(_message(model, params, samples), OverparameterizedWarning, stacklevel=stacklevel)


def _message(model, params, samples) -> str:
    from .profile import profile

    text = (
        f"Model '{model.name}' has {params:,} trainable parameters for {samples:,} training "
        f"samples ({params / samples:,.0f} per sample); it can memorize the training set. "
    )
    spot = profile(model).hot_spot
    if spot is not None and spot.gap_params is not None:
        text += (
            f"Dense '{spot.dense}' after Flatten holds {spot.share:.1%} of them; with "
            f"{spot.gap_layer} it would need {spot.gap_params:,} instead of {spot.params:,}. "
        )
    return text + "See the note under model.summary(), or get more data."


def _count_samples(data) -> int | None:
    count = getattr(data, "num_samples", None)
    if count is not None:
        return int(count)
    dataset = getattr(getattr(data, "iterable", None), "dataset", None)
    try:
        return len(dataset) if dataset is not None else None
    except TypeError:  # an IterableDataset has no length
        return None
