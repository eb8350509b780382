"""`keras.ops.rearrange`: einops-style axis rearrangement (`"b (h w) c -> b h w c"`)."""

import math
import re

import torch

from .convert import convert_to_tensor

__all__ = ["rearrange"]

_TOKEN = re.compile(r"\w+|\([^)]*\)")


def _groups(side: str) -> list[list[str]]:
    return [t[1:-1].split() if t.startswith("(") else [t] for t in _TOKEN.findall(side)]


def rearrange(tensor, pattern: str, **axes_lengths) -> torch.Tensor:
    """Reshapes and transposes `tensor` as `pattern` says: named axes, `(a b)` groups split or
    merged; the sizes of split axes come from `axes_lengths` (one per group may be inferred).

    >>> rearrange(torch.zeros(2, 6, 3), "b (h w) c -> b c h w", h=2).shape
    torch.Size([2, 3, 2, 3])
    """
    x = tensor if isinstance(tensor, torch.Tensor) else convert_to_tensor(tensor)
    if pattern.count("->") != 1:
        raise ValueError(f"rearrange: the pattern needs one '->'. Received: pattern={pattern!r}")
    source, target = (_groups(side) for side in pattern.split("->"))
    if len(source) != x.ndim:
        raise ValueError(
            f"rearrange: the pattern's input side {pattern.split('->')[0].strip()!r} names "
            f"{len(source)} axes, but the input has shape {tuple(x.shape)}."
        )
    names_in = [n for group in source for n in group]
    names_out = [n for group in target for n in group]
    if sorted(names_in) != sorted(names_out) or len(set(names_in)) != len(names_in):
        raise ValueError(
            f"rearrange: both sides must name the same axes once each; got {names_in} -> "
            f"{names_out} in pattern {pattern!r}."
        )
    sizes = {}
    for group, dim in zip(source, x.shape):
        unknown = [n for n in group if n not in axes_lengths]
        known = math.prod(int(axes_lengths[n]) for n in group if n in axes_lengths)
        if len(unknown) > 1:
            raise ValueError(f"rearrange: give the sizes of all but one axis of {group}.")
        for n in group:
            sizes[n] = int(axes_lengths[n]) if n in axes_lengths else dim // known
        if math.prod(sizes[n] for n in group) != dim:
            raise ValueError(
                f"rearrange: axes {group} of sizes {[sizes[n] for n in group]} do not make "
                f"the input axis of size {dim}."
            )
    x = x.reshape([sizes[n] for n in names_in])
    x = x.permute([names_in.index(n) for n in names_out])
    return x.reshape([math.prod(sizes[n] for n in group) for group in target])
