"""Smooth and piecewise activations applied element by element.

Each function follows Keras's torch backend (`keras/src/backend/torch/nn.py`) operation
for operation, so results agree with Keras bit for bit.
"""

import torch
import torch.nn.functional as F

from .conversion import takes_arrays


def linear(x):
    """The identity."""
    return x


@takes_arrays
def exponential(x):
    """`exp(x)`."""
    return torch.exp(x)


@takes_arrays
def sigmoid(x):
    """`1 / (1 + exp(-x))`."""
    return torch.sigmoid(x)


@takes_arrays
def log_sigmoid(x):
    """`log(sigmoid(x))`, computed stably."""
    return F.logsigmoid(x)


@takes_arrays
def hard_sigmoid(x):
    """`0` below -3, `1` above 3, `x / 6 + 0.5` between."""
    return F.hardsigmoid(x)


@takes_arrays
def sparse_sigmoid(x):
    """`0` for `x <= -1`, `1` for `x >= 1`, `(x + 1) / 2` between."""
    zero = torch.zeros((), dtype=x.dtype, device=x.device)
    one = torch.ones((), dtype=x.dtype, device=x.device)
    return torch.where(x <= -1, zero, torch.where(x >= 1, one, 0.5 * (x + 1)))


@takes_arrays
def tanh(x):
    """The hyperbolic tangent."""
    return torch.tanh(x)


@takes_arrays
def hard_tanh(x):
    """`x` clipped to `[-1, 1]`."""
    return F.hardtanh(x, -1.0, 1.0)


@takes_arrays
def tanh_shrink(x):
    """`x - tanh(x)`."""
    return F.tanhshrink(x)


@takes_arrays
def softplus(x):
    """`log(exp(x) + 1)`."""
    return F.softplus(x)


@takes_arrays
def softsign(x):
    """`x / (abs(x) + 1)`."""
    return F.softsign(x)


@takes_arrays
def squareplus(x, b=4):
    """`(x + sqrt(x**2 + b)) / 2`."""
    return (x + torch.sqrt(x**2 + b)) / 2


@takes_arrays
def sparse_plus(x):
    """`0` for `x <= -1`, `x` for `x >= 1`, `(x + 1)**2 / 4` between."""
    return torch.where(x <= -1, torch.zeros_like(x), torch.where(x < 1, (1 / 4) * (x + 1) ** 2, x))


@takes_arrays
def silu(x):
    """`x * sigmoid(x)`, also called swish."""
    return F.silu(x)


@takes_arrays
def hard_silu(x):
    """`x * hard_sigmoid(x)`, also called hard swish."""
    return F.hardswish(x)


@takes_arrays
def gelu(x, approximate=False):
    """`x * P(X <= x)` for a standard normal `X`; `approximate` uses the tanh formula."""
    return F.gelu(x, approximate="tanh" if approximate else "none")


@takes_arrays
def mish(x):
    """`x * tanh(softplus(x))`, written out as Keras writes it (not `F.mish`)."""
    return x * torch.tanh(F.softplus(x))


@takes_arrays
def hard_shrink(x, threshold=0.5):
    """`x` where `|x| > threshold`, `0` elsewhere."""
    return F.hardshrink(x, threshold)


@takes_arrays
def soft_shrink(x, threshold=0.5):
    """`x` moved `threshold` towards 0, and `0` within `[-threshold, threshold]`."""
    return F.softshrink(x, threshold)
