"""Integer ids to one-hot, multi-hot or count vectors (shared by CategoryEncoding and
Discretization; Keras's `numerical_utils.encode_categorical_inputs` on torch)."""

import torch
import torch.nn.functional as F

from ..reshaping._allocation import output_allocation
from .checks import where

OUTPUT_MODES = ("one_hot", "multi_hot", "count")


def encode(layer, ids: torch.Tensor, output_mode: str, depth: int, dtype, count_weights=None):
    """Keras's rules: one_hot drops a trailing axis of size 1 and adds `depth`; multi_hot
    and count reduce axis 1 of a rank-2 input (axis 0 of a rank-1 one). Negative ids
    encode as all zeros; ids `>= depth` are an error."""
    if ids.ndim == 0:
        ids = ids.reshape(1)
    if ids.numel() and int(ids.max()) >= depth:
        raise ValueError(f"{where(layer)}: input values must be in the range [0, {depth}). Received a maximum "
                         f"of {int(ids.max())} (inputs.shape={tuple(ids.shape)}).")
    if output_mode != "one_hot" and ids.ndim > 2:
        raise ValueError(f"{where(layer)}: output_mode={output_mode!r} takes rank 1 or 2 inputs. Received: "
                         f"inputs.shape={tuple(ids.shape)}")
    if output_mode == "one_hot" and ids.ndim > 1 and ids.shape[-1] == 1:
        ids = ids.squeeze(-1)
    with output_allocation(layer, (*ids.shape, depth)):
        hot = F.one_hot(ids.clamp(min=0), depth) * (ids >= 0).unsqueeze(-1)
        hot = hot.to(dtype if count_weights is None else count_weights.dtype)
        if output_mode == "one_hot":
            return hot
        axis = 1 if ids.ndim > 1 else 0
        if output_mode == "multi_hot":
            return hot.amax(dim=axis)
        if count_weights is not None:
            hot = hot * count_weights.unsqueeze(-1)
        return hot.sum(dim=axis, dtype=hot.dtype)  # torch's integer sum would widen to int64


def encoded_shape(input_shape, output_mode: str, depth: int):
    """The output shape of `encode` for `input_shape` (entries may be None)."""
    shape = tuple(input_shape)
    if not shape:
        return (depth,)
    if output_mode == "one_hot":
        return (*shape[:-1], depth) if len(shape) > 1 and shape[-1] == 1 else (*shape, depth)
    return (*shape[:-1], depth)
