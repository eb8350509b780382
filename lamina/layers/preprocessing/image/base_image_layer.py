"""What every image preprocessing layer shares: layout, factors, seeds and the call flow.

Random parameters are drawn with `lamina.random` from a layer-owned `SeedGenerator`, in
the same order, shapes and ranges as Keras's layers draw them, so a seeded Lamina layer
makes the same draws as a seeded Keras layer; the draws are tiny (one number per image)
and are moved to the images' device, where the transform itself runs.

Calls take a batch, one image, or Keras's `{"images": ..., "labels": ...}` dict (MixUp
and CutMix mix the labels; the other layers pass them through).

Unlike a plain Keras call (whose `training` defaults to True for these layers), a plain
Lamina call is inference, like every Lamina layer: pass `training=True`, or run inside
`fit`, to augment.
"""

import torch

from .... import random as lamina_random
from ...layer import Layer
from ..checks import base_config, check_data_format, choice, is_number, real_tensor, seed, where

FILL_MODES = ("reflect", "wrap", "constant", "nearest")
INTERPOLATIONS = ("nearest", "bilinear")


class BaseImagePreprocessingLayer(Layer):
    """Base of the image layers: `data_format`, Keras's `factor` rules and the seed.

    Subclasses set `_FACTOR_BOUNDS` (or `_USE_BASE_FACTOR = False`) and implement
    `_draw(images)` (the random parameters for a 4D NHWC-or-NCHW batch; only in training)
    and `_augment(images, params)` (the transform of that batch). Layers that transform at
    inference too (Resizing, CenterCrop) override `_infer(images)`.
    """

    _USE_BASE_FACTOR = True
    _FACTOR_BOUNDS = (-1, 1)
    _KEEPS_INTEGERS = False  # Resizing returns integer images in their dtype
    _BATCH_ONLY = False  # CutMix leaves a single image alone (it mixes across a batch)

    def __init__(self, factor=None, bounding_box_format=None, data_format=None, **kwargs):
        super().__init__(**kwargs)
        if bounding_box_format is not None:
            raise ValueError(
                f"{where(self)}: bounding boxes are not supported yet; pass images only. "
                f"Received: bounding_box_format={bounding_box_format!r}"
            )
        self.data_format = check_data_format(self, data_format)
        if self._USE_BASE_FACTOR:
            self.factor = self._set_factor(factor or 0.0)
        elif factor is not None:
            raise ValueError(f"{where(self)} does not take a `factor` argument. Received: factor={factor}")

    # ----------------------------------------------------------------- arguments
    def _set_factor(self, factor, name: str = "factor"):
        low, high = self._FACTOR_BOUNDS
        message = (
            f"{where(self)}: `{name}` must be a number (or a list of two numbers) in the range "
            f"[{low}, {high}]. Received: {name}={factor!r}"
        )
        if isinstance(factor, (tuple, list)):
            if len(factor) != 2 or not all(is_number(f) for f in factor):
                raise ValueError(message)
            if factor[0] > high or factor[1] < low:
                raise ValueError(message)
            return tuple(sorted(factor))
        if not is_number(factor) or not low <= factor <= high:
            raise ValueError(message)
        factor = abs(factor)
        return max(-factor, low), factor

    def _height_width_factor(self, factor, name: str, open_low: bool):
        """Keras's zoom/translation factor: a number or pair in `[-1, 1]` (zoom: `(-1, 1]`)."""
        def valid(v):
            return is_number(v) and (-1 < v if open_low else -1 <= v) and v <= 1

        if isinstance(factor, (tuple, list)) and len(factor) == 2 and all(valid(f) for f in factor):
            return tuple(sorted(factor))
        if valid(factor):
            return -abs(factor), abs(factor)
        interval = "(-1, 1]" if open_low else "[-1, 1]"
        raise ValueError(
            f"{where(self)}: `{name}` must be a number (or a list of two numbers) in the range "
            f"{interval}. Received: {name}={factor!r}"
        )

    def _set_seed(self, value):
        self.seed = seed(self, value)
        # Not a registered submodule: the state is not a weight (Keras keeps it out of
        # `weights` too), and the draws happen on the CPU whatever the layer's device.
        self.__dict__["generator"] = lamina_random.SeedGenerator(value)

    def _set_value_range(self, value_range, sort: bool = False):
        if (
            not isinstance(value_range, (tuple, list))
            or len(value_range) != 2
            or not all(is_number(v) for v in value_range)
        ):
            raise ValueError(
                f"{where(self)}: `value_range` must be a tuple or list of two numbers. "
                f"Received: value_range={value_range!r}"
            )
        return sorted(value_range) if sort else value_range

    def _set_sampling(self, fill_mode, interpolation):
        self.fill_mode = choice(self, "fill_mode", fill_mode, FILL_MODES)
        self.interpolation = choice(self, "interpolation", interpolation, INTERPOLATIONS)

    # ----------------------------------------------------------------- calling
    def call(self, inputs, training=False):
        if isinstance(inputs, dict):  # Keras's {"images": ..., "labels": ...} inputs
            if "images" not in inputs:
                raise ValueError(f"{where(self)}: a dict input needs an 'images' key. Received keys {sorted(inputs)}")
            outputs = dict(inputs)
            outputs["images"], params = self._images(inputs["images"], training)
            if training and params is not None and "labels" in inputs:
                outputs["labels"] = self._augment_labels(real_tensor(self, inputs["labels"]), params)
            return outputs
        return self._images(inputs, training)[0]

    def _images(self, inputs, training):
        """The transformed images and the parameters drawn for them (None at inference)."""
        if self._KEEPS_INTEGERS and not inputs.is_complex() and inputs.dtype is not torch.bool:
            images = inputs
        else:
            images = real_tensor(self, inputs)
        if images.ndim not in (3, 4):
            raise ValueError(
                f"{where(self)} expects rank 3 (one image) or 4 (a batch of images) inputs. "
                f"Received: inputs.shape={tuple(images.shape)}"
            )
        single = images.ndim == 3
        batch = images.unsqueeze(0) if single else images
        params = None
        if not training or (single and self._BATCH_ONLY):
            outputs = self._infer(batch)
        else:
            params = self._draw(batch)
            outputs = self._augment(batch, params)
        return (outputs.squeeze(0) if single else outputs), params

    def _augment_labels(self, labels, params):
        return labels

    def _draw(self, images):
        return None

    def _augment(self, images, params):
        raise NotImplementedError

    def _infer(self, images):
        return images

    def _uniform(self, shape, minval, maxval, images):
        """One Keras-ordered draw from the layer's generator, moved to the images' device."""
        draw = lamina_random.uniform(shape, minval=minval, maxval=maxval, seed=self.generator)
        return draw.to(images.device)

    def _spatial_axes(self) -> tuple[int, int]:
        """(height, width) axes of a 4D batch in this layer's layout."""
        return (1, 2) if self.data_format == "channels_last" else (2, 3)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**base_config(self), "data_format": self.data_format}

