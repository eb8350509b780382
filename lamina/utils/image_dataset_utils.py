"""`image_dataset_from_directory`: class folders of images -> batches of float32 tensors."""

import numpy as np
import torch
from PIL import Image
from torch.utils.data import Dataset

from ..config import standardize_data_format
from . import dataset_utils

ALLOWLIST_FORMATS = (".bmp", ".gif", ".jpeg", ".jpg", ".png")
# Keras resizes with tf.image.resize (half-pixel centres, no antialiasing); torch's
# interpolate with align_corners=False is the same for these modes.
_TORCH_MODES = {"bilinear": "bilinear", "nearest": "nearest-exact", "bicubic": "bicubic",
                "area": "area"}
_KERAS_INTERPOLATIONS = ("bilinear", "nearest", "bicubic", "area", "lanczos3", "lanczos5",
                         "gaussian", "mitchellcubic")
_PIL_MODES = {1: "L", 3: "RGB", 4: "RGBA"}


def resize_image(image, size, interpolation="bilinear", crop_to_aspect_ratio=False,
                 pad_to_aspect_ratio=False):
    """Resizes an `(h, w, c)` float tensor to `size`, first cropping (centred) or zero-padding
    it to the target aspect ratio when asked, as `keras.ops.image.resize` does."""
    height, width = image.shape[0], image.shape[1]
    target_h, target_w = size
    if crop_to_aspect_ratio:
        crop_h = min(height, int(width * target_h / target_w))
        crop_w = min(width, int(height * target_w / target_h))
        top, left = int((height - crop_h) / 2), int((width - crop_w) / 2)
        image = image[top:top + crop_h, left:left + crop_w]
    elif pad_to_aspect_ratio:
        pad_h = max(height, int(width * target_h / target_w))
        pad_w = max(width, int(height * target_w / target_h))
        top, left = int((pad_h - height) / 2), int((pad_w - width) / 2)
        # Keras pads `top`/`left` on both sides, so an odd remainder leaves it one short.
        image = torch.nn.functional.pad(image, (0, 0, left, left, top, top))
    if tuple(image.shape[:2]) == (target_h, target_w):
        return image
    chw = image.permute(2, 0, 1)[None]
    mode = _TORCH_MODES[interpolation]
    kwargs = {"align_corners": False} if mode in ("bilinear", "bicubic") else {}
    return torch.nn.functional.interpolate(chw, size=(target_h, target_w), mode=mode, **kwargs)[0].permute(1, 2, 0)


class _ImageFiles(Dataset):
    def __init__(self, paths, labels, image_size, num_channels, interpolation, crop, pad, data_format):
        self.paths, self.labels = paths, labels
        self.image_size, self.num_channels = tuple(image_size), num_channels
        self.interpolation, self.crop, self.pad = interpolation, crop, pad
        self.channels_first = data_format == "channels_first"

    def __len__(self):
        return len(self.paths)

    def __getitem__(self, index):
        with Image.open(self.paths[index]) as img:
            img.seek(0)  # the first frame of an animated GIF, as tf.io.decode_image does
            array = np.asarray(img.convert(_PIL_MODES[self.num_channels]), dtype="float32")
        image = torch.from_numpy(array.reshape(array.shape[0], array.shape[1], self.num_channels))
        image = resize_image(image, self.image_size, self.interpolation, self.crop, self.pad)
        if self.channels_first:
            image = image.permute(2, 0, 1)
        image = image.contiguous()
        return image if self.labels is None else (image, self.labels[index])


