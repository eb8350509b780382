"""`lamina.utils.bounding_boxes` against `keras.utils.bounding_boxes` on the same boxes."""

import itertools

import numpy as np
import pytest
import torch

from lamina.utils import bounding_boxes as bb
from lamina.utils.bounding_boxes.formats import SUPPORTED_FORMATS

RNG = np.random.default_rng(0)
H, W = 40.0, 60.0


def _xyxy(shape):
    """Valid xyxy boxes inside a W x H image: x1 < x2, y1 < y2."""
    corner = RNG.random((*shape, 2)) * [W / 2, H / 2]
    size = 1 + RNG.random((*shape, 2)) * [W / 2, H / 2]
    return np.concatenate([corner, corner + size], axis=-1).astype(np.float32)


def _np(x):
    return x.detach().cpu().numpy() if isinstance(x, torch.Tensor) else np.asarray(x)


def _close(ours, theirs, rtol=1e-5, atol=1e-5):
    # float32 arithmetic on coordinates up to ~60: atol 1e-5 absolute.
    np.testing.assert_allclose(_np(ours), _np(theirs), rtol=rtol, atol=atol)


@pytest.mark.parametrize("source,target", list(itertools.product(SUPPORTED_FORMATS, repeat=2)))
def test_convert_format_matches_keras_for_every_pair(keras, source, target):
    boxes = keras.utils.bounding_boxes.convert_format(_xyxy((2, 5)), "xyxy", source, height=H, width=W)
    boxes = _np(boxes)
    ours = bb.convert_format(boxes, source, target, height=H, width=W)
    theirs = keras.utils.bounding_boxes.convert_format(boxes, source, target, height=H, width=W)
    assert ours.dtype == torch.float32 and tuple(ours.shape) == tuple(theirs.shape)
    _close(ours, theirs)


def test_convert_format_round_trips_and_converts_dicts_in_place(keras):
    boxes = _xyxy((6,))
    back = bb.convert_format(bb.convert_format(boxes, "xyxy", "rel_center_xywh", H, W), "rel_center_xywh", "xyxy", H, W)
    _close(back, boxes)
    data = {"boxes": boxes, "labels": np.arange(6)}
    assert bb.convert_format(data, "xyxy", "yxyx") is data  # Keras mutates and returns the dict
    _close(data["boxes"], keras.utils.bounding_boxes.convert_format(boxes, "xyxy", "yxyx"))
    assert _np(bb.convert_format(boxes, "XYXY", "xywh", dtype="float64")).dtype == np.float64


@pytest.mark.parametrize("kwargs,match", [
    (dict(boxes=np.zeros((3, 5)), source="xyxy", target="xywh"), "last dimension of 4"),
    (dict(boxes=np.zeros((3, 4)), source="xyxy", target="polar"), "Supported formats"),
    (dict(boxes=np.zeros((3, 4)), source="rel_xyxy", target="xyxy"), "height"),
])
def test_convert_format_errors_like_keras(keras, kwargs, match):
    for module in (bb, keras.utils.bounding_boxes):
        with pytest.raises(ValueError, match=match):
            module.convert_format(**kwargs)


@pytest.mark.parametrize("fmt,size", [("xyxy", (H, W)), ("rel_xyxy", (None, None))])
def test_clip_to_image_size_matches_keras(keras, fmt, size):
    boxes = _xyxy((7,)) * 2 - 20  # some cross the image's edges
    boxes[0] = [-50, -50, -30, -30]  # entirely outside: no area left, label -1
    if fmt == "rel_xyxy":
        boxes = boxes / 30.0
    data = {"boxes": boxes, "labels": np.arange(7)}
    ours = bb.clip_to_image_size(dict(data), height=size[0], width=size[1], bounding_box_format=fmt)
    theirs = keras.utils.bounding_boxes.clip_to_image_size(dict(data), height=size[0], width=size[1],
                                                           bounding_box_format=fmt)
    _close(ours["boxes"], theirs["boxes"])
    np.testing.assert_array_equal(_np(ours["labels"]), _np(theirs["labels"]))
    assert (_np(ours["labels"]) == -1).any()  # the case is exercised
    for module in (bb, keras.utils.bounding_boxes):
        with pytest.raises(NotImplementedError):
            module.clip_to_image_size(dict(data), H, W, bounding_box_format="xywh")
        with pytest.raises(ValueError, match="height"):
            module.clip_to_image_size(dict(data), bounding_box_format="xyxy")


def test_crop_and_pad_match_keras(keras):
    boxes = _xyxy((2, 4))
    _close(bb.crop(boxes, 5, 8, 20, 25), keras.utils.bounding_boxes.crop(boxes, 5, 8, 20, 25))
    _close(bb.pad(boxes, 3, 7), keras.utils.bounding_boxes.pad(boxes, 3, 7))
    for module in (bb, keras.utils.bounding_boxes):
        with pytest.raises(NotImplementedError):
            module.crop(boxes, 0, 0, 1, 1, bounding_box_format="yxyx")


