"""The crossentropies, with Keras's clipping of probabilities and its label smoothing."""

import warnings

import torch
import torch.nn.functional as F

from .loss import Loss, LossFunctionWrapper
from .utils import _check_same_shape, _clip, _prepare, clipped_log_softmax, softmax_logits


def binary_crossentropy(
    y_true, y_pred, from_logits: bool = False, label_smoothing: float = 0.0, axis: int = -1
) -> torch.Tensor:
    """Elementwise binary crossentropy, averaged over `axis`.

    Args:
        y_true: Labels in `[0, 1]`, the same shape as `y_pred`.
        y_pred: Probabilities, or logits when `from_logits=True`.
        from_logits: Whether `y_pred` holds logits (the numerically stable path).
        label_smoothing: Moves labels towards 0.5: `y * (1 - s) + 0.5 * s`.
        axis: The axis to average over. Defaults to `-1`.
    """
    y_true, y_pred = _prepare(y_true, y_pred)
    y_true = y_true.to(y_pred.dtype)
    if label_smoothing:
        y_true = y_true * (1.0 - label_smoothing) + 0.5 * label_smoothing
    _check_same_shape(
        "binary_crossentropy",
        y_true,
        y_pred,
        "It takes one probability (or logit) per label. For integer class indices with "
        "more than two classes use `sparse_categorical_crossentropy`.",
    )
    if from_logits:
        values = F.binary_cross_entropy_with_logits(y_pred, y_true, reduction="none")
    else:
        # Written out rather than F.binary_cross_entropy, which raises on NaN inputs (CPU)
        # instead of letting a NaN loss show up; the clip keeps both logs finite.
        p = _clip(y_pred)
        values = -(y_true * torch.log(p) + (1.0 - y_true) * torch.log(1.0 - p))
    return torch.mean(values, dim=axis)


def categorical_crossentropy(
    y_true, y_pred, from_logits: bool = False, label_smoothing: float = 0.0, axis: int = -1
) -> torch.Tensor:
    """Crossentropy between one-hot (or soft) labels and predicted class distributions.

    Args:
        y_true: One-hot labels, the same shape as `y_pred`.
        y_pred: Probabilities (rescaled to sum to 1 along `axis`), or logits.
        from_logits: Whether `y_pred` holds logits (uses `log_softmax`).
        label_smoothing: Mixes labels with the uniform distribution:
            `y * (1 - s) + s / num_classes`.
        axis: The class axis. Defaults to `-1`.
    """
    if isinstance(axis, bool):
        raise ValueError(f"`axis` must be of type `int`. Received: axis={axis} of type bool")
    logits = None if from_logits else softmax_logits(y_pred, axis)
    y_true, y_pred = _prepare(y_true, y_pred)
    y_true = y_true.to(y_pred.dtype)
    if y_pred.ndim and y_pred.shape[-1] == 1:
        warnings.warn(
            "In loss categorical_crossentropy, expected y_pred.shape to be "
            f"(batch_size, num_classes) with num_classes > 1. Received: "
            f"y_pred.shape={tuple(y_pred.shape)}. Consider using 'binary_crossentropy' if "
            "you only have 2 classes.",
            SyntaxWarning,
            stacklevel=2,
        )
    if label_smoothing:
        # Keras counts classes on the last axis even when `axis` is another one.
        y_true = y_true * (1.0 - label_smoothing) + label_smoothing / y_true.shape[-1]
    _check_same_shape(
        "categorical_crossentropy",
        y_true,
        y_pred,
        "It needs one-hot labels with one column per class. For integer class indices use "
        "`sparse_categorical_crossentropy`.",
    )
    if y_pred.ndim < 1:
        raise ValueError("`categorical_crossentropy` needs inputs of rank 1 or more.")
    if from_logits:
        log_prob = F.log_softmax(y_pred, dim=axis)
    elif logits is not None:
        log_prob = clipped_log_softmax(logits, axis, y_pred.dtype)
    else:
        log_prob = torch.log(_clip(y_pred / torch.sum(y_pred, dim=axis, keepdim=True)))
    return -torch.sum(y_true * log_prob, dim=axis)


