"""Batch renormalization (Ioffe, 2017) as Keras implements it in BatchNormalization:
batch statistics corrected towards the moving ones by clipped factors `r` and `d`."""

import torch

_CLIPPING_KEYS = ("rmax", "rmin", "dmax")


def check_renorm_clipping(layer, renorm_clipping) -> dict:
    clipping = renorm_clipping or {}
    if not isinstance(clipping, dict) or set(clipping) - set(_CLIPPING_KEYS):
        raise ValueError(
            f"BatchNormalization '{layer.name}': received invalid keys for `renorm_clipping` argument: "
            f"{renorm_clipping!r}. Supported values: {list(_CLIPPING_KEYS)}."
        )
    rmax, rmin, dmax = (clipping.get(k) for k in _CLIPPING_KEYS)
    if rmax is not None and rmin is not None and rmax < rmin:
        raise ValueError(
            f"rmax should be greater than rmin in the `renorm_clipping` argument. Received: rmax={rmax}, rmin={rmin}."
        )
    if dmax is not None and dmax < 0:
        raise ValueError(f"dmax should be non-negative in the `renorm_clipping` argument. Received: dmax={dmax}.")
    return clipping


def sqrt_of(initializer):
    """An initializer giving the square root of another's values (moving_stddev from
    moving_variance_initializer, as Keras builds it)."""

    def init(shape, dtype=torch.float32):
        return torch.sqrt(initializer(shape, dtype=dtype))

    return init


def renorm_transform(layer, mean, variance, gamma, beta):
    """The effective (gamma, beta) for this batch, then updates the renorm and moving
    statistics with Keras's momentum rule (moving_variance from the moving stddev)."""
    eps = layer.epsilon
    stddev = torch.sqrt(variance + eps)
    renorm_stddev = torch.clamp(layer.renorm_stddev, min=eps**0.5)
    r = stddev / renorm_stddev
    d = (mean - layer.renorm_mean) / renorm_stddev
    clipping = layer.renorm_clipping or {}
    if clipping.get("rmin") is not None:
        r = torch.clamp(r, min=clipping["rmin"])
    if clipping.get("rmax") is not None:
        r = torch.clamp(r, max=clipping["rmax"])
    if clipping.get("dmax") is not None:
        d = torch.clamp(d, -clipping["dmax"], clipping["dmax"])
    r, d = r.detach(), d.detach()
    new_gamma = r if gamma is None else r * gamma
    new_beta = d if gamma is None else d * gamma
    if beta is not None:
        new_beta = new_beta + beta
    with torch.no_grad():
        keep, step = layer.renorm_momentum, 1.0 - layer.renorm_momentum
        layer.renorm_mean.copy_(layer.renorm_mean * keep + mean.detach() * step)
        layer.renorm_stddev.copy_(layer.renorm_stddev * keep + stddev.detach() * step)
        keep, step = layer.momentum, 1.0 - layer.momentum
        layer.moving_mean.copy_(layer.moving_mean * keep + mean.detach() * step)
        moving_stddev = layer.moving_stddev * keep + stddev.detach() * step
        layer.moving_stddev.copy_(moving_stddev)
        layer.moving_variance.copy_(torch.relu(moving_stddev * moving_stddev - eps))
    return new_gamma, new_beta
