"""MaxNumBoundingBoxes: pads or truncates each image's boxes to a fixed count."""

import torch
import torch.nn.functional as F

from ...layer import Layer
from ..checks import base_config, check_data_format, positive_int, where


class MaxNumBoundingBoxes(Layer):
    """Gives every image exactly `max_number` bounding boxes.

    Boxes past `max_number` are dropped; missing ones are added with every coordinate and
    the label set to `fill_value`. Takes Keras's `{"images": ..., "bounding_boxes":
    {"boxes": (batch, n, 4), "labels": (batch, n)}}` dict (or one image with `(n, 4)` boxes
    and `(n,)` labels); images and every other key pass through unchanged, in training and
    at inference alike. A plain tensor input passes through.

    Args:
        max_number: the number of boxes per image in the output.
        fill_value: the coordinates and label of padding boxes. Defaults to `-1`.
        bounding_box_format: the boxes' format (e.g. `"xyxy"`); required, as in Keras, to
            pass `bounding_boxes`, though padding does not depend on it.
        data_format: `"channels_last"` (default) or `"channels_first"`.

    Example:

    >>> layer = MaxNumBoundingBoxes(3, bounding_box_format="xyxy")
    >>> boxes = {"boxes": torch.ones(1, 2, 4), "labels": torch.tensor([[1, 2]])}
    >>> layer({"images": torch.zeros(1, 8, 8, 3), "bounding_boxes": boxes})["bounding_boxes"]["labels"]
    tensor([[ 1,  2, -1]])
    """

    def __init__(self, max_number, fill_value=-1, bounding_box_format=None, data_format=None, **kwargs):
        super().__init__(**kwargs)
        if isinstance(max_number, float) and max_number.is_integer():
            max_number = int(max_number)
        self.max_number = positive_int(self, "max_number", max_number)
        if isinstance(fill_value, bool) or not isinstance(fill_value, (int, float)):
            raise ValueError(f"{where(self)}: `fill_value` must be a number. Received: fill_value={fill_value!r}")
        self.fill_value = int(fill_value)
        if bounding_box_format is not None and not isinstance(bounding_box_format, str):
            raise ValueError(f"{where(self)}: `bounding_box_format` must be a string such as 'xyxy'. "
                             f"Received: bounding_box_format={bounding_box_format!r}")
        self.bounding_box_format = bounding_box_format
        self.data_format = check_data_format(self, data_format)

    def call(self, inputs, training=False):
        if not isinstance(inputs, dict) or "bounding_boxes" not in inputs:
            return inputs
        if not self.bounding_box_format:
            raise ValueError(
                f"{where(self)}: the input has a 'bounding_boxes' key but the layer has no "
                "`bounding_box_format`. Pass one, e.g. `bounding_box_format='xyxy'`."
            )
        boxes, labels = self._boxes_and_labels(inputs["bounding_boxes"])
        keep = self.max_number
        pad = max(keep - boxes.shape[-2], 0)
        padded = dict(inputs["bounding_boxes"])
        padded["boxes"] = F.pad(boxes[..., :keep, :], (0, 0, 0, pad), value=self.fill_value)
        padded["labels"] = F.pad(labels[..., :keep], (0, pad), value=self.fill_value)
        return {**inputs, "bounding_boxes": padded}

    def _boxes_and_labels(self, bounding_boxes):
        if not isinstance(bounding_boxes, dict) or not {"boxes", "labels"} <= set(bounding_boxes):
            keys = sorted(bounding_boxes) if isinstance(bounding_boxes, dict) else type(bounding_boxes).__name__
            raise ValueError(f"{where(self)}: `bounding_boxes` must be a dict with 'boxes' and 'labels'. "
                             f"Received: {keys}")
        boxes, labels = (torch.as_tensor(bounding_boxes[k]) for k in ("boxes", "labels"))
        if boxes.ndim not in (2, 3) or boxes.shape[-1] != 4 or labels.shape != boxes.shape[:-1]:
            raise ValueError(
                f"{where(self)}: boxes must be (batch, num_boxes, 4) (or (num_boxes, 4) for one "
                f"image) with labels of shape (batch, num_boxes) (or (num_boxes,)). Received: "
                f"boxes.shape={tuple(boxes.shape)}, labels.shape={tuple(labels.shape)}"
            )
        return boxes, labels

    def compute_output_shape(self, input_shape):
        if not isinstance(input_shape, dict) or "bounding_boxes" not in input_shape:
            return input_shape
        shapes = dict(input_shape["bounding_boxes"])
        extra = sorted(set(shapes) - {"boxes", "labels"})
        if extra:
            raise ValueError(f"{where(self)}: unsupported keys in `bounding_boxes`: {extra}. "
                             "Only 'boxes' and 'labels' are supported.")
        for key in ("boxes", "labels"):
            shape = list(shapes[key])
            shape[-2 if key == "boxes" else -1] = self.max_number
            shapes[key] = tuple(shape)
        return {**input_shape, "bounding_boxes": shapes}

    def get_config(self):
        config = {**base_config(self), "data_format": self.data_format}
        if self.bounding_box_format is not None:
            config["bounding_box_format"] = self.bounding_box_format
        config["max_number"] = self.max_number
        # Keras leaves `fill_value` out of its config; a non-default one is kept so the
        # config round-trips (the default config is Keras's, key for key).
        if self.fill_value != -1:
            config["fill_value"] = self.fill_value
        return config
