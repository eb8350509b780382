"""Intersection-over-union metrics from an accumulated confusion matrix: `IoU`,
`BinaryIoU`, `MeanIoU`, `OneHotIoU` and `OneHotMeanIoU`.

As in Keras the matrix's dtype defaults to `"int32"`: labels, predictions and sample
weights are cast to it, so float weights are truncated (Keras warns, and so do we).
"""

import warnings

import torch

from .metric import Metric, _broadcast_weight

EPSILON = 1e-7


class _IoUBase(Metric):
    """Accumulates the `(num_classes, num_classes)` confusion matrix (rows: true class)."""

    _direction = "up"

    def __init__(
        self,
        num_classes,
        name=None,
        dtype=None,
        ignore_class=None,
        sparse_y_true=True,
        sparse_y_pred=True,
        axis=-1,
    ):
        super().__init__(name=name, dtype="int32" if dtype in (None, "int") else dtype)
        self.num_classes = num_classes
        self.ignore_class = ignore_class
        self.sparse_y_true = sparse_y_true
        self.sparse_y_pred = sparse_y_pred
        self.axis = axis
        self.add_variable("total_confusion_matrix", (num_classes, num_classes))

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        y_pred = torch.as_tensor(y_pred).detach()
        y_true = torch.as_tensor(y_true, device=y_pred.device).detach()
        if not self.sparse_y_true:
            y_true = y_true.argmax(dim=self.axis)
        if not self.sparse_y_pred:
            y_pred = y_pred.argmax(dim=self.axis)
        dtype = getattr(torch, self.dtype)
        y_true, y_pred = y_true.to(dtype).reshape(-1), y_pred.to(dtype).reshape(-1)
        if sample_weight is None:
            sample_weight = torch.ones((), dtype=dtype, device=y_pred.device)
        else:
            sample_weight = torch.as_tensor(sample_weight, device=y_pred.device)
            if sample_weight.is_floating_point() and not dtype.is_floating_point:
                warnings.warn(
                    f"{type(self).__name__}: `sample_weight` is float but the metric's dtype is "
                    f"{self.dtype}, so the weights are truncated to integers. Pass integer "
                    "weights, or a float `dtype`.",
                    stacklevel=2,
                )
            sample_weight = (
                sample_weight.to(dtype).reshape(-1)
                if sample_weight.ndim > 1
                else sample_weight.to(dtype)
            )
        sample_weight = _broadcast_weight(
            sample_weight, y_true.shape, f"{type(self).__name__}: the flattened labels"
        )
        n = self.num_classes
        valid = (y_true >= 0) & (y_true < n) & (y_pred >= 0) & (y_pred < n)
        if self.ignore_class is not None:
            valid &= y_true != self.ignore_class
        sample_weight = torch.where(valid, sample_weight, 0)
        cells = torch.where(valid, y_true, 0).long() * n + torch.where(valid, y_pred, 0).long()
        state = self._state_on(y_pred.device)
        matrix = torch.zeros(
            n * n, dtype=state["total_confusion_matrix"].dtype, device=y_pred.device
        )
        matrix.index_add_(0, cells, sample_weight.to(matrix.dtype))
        state["total_confusion_matrix"] += matrix.reshape(n, n)