def sparse_categorical_crossentropy(
    y_true, y_pred, from_logits: bool = False, ignore_class: int | None = None, axis: int = -1
) -> torch.Tensor:
    """Crossentropy between integer class indices and predicted class distributions.

    Args:
        y_true: Class indices (int or float), shaped like `y_pred` without the class
            axis; a trailing axis of size 1 is also accepted.
        y_pred: Probabilities (rescaled to sum to 1 along `axis`), or logits.
        from_logits: Whether `y_pred` holds logits.
        ignore_class: A label value (e.g. -1) whose entries get a loss of 0.
        axis: The class axis. Defaults to `-1`.
    """
    logits = None if from_logits else softmax_logits(y_pred, axis)
    y_true, y_pred = _prepare(y_true, y_pred)
    if y_pred.ndim < 1:
        raise ValueError("`sparse_categorical_crossentropy` needs `y_pred` of rank 1 or more.")
    if y_true.ndim == y_pred.ndim and y_true.shape[axis] == 1:
        y_true = y_true.squeeze(axis)
    expected = list(y_pred.shape)
    del expected[axis]
    if list(y_true.shape) != expected:
        raise ValueError(
            "`sparse_categorical_crossentropy` needs `y_true` to have the shape of `y_pred` "
            f"without the class axis. Received: y_true.shape={tuple(y_true.shape)}, "
            f"y_pred.shape={tuple(y_pred.shape)}. For one-hot labels use "
            "`categorical_crossentropy`."
        )
    target = y_true.long()
    valid = None
    if ignore_class is not None:
        valid = target != ignore_class
        target = torch.where(valid, target, 0)
    # F.cross_entropy and F.nll_loss want a batch axis and the classes on axis 1.
    single = y_pred.ndim == 1
    if logits is not None:
        y_pred = clipped_log_softmax(logits, axis, y_pred.dtype)
    if single:
        y_pred, target = y_pred.unsqueeze(0), target.unsqueeze(0)
    else:
        y_pred = y_pred.movedim(axis, 1)
    if target.device.type != "cpu":
        # Off the CPU an out-of-range label is a device-side assert that ends the process's
        # CUDA context, so the labels are checked first (one sync); on the CPU torch's own
        # IndexError is translated below, at no cost to good batches.
        low, high = torch.aminmax(target) if target.numel() else (target.new_zeros(()),) * 2
        if int(low) < 0 or int(high) >= y_pred.shape[1]:
            raise _label_error(y_true, valid, y_pred.shape[1])
    try:
        if from_logits:
            values = F.cross_entropy(y_pred, target, reduction="none", ignore_index=_NO_IGNORED_LABEL)
        elif logits is not None:  # y_pred already holds the clipped log-probabilities
            values = F.nll_loss(y_pred, target, reduction="none", ignore_index=_NO_IGNORED_LABEL)
        else:
            log_prob = torch.log(_clip(y_pred / torch.sum(y_pred, dim=1, keepdim=True)))
            values = F.nll_loss(log_prob, target, reduction="none", ignore_index=_NO_IGNORED_LABEL)
    except IndexError:
        raise _label_error(y_true, valid, y_pred.shape[1]) from None
    if single:
        values = values[0]
    if valid is not None:
        values = torch.where(valid, values, 0.0)
    return values




# torch skips the label -100 by default; Keras has no such label, so -100 must be an error.
_NO_IGNORED_LABEL = torch.iinfo(torch.int64).min + 1


