"""Box regression targets: boxes as offsets from anchors (`encode_box_to_deltas`) and back
(`decode_deltas_to_boxes`), in the centre-size parametrization detectors train on."""

import torch

from ...config import epsilon
from .formats import as_tensor, convert_format

_ENCODINGS = ("center_xywh", "center_yxhw")


def _variance(variance):
    if variance is None:
        return None
    variance = as_tensor(variance, torch.float32)
    if variance.shape[-1] != 4:
        raise ValueError(f"`variance` must be length 4, got {variance}")
    return variance


def _image_size(image_shape):
    return (None, None) if image_shape is None else tuple(image_shape[:2])


def encode_box_to_deltas(anchors, boxes, anchor_format: str, box_format: str,
                         encoding_format: str = "center_yxhw", variance=None, image_shape=None):
    """`(centre offset / anchor size, log(box size / anchor size))` per box, in the order
    of `encoding_format` (`"center_yxhw"` or `"center_xywh"`), divided by `variance`."""
    variance = _variance(variance)
    if encoding_format not in _ENCODINGS:
        raise ValueError(
            "`encoding_format` should be one of 'center_xywh' or 'center_yxhw', got "
            f"{encoding_format}"
        )
    height, width = _image_size(image_shape)
    anchors = convert_format(anchors, anchor_format, encoding_format, height, width)
    boxes = convert_format(boxes, box_format, encoding_format, height, width)
    anchor_size = torch.clamp(anchors[..., 2:], min=epsilon())
    box_size = torch.clamp(boxes[..., 2:], min=epsilon())
    deltas = torch.cat([(boxes[..., :2] - anchors[..., :2]) / anchor_size,
                        torch.log(box_size / anchor_size)], dim=-1)
    return deltas if variance is None else deltas / variance


def decode_deltas_to_boxes(anchors, boxes_delta, anchor_format: str, box_format: str,
                           encoded_format: str = "center_yxhw", variance=None, image_shape=None):
    """The inverse of `encode_box_to_deltas`: boxes in `box_format`. `anchors` and
    `boxes_delta` may be dicts of pyramid levels (then a dict comes back)."""
    variance = _variance(variance)
    if encoded_format not in _ENCODINGS:
        raise ValueError(
            f"`encoded_format` should be 'center_xywh' or 'center_yxhw', but got '{encoded_format}'."
        )
    height, width = _image_size(image_shape)

    def decode(anchor, delta):
        anchor = convert_format(anchor, anchor_format, encoded_format, height, width)
        delta = as_tensor(delta)
        if variance is not None:
            delta = delta * variance
        box = torch.cat([delta[..., :2] * anchor[..., 2:] + anchor[..., :2],
                         torch.exp(delta[..., 2:]) * anchor[..., 2:]], dim=-1)
        return convert_format(box, encoded_format, box_format, height, width)

    if isinstance(anchors, dict) and isinstance(boxes_delta, dict):
        return {level: decode(anchor, boxes_delta[level]) for level, anchor in anchors.items()}
    return decode(anchors, boxes_delta)
