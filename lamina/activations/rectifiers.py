"""The ReLU family: piecewise-linear units and their exponential variants.

Each function follows Keras's torch backend (`keras/src/activations/activations.py` and
`keras/src/backend/torch/nn.py`) operation for operation, so results agree bit for bit.
"""

import torch
import torch.nn.functional as F

from .conversion import takes_arrays


@takes_arrays
def relu(x, negative_slope=0.0, max_value=None, threshold=0.0):
    """`max(x, 0)`; optionally a slope below `threshold` and a cap at `max_value`."""
    if negative_slope != 0.0:
        if max_value is None and threshold == 0:
            return F.leaky_relu(x, negative_slope)
        negative_part = F.relu(-x + threshold) if threshold != 0 else F.relu(-x)
    clip_max = max_value is not None
    if threshold != 0:
        # Keras keeps values strictly above the threshold.
        x = torch.where(x > threshold, x, torch.zeros((), dtype=x.dtype, device=x.device))
    elif max_value == 6:
        x = F.relu6(x)
        clip_max = False
    else:
        x = F.relu(x)
    if clip_max:
        x = x.clamp(0.0, max_value)
    if negative_slope != 0.0:
        x = x - negative_slope * negative_part
    return x


@takes_arrays
def relu6(x):
    """`min(max(x, 0), 6)`."""
    return F.relu6(x)


@takes_arrays
def leaky_relu(x, negative_slope=0.2):
    """`x` for `x >= 0`, `negative_slope * x` below."""
    return F.leaky_relu(x, negative_slope)


@takes_arrays
def elu(x, alpha=1.0):
    """`x` for `x > 0`, `alpha * (exp(x) - 1)` below."""
    return F.elu(x, alpha)


@takes_arrays
def selu(x):
    """`scale * elu(x, alpha)` with SELU's fixed `alpha` and `scale`."""
    return F.selu(x)


@takes_arrays
def celu(x, alpha=1.0):
    """`x` for `x >= 0`, `alpha * (exp(x / alpha) - 1)` below."""
    return F.celu(x, alpha)


@takes_arrays
def threshold(x, threshold, default_value):
    """`x` where `x > threshold`, `default_value` elsewhere."""
    return F.threshold(x, threshold, default_value)