def _label_error(y_true, valid, classes: int) -> ValueError:
    labels = y_true if valid is None else y_true[valid]
    found = []
    if labels.is_floating_point() and bool(torch.isnan(labels).any()):
        found.append("NaN")
        labels = labels[~torch.isnan(labels)]
    if labels.numel():
        found.append(f"min={labels.min().item():g}, max={labels.max().item():g}")
    return ValueError(
        f"`sparse_categorical_crossentropy`: labels must be class indices in [0, {classes}) for "
        f"predictions with {classes} classes. Received labels with {', '.join(found)}. Check that "
        "the model's last layer has one unit per class, and that the labels are integers from 0."
    )


class BinaryCrossentropy(LossFunctionWrapper):
    """Crossentropy for 0/1 labels; see `binary_crossentropy`.

    Args:
        from_logits: Whether predictions are logits. Defaults to `False` (probabilities).
        label_smoothing: Float in `[0, 1]`; squeezes labels towards 0.5.
        axis: The axis averaged over per sample. Defaults to `-1`.
        reduction, name, dtype: As for `Loss`.
    """

    def __init__(
        self,
        from_logits: bool = False,
        label_smoothing: float = 0.0,
        axis: int = -1,
        reduction="sum_over_batch_size",
        name="binary_crossentropy",
        dtype=None,
    ):
        super().__init__(
            binary_crossentropy,
            reduction=reduction,
            name=name,
            dtype=dtype,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self.axis = axis

    def get_config(self):
        return {
            **Loss.get_config(self),
            "from_logits": self.from_logits,
            "label_smoothing": self.label_smoothing,
            "axis": self.axis,
        }


class CategoricalCrossentropy(LossFunctionWrapper):
    """Crossentropy for one-hot labels; see `categorical_crossentropy`.

    Args:
        from_logits: Whether predictions are logits. Defaults to `False` (probabilities).
        label_smoothing: Float in `[0, 1]`; mixes labels with the uniform distribution.
        axis: The class axis. Defaults to `-1`.
        reduction, name, dtype: As for `Loss`.
    """

    def __init__(
        self,
        from_logits: bool = False,
        label_smoothing: float = 0.0,
        axis: int = -1,
        reduction="sum_over_batch_size",
        name="categorical_crossentropy",
        dtype=None,
    ):
        super().__init__(
            categorical_crossentropy,
            reduction=reduction,
            name=name,
            dtype=dtype,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self.axis = axis

    def get_config(self):
        return {
            **Loss.get_config(self),
            "from_logits": self.from_logits,
            "label_smoothing": self.label_smoothing,
            "axis": self.axis,
        }


class SparseCategoricalCrossentropy(LossFunctionWrapper):
    """Crossentropy for integer class labels; see `sparse_categorical_crossentropy`.

    Labels may be shaped `(batch,)` or `(batch, 1)`, as ints or floats. With
    `ignore_class`, the mean runs over the other entries only.

    Args:
        from_logits: Whether predictions are logits. Defaults to `False` (probabilities).
        ignore_class: Optional label value to leave out of the loss (e.g. -1 or 255).
        axis: The class axis. Defaults to `-1` (and, as in Keras, is not in the config).
        reduction, name, dtype: As for `Loss`.
    """

    def __init__(
        self,
        from_logits: bool = False,
        ignore_class: int | None = None,
        reduction="sum_over_batch_size",
        axis: int = -1,
        name="sparse_categorical_crossentropy",
        dtype=None,
    ):
        super().__init__(
            sparse_categorical_crossentropy,
            reduction=reduction,
            name=name,
            dtype=dtype,
            from_logits=from_logits,
            ignore_class=ignore_class,
            axis=axis,
        )
        self.from_logits = from_logits
        self.ignore_class = ignore_class

    def _mask(self, y_true, values):
        if self.ignore_class is None:
            return None
        return (y_true != self.ignore_class).reshape(values.shape)

    def get_config(self):
        return {
            **Loss.get_config(self),
            "from_logits": self.from_logits,
            "ignore_class": self.ignore_class,
        }