class IoU(_IoUBase):
    """The mean intersection-over-union of the classes in `target_class_ids`.

    For each class, `IoU = TP / (TP + FP + FN)`; classes that never occur (in labels or
    predictions) are left out of the mean.

    Args:
        num_classes: The number of classes.
        target_class_ids: The class ids to average over.
        name: The metric name; defaults to `"io_u"`.
        dtype: The dtype of the confusion matrix; defaults to `"int32"`.
        ignore_class: Optional class id whose labels are left out.
        sparse_y_true: Whether labels are class ids (else one-hot / scores, arg-maxed).
        sparse_y_pred: Whether predictions are class ids (else scores, arg-maxed).
        axis: The class axis for the arg-max. Defaults to -1.
    """

    def __init__(
        self,
        num_classes,
        target_class_ids,
        name=None,
        dtype=None,
        ignore_class=None,
        sparse_y_true=True,
        sparse_y_pred=True,
        axis=-1,
    ):
        super().__init__(
            num_classes,
            name=name,
            dtype=dtype,
            ignore_class=ignore_class,
            sparse_y_true=sparse_y_true,
            sparse_y_pred=sparse_y_pred,
            axis=axis,
        )
        if max(target_class_ids) >= num_classes:
            raise ValueError(
                f"Target class id {max(target_class_ids)} is out of range, which is "
                f"[0, {num_classes})."
            )
        self.target_class_ids = list(target_class_ids)

    def result(self) -> torch.Tensor:
        matrix = self._states["total_confusion_matrix"].to(torch.float64)
        true_positives = torch.diagonal(matrix)
        denominator = matrix.sum(dim=0) + matrix.sum(dim=1) - true_positives
        ids = torch.tensor(self.target_class_ids, device=matrix.device)
        true_positives = true_positives[ids].to(torch.float32)
        denominator = denominator[ids].to(torch.float32)
        valid = denominator > 1e-9
        iou = torch.where(valid, true_positives / (denominator + EPSILON), 0.0)
        return iou.sum(dim=self.axis) / (valid.sum().to(torch.float32) + EPSILON)

    def get_config(self):
        return {
            **super().get_config(),
            "num_classes": self.num_classes,
            "target_class_ids": self.target_class_ids,
            "ignore_class": self.ignore_class,
            "sparse_y_true": self.sparse_y_true,
            "sparse_y_pred": self.sparse_y_pred,
            "axis": self.axis,
        }


class BinaryIoU(IoU):
    """`IoU` of binary labels against `y_pred >= threshold`.

    Args:
        target_class_ids: Which of the classes `(0, 1)` to average over.
        threshold: Predictions at or above it are class 1. Defaults to 0.5.
        name: The metric name; defaults to `"binary_io_u"`.
        dtype: The dtype of the confusion matrix.
    """

    def __init__(self, target_class_ids=(0, 1), threshold=0.5, name=None, dtype=None):
        super().__init__(num_classes=2, target_class_ids=target_class_ids, name=name, dtype=dtype)
        self.threshold = threshold

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        y_pred = torch.as_tensor(y_pred).detach().to(torch.float32)
        super().update_state(y_true, (y_pred >= self.threshold).to(torch.int32), sample_weight)

    def get_config(self):
        return {
            "target_class_ids": self.target_class_ids,
            "threshold": self.threshold,
            "name": self.name,
            "dtype": self.dtype,
        }


class MeanIoU(IoU):
    """`IoU` averaged over all `num_classes` classes.

    Args: as `IoU`, without `target_class_ids`; the name defaults to `"mean_io_u"`.
    """

    def __init__(
        self,
        num_classes,
        name=None,
        dtype=None,
        ignore_class=None,
        sparse_y_true=True,
        sparse_y_pred=True,
        axis=-1,
    ):
        super().__init__(
            num_classes,
            list(range(num_classes)),
            name=name,
            dtype=dtype,
            ignore_class=ignore_class,
            sparse_y_true=sparse_y_true,
            sparse_y_pred=sparse_y_pred,
            axis=axis,
        )

    def get_config(self):
        config = super().get_config()
        del config["target_class_ids"]
        return config


class OneHotIoU(IoU):
    """`IoU` with one-hot labels (and, unless `sparse_y_pred`, score predictions).

    Args: as `IoU`, without `sparse_y_true`; the name defaults to `"one_hot_io_u"`.
    """

    def __init__(
        self,
        num_classes,
        target_class_ids,
        name=None,
        dtype=None,
        ignore_class=None,
        sparse_y_pred=False,
        axis=-1,
    ):
        super().__init__(
            num_classes,
            target_class_ids,
            name=name,
            dtype=dtype,
            ignore_class=ignore_class,
            sparse_y_true=False,
            sparse_y_pred=sparse_y_pred,
            axis=axis,
        )

    def get_config(self):
        config = super().get_config()
        del config["sparse_y_true"]
        return config


class OneHotMeanIoU(MeanIoU):
    """`MeanIoU` with one-hot labels (and, unless `sparse_y_pred`, score predictions).

    Args: as `MeanIoU`, without `sparse_y_true`; the name defaults to `"one_hot_mean_io_u"`.
    """

    def __init__(
        self, num_classes, name=None, dtype=None, ignore_class=None, sparse_y_pred=False, axis=-1
    ):
        super().__init__(
            num_classes,
            name=name,
            dtype=dtype,
            ignore_class=ignore_class,
            sparse_y_true=False,
            sparse_y_pred=sparse_y_pred,
            axis=axis,
        )

    def get_config(self):
        config = super().get_config()
        del config["sparse_y_true"]
        return config
