"""Argument and input checks shared by the preprocessing layers; every error names the layer."""

import math

import torch

from ... import config
from ..layer import Layer


def where(layer) -> str:
    return f"{type(layer).__name__} layer '{layer.name}'"


def is_number(value) -> bool:
    """A finite int or float (bools are not numbers here)."""
    return not isinstance(value, bool) and isinstance(value, (int, float)) and math.isfinite(value)


def positive_int(layer, name: str, value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{where(layer)}: `{name}` must be a positive integer. Received: {name}={value!r}")
    return value


def number(layer, name: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"{where(layer)}: `{name}` must be a finite number. Received: {name}={value!r}")
    return value


def seed(layer, value):
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise TypeError(f"{where(layer)}: `seed` must be an int or None. Received: seed={value!r}")
    return value


def choice(layer, name: str, value, allowed):
    if not isinstance(value, str) or value not in allowed:
        raise ValueError(f"{where(layer)}: `{name}` must be one of {tuple(allowed)}. Received: {name}={value!r}")
    return value


def check_data_format(layer, value) -> str:
    if value is not None and value not in ("channels_last", "channels_first"):
        raise ValueError(
            f"{where(layer)}: `data_format` must be 'channels_last' or 'channels_first'. "
            f"Received: data_format={value!r}"
        )
    return config.standardize_data_format(value)


def real_tensor(layer, inputs: torch.Tensor) -> torch.Tensor:
    """Keras computes in the layer's float dtype: integer and bool inputs are cast to it."""
    if inputs.is_complex():
        raise TypeError(f"{where(layer)} takes real inputs. Received a {inputs.dtype} tensor.")
    if not inputs.is_floating_point():
        inputs = inputs.to(layer._torch_dtype)
    return inputs



def base_config(layer) -> dict:
    """The base layer's keys only (`name`, `trainable`, `dtype`), for layers whose
    `get_config` lists each of their own arguments, normalized, as Keras's does."""
    config = Layer.get_config(layer)
    return {key: config[key] for key in ("name", "trainable", "dtype") if key in config}