@pytest.mark.parametrize("shapes", [((4,), (6,)), ((2, 4), (2, 6))], ids=["unbatched", "batched"])
@pytest.mark.parametrize("fmt", ["xyxy", "center_yxhw", "rel_xywh"])
@pytest.mark.parametrize("use_masking", [False, True])
def test_compute_iou_matches_keras(keras, shapes, fmt, use_masking):
    a, b = _xyxy(shapes[0]), _xyxy(shapes[1])
    b[..., 0, :] = -1  # a padding box, masked when use_masking
    a[..., 1, :] = a[..., 0, :]  # identical boxes: IoU 1
    b[..., 1, :] = a[..., 0, :]
    a = _np(keras.utils.bounding_boxes.convert_format(a, "xyxy", fmt, height=H, width=W))
    b = _np(keras.utils.bounding_boxes.convert_format(b, "xyxy", fmt, height=H, width=W))
    kwargs = dict(use_masking=use_masking, mask_val=-7, image_shape=(H, W, 3))
    ours = bb.compute_iou(a, b, fmt, **kwargs)
    theirs = keras.utils.bounding_boxes.compute_iou(a, b, fmt, **kwargs)
    assert tuple(ours.shape) == tuple(theirs.shape)
    _close(ours, theirs, rtol=1e-5, atol=1e-6)


def test_compute_iou_errors_like_keras(keras):
    for module in (bb, keras.utils.bounding_boxes):
        with pytest.raises(ValueError, match="batched"):
            module.compute_iou(np.zeros((1, 1, 1, 4)), np.zeros((2, 4)), "xyxy")
        with pytest.raises(ValueError, match="image_shape"):
            module.compute_iou(np.zeros((2, 4)), np.zeros((2, 4)), "rel_xyxy")


@pytest.mark.parametrize("fmt", ["xyxy", "xywh", "center_xywh"])
def test_compute_ciou_matches_keras(keras, fmt):
    a = _np(keras.utils.bounding_boxes.convert_format(_xyxy((3, 5)), "xyxy", fmt))
    b = _np(keras.utils.bounding_boxes.convert_format(_xyxy((3, 5)), "xyxy", fmt))
    _close(bb.compute_ciou(a, b, fmt), keras.utils.bounding_boxes.compute_ciou(a, b, fmt), atol=1e-6)
    for module in (bb, keras.utils.bounding_boxes):
        with pytest.raises(ValueError, match="relative"):
            module.compute_ciou(a, b, "rel_xyxy")


@pytest.mark.parametrize("encoding", ["center_yxhw", "center_xywh"])
@pytest.mark.parametrize("variance", [None, [0.1, 0.1, 0.2, 0.2]])
def test_encode_and_decode_deltas_match_keras(keras, encoding, variance):
    anchors, boxes = _xyxy((8,)), _xyxy((8,))
    args = dict(anchor_format="xyxy", box_format="xywh", variance=variance)
    boxes_xywh = _np(keras.utils.bounding_boxes.convert_format(boxes, "xyxy", "xywh"))
    ours = bb.encode_box_to_deltas(anchors, boxes_xywh, encoding_format=encoding, **args)
    theirs = keras.utils.bounding_boxes.encode_box_to_deltas(anchors, boxes_xywh, encoding_format=encoding, **args)
    _close(ours, theirs)
    decoded = bb.decode_deltas_to_boxes(anchors, _np(ours), encoded_format=encoding, **args)
    # Keras's decode multiplies a numpy delta by a tensor variance and fails: give it a tensor.
    _close(decoded, keras.utils.bounding_boxes.decode_deltas_to_boxes(anchors, theirs, encoded_format=encoding, **args))
    _close(decoded, boxes_xywh, atol=1e-4)  # decode inverts encode
    levels = bb.decode_deltas_to_boxes({"p3": anchors}, {"p3": _np(ours)}, encoded_format=encoding, **args)
    _close(levels["p3"], decoded)
    for module in (bb, keras.utils.bounding_boxes):
        with pytest.raises(ValueError, match="variance"):
            module.encode_box_to_deltas(anchors, boxes, "xyxy", "xyxy", variance=[1.0, 2.0])
        with pytest.raises(ValueError, match="center_xywh"):
            module.encode_box_to_deltas(anchors, boxes, "xyxy", "xyxy", encoding_format="xyxy")


@pytest.mark.parametrize("center", [None, 0.3])
def test_affine_transform_matches_keras(keras, center):
    boxes = _xyxy((3, 4))
    params = [torch.tensor(v, dtype=torch.float32) for v in (
        [10.0, -30.0, 0.0], [0.1, 0.0, -0.2], [0.0, 0.05, 0.1], [1.0, 1.2, 0.8], [0.0, 5.0, -10.0], [3.0, 0.0, 0.0])]
    args = (*params, H, W)
    kwargs = dict(center_x=center, center_y=center)
    # Rotated corners through sines and cosines of float32 angles: 1e-4 on ~60-pixel coordinates.
    _close(bb.affine_transform(boxes, *args, **kwargs),
           keras.utils.bounding_boxes.affine_transform(boxes, *args, **kwargs), atol=1e-4)
    with pytest.raises(NotImplementedError):
        bb.affine_transform(boxes, *args, bounding_box_format="yxyx")