def image_dataset_from_directory(directory, labels="inferred", label_mode="int", class_names=None,
                                 color_mode="rgb", batch_size=32, image_size=(256, 256),
                                 shuffle=True, seed=None, validation_split=None, subset=None,
                                 interpolation="bilinear", follow_links=False,
                                 crop_to_aspect_ratio=False, pad_to_aspect_ratio=False,
                                 data_format=None, format="tf", verbose=True):
    """Batches of `(images, labels)` from a folder with one subfolder of images per class.

    Images are decoded with Pillow, converted to `color_mode` and resized to
    `image_size`; they come out as float32 in 0-255, `(batch, h, w, c)` (channels first
    with `data_format="channels_first"`). Labels follow `label_mode`: `"int"` (int32),
    `"categorical"` (one-hot float32), `"binary"` (float32 `(batch, 1)`) or `None`.
    File order is Keras's: classes and files sorted, then shuffled by `seed`. `format` is
    accepted for Keras compatibility; the result is always a torch-native `BatchDataset`.

    Returns:
        A `BatchDataset` with `class_names` and `file_paths`; with `subset="both"`, a
        `[train, validation]` pair.
    """
    if labels not in ("inferred", None):
        if not isinstance(labels, (list, tuple)):
            raise ValueError("`labels` should be 'inferred', None, or a list/tuple of integer labels, "
                             f"one per image file. Received: labels={labels}")
        if class_names:
            raise ValueError('You can only pass `class_names` if `labels="inferred"`. '
                             f"Received: labels={labels}, and class_names={class_names}")
    if label_mode not in ("int", "categorical", "binary", None):
        raise ValueError('`label_mode` argument must be one of "int", "categorical", "binary", or '
                         f"None. Received: label_mode={label_mode}")
    if labels is None or label_mode is None:
        labels = label_mode = None
    channels = {"rgb": 3, "rgba": 4, "grayscale": 1}.get(color_mode)
    if channels is None:
        raise ValueError('`color_mode` must be one of {"rgb", "rgba", "grayscale"}. '
                         f"Received: color_mode={color_mode}")
    if isinstance(image_size, int):
        image_size = (image_size, image_size)
    elif not isinstance(image_size, (list, tuple)) or len(image_size) != 2:
        raise ValueError(f"Invalid `image_size` value. Expected a tuple of 2 integers. Received: image_size={image_size}")
    interpolation = interpolation.lower()
    if interpolation not in _KERAS_INTERPOLATIONS:
        raise ValueError(f"Argument `interpolation` should be one of {_KERAS_INTERPOLATIONS}. "
                         f"Received: interpolation={interpolation}")
    if interpolation not in _TORCH_MODES:
        raise ValueError(f"interpolation={interpolation!r} is not available without TensorFlow; "
                         f"use one of {tuple(_TORCH_MODES)}.")
    if crop_to_aspect_ratio and pad_to_aspect_ratio:
        raise ValueError("Only one of `crop_to_aspect_ratio` and `pad_to_aspect_ratio` can be True.")
    if format not in ("tf", "grain", "torch"):
        raise ValueError(f'`format` should be "tf", "grain" or "torch". Received: format={format}')
    dataset_utils.check_validation_split_arg(validation_split, subset, shuffle, seed)
    if seed is None:
        seed = np.random.randint(1e6)
    paths, labels, class_names = dataset_utils.index_directory(
        directory, labels, formats=ALLOWLIST_FORMATS, class_names=class_names, shuffle=shuffle,
        seed=seed, follow_links=follow_links, verbose=verbose)
    if label_mode == "binary" and len(class_names) != 2:
        raise ValueError('When passing `label_mode="binary"`, there must be exactly 2 '
                         f"class_names. Received: class_names={class_names}")
    data_format = standardize_data_format(data_format)

    def build(subset_name, shuffled):
        chosen, chosen_labels = dataset_utils.get_training_or_validation_split(
            paths, labels, validation_split, subset_name)
        if not chosen:
            raise ValueError(f"No images found in directory {directory} for subset={subset_name!r}. "
                             f"Allowed formats: {ALLOWLIST_FORMATS}")
        encoded = None if chosen_labels is None else dataset_utils.encode_labels(
            chosen_labels, label_mode, len(class_names))
        files = _ImageFiles(chosen, encoded, image_size, channels, interpolation,
                            crop_to_aspect_ratio, pad_to_aspect_ratio, data_format)
        return dataset_utils.BatchDataset(files, batch_size, shuffle=shuffled, seed=seed,
                                          class_names=class_names, file_paths=list(chosen))

    if subset == "both":
        return [build("training", shuffle), build("validation", False)]
    return build(subset, shuffle)
