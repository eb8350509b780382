"""`keras.utils.bounding_boxes`: box formats, clipping, IoU, anchor deltas and box geometry."""

from .affine import affine_transform as affine_transform
from .deltas import decode_deltas_to_boxes as decode_deltas_to_boxes
from .deltas import encode_box_to_deltas as encode_box_to_deltas
from .formats import clip_to_image_size as clip_to_image_size
from .formats import convert_format as convert_format
from .formats import crop as crop
from .formats import pad as pad
from .iou import compute_ciou as compute_ciou
from .iou import compute_iou as compute_iou
