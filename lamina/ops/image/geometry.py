"""Geometric transforms: affine, perspective, elastic, and `scale_and_translate`."""

import itertools
import math

import torch

from ..convert import convert_to_tensor
from ._common import batched_nhwc, check_images, data_format_of, restore
from .filters import gaussian_blur
from .sampling import ORDERS, check_fill_mode, fix_index, in_dtype_of, interpolation_nodes

__all__ = ["affine_transform", "elastic_transform", "perspective_transform",
           "scale_and_translate"]


def _check_interpolation(interpolation, op):
    if interpolation not in ORDERS:
        raise ValueError(
            f"`{op}`: `interpolation` must be one of {tuple(ORDERS)}. Received: "
            f"interpolation={interpolation!r}"
        )
    return ORDERS[interpolation]


def _sample(images, y, x, order, fill_mode, fill_value):
    """NHWC `images` at per-batch source points `y`, `x`: `(batch, H, W)` or shapes that
    broadcast to it (a batch of one, or a row and a column for separable transforms).

    The same arithmetic as `interpolate` over the four axes (corners in the same order,
    weights and masks applied the same way, so the results are identical), arranged for
    speed: each corner gathers whole pixels (rows of `channels` values) with one
    `index_select` of a flat index, the row offsets are shared by the corners of a row,
    and the flat indices are int32 when the batch is small enough.
    """
    batch, height, width, channels = images.shape
    flat = images.reshape(batch * height * width, channels)
    index_dtype = torch.int32 if batch * height * width < 2**31 else torch.int64
    base = (torch.arange(batch, device=images.device, dtype=index_dtype) * (height * width)).view(-1, 1, 1)

    def nodes(coordinate, size, scale):
        picked = []
        for index, weight in interpolation_nodes(coordinate, order):
            ok = (index >= 0) & (index < size) if fill_mode == "constant" else None
            fixed = fix_index(index, size, fill_mode).to(index_dtype)
            picked.append((fixed if scale is None else base + fixed * scale, ok, weight))
        return picked

    total = None
    for (row, row_ok, row_w), (col, col_ok, col_w) in itertools.product(nodes(y, height, width),
                                                                        nodes(x, width, None)):
        index = row + col
        picked = flat.index_select(0, index.reshape(-1)).view(*index.shape, channels)
        if row_ok is not None:
            picked = torch.where((row_ok & col_ok).unsqueeze(-1), picked, fill_value)
        if row_w is not None:  # in place: the gathered corner is a fresh tensor
            picked = picked.mul_((row_w * col_w).unsqueeze(-1)) if picked.dtype == row_w.dtype \
                else (row_w * col_w).unsqueeze(-1) * picked
        total = picked if total is None else total.add_(picked)
    return in_dtype_of(total, images)


def _separable(transform) -> bool:
    """Whether every transform only scales and shifts (zoom, translation, flip): no shear,
    rotation or projective terms. Checked on the CPU only, outside compiled graphs (reading
    the values would wait for an accelerator or break the graph)."""
    if transform.device.type != "cpu" or torch.compiler.is_compiling():
        return False
    return not bool(transform[:, [1, 3, 6, 7]].any())


def _grid(height, width, dtype, device):
    ys = torch.arange(height, dtype=dtype, device=device).view(1, -1, 1)
    xs = torch.arange(width, dtype=dtype, device=device).view(1, 1, -1)
    return ys, xs


def affine_transform(
    images,
    transform,
    interpolation="bilinear",
    fill_mode="constant",
    fill_value=0,
    data_format=None,
) -> torch.Tensor:
    """Samples each output pixel `(x, y)` at `((a0 x + a1 y + a2) / k, (b0 x + b1 y + b2) / k)`.

    `transform` is `[a0, a1, a2, b0, b1, b2, c0, c1]` (or a batch of them) with
    `k = c0 x + c1 y + 1`, mapping output points to input points.
    """
    op = "affine_transform"
    data_format = data_format_of(data_format, op)
    order = _check_interpolation(interpolation, op)
    check_fill_mode(fill_mode, op)
    images = convert_to_tensor(images)
    transform = convert_to_tensor(transform, device=images.device)
    check_images(images, op)
    if transform.ndim not in (1, 2) or transform.shape[-1] != 8:
        raise ValueError(
            f"`{op}`: `transform` must be (8,) or (batch, 8). Received: "
            f"transform.shape={tuple(transform.shape)}"
        )
    x, single = batched_nhwc(images, data_format)
    t = transform.reshape(-1, 8)
    if not t.is_floating_point():
        t = t.float()
    ys, xs = _grid(x.shape[1], x.shape[2], t.dtype, t.device)
    a0, a1, a2, b0, b1, b2, c0, c1 = (t[:, i].view(-1, 1, 1) for i in range(8))
    if _separable(t):
        # Source columns depend on x alone and rows on y alone (the cross terms are zero,
        # so leaving them out changes no value): index arithmetic on a row and a column.
        src_x = (a0 * xs + a1 * ys[:, :1] + a2) / (c0 * xs + c1 * ys[:, :1] + 1)
        src_y = (b0 * xs[..., :1] + b1 * ys + b2) / (c0 * xs[..., :1] + c1 * ys + 1)
    else:
        k = c0 * xs + c1 * ys + 1
        src_x, src_y = (a0 * xs + a1 * ys + a2) / k, (b0 * xs + b1 * ys + b2) / k
    out = _sample(x, src_y, src_x, order, fill_mode, fill_value)
    return restore(out, data_format, single)


def _homography(start, end):
    """The 8 coefficients mapping `end` points to `start` points (solve an 8x8 system)."""
    rows, target = [], []
    for i in range(4):
        sx, sy, ex, ey = start[:, i, 0], start[:, i, 1], end[:, i, 0], end[:, i, 1]
        one, zero = torch.ones_like(ex), torch.zeros_like(ex)
        rows.append(torch.stack([ex, ey, one, zero, zero, zero, -sx * ex, -sx * ey], -1))
        rows.append(torch.stack([zero, zero, zero, ex, ey, one, -sy * ex, -sy * ey], -1))
        target += [sx, sy]
    system = torch.stack(rows, dim=1)
    compute = torch.float64 if system.dtype == torch.float64 else torch.float32
    solution = torch.linalg.solve(system.to(compute), torch.stack(target, -1).to(compute))
    return solution.to(start.dtype)


def perspective_transform(
    images,
    start_points,
    end_points,
    interpolation="bilinear",
    fill_value=0,
    data_format=None,
) -> torch.Tensor:
    """Warps images so the 4 `start_points` `(x, y)` move to `end_points` (per image or batch)."""
    op = "perspective_transform"
    data_format = data_format_of(data_format, op)
    order = _check_interpolation(interpolation, op)
    images = convert_to_tensor(images)
    check_images(images, op)
    dtype = images.dtype if images.is_floating_point() else torch.float32
    start = convert_to_tensor(start_points, dtype, device=images.device)
    end = convert_to_tensor(end_points, dtype, device=images.device)
    for name, points in (("start_points", start), ("end_points", end)):
        if points.ndim not in (2, 3) or tuple(points.shape[-2:]) != (4, 2):
            raise ValueError(
                f"`{op}`: `{name}` must be (4, 2) or (batch, 4, 2). Received shape "
                f"{tuple(points.shape)}"
            )
    if start.shape != end.shape:
        raise ValueError(
            f"`{op}`: start_points and end_points must have the same shape. Received "
            f"{tuple(start.shape)} and {tuple(end.shape)}"
        )
    x, single = batched_nhwc(images, data_format)
    coeffs = _homography(start.reshape(-1, 4, 2), end.reshape(-1, 4, 2))
    coeffs = coeffs.expand(x.shape[0], -1) if coeffs.shape[0] == 1 else coeffs
    ys, xs = _grid(x.shape[1], x.shape[2], dtype, images.device)
    a0, a1, a2, a3, a4, a5, a6, a7 = (coeffs[:, i].view(-1, 1, 1) for i in range(8))
    denom = a6 * xs + a7 * ys + 1.0
    src_x, src_y = (a0 * xs + a1 * ys + a2) / denom, (a3 * xs + a4 * ys + a5) / denom
    out = _sample(x, src_y, src_x, order, "constant", fill_value)
    return restore(out, data_format, single)


def elastic_transform(
    images,
    alpha=20.0,
    sigma=5.0,
    interpolation="bilinear",
    fill_mode="reflect",
    fill_value=0.0,
    seed=None,
    data_format=None,
) -> torch.Tensor:
    """Displaces pixels by Gaussian-smoothed random fields scaled by `alpha` (`sigma` smooths).

    The same displacement field applies to every channel of an image. Unlike Keras on torch
    (which ignores `seed` there), an int `seed` or a `SeedGenerator` makes it reproducible.
    """
    from ...random.random import normal  # same floor; imported late to avoid a cycle

    op = "elastic_transform"
    data_format = data_format_of(data_format, op)
    order = _check_interpolation(interpolation, op)
    check_fill_mode(fill_mode, op)
    images = convert_to_tensor(images)
    check_images(images, op)
    x, single = batched_nhwc(images, data_format)
    batch, height, width, _ = x.shape
    dtype = x.dtype if x.is_floating_point() else torch.float32
    size = int(6 * sigma) | 1
    noise = normal((2, batch, height, width, 1), dtype=dtype, seed=seed).to(x.device) * sigma
    fields = [gaussian_blur(n, (size, size), (sigma, sigma), "channels_last")[..., 0]
              for n in noise]
    ys, xs = _grid(height, width, dtype, x.device)
    out = _sample(x, ys + alpha * fields[1], xs + alpha * fields[0], order, fill_mode,
                  fill_value)
    return restore(out, data_format, single)


def _triangle(x):
    return torch.clamp(1 - x.abs(), min=0)


def _keys_cubic(x):
    x = x.abs()
    near = ((1.5 * x - 2.5) * x) * x + 1.0
    far = ((-0.5 * x + 2.5) * x - 4.0) * x + 2.0
    return torch.where(x >= 2.0, 0.0, torch.where(x >= 1.0, far, near))


def _lanczos(radius):
    def kernel(x):
        x = x.abs()
        y = radius * torch.sin(math.pi * x) * torch.sin(math.pi * x / radius)
        out = torch.where(x > 1e-3, y / torch.where(x != 0, math.pi**2 * x**2, 1.0), 1.0)
        return torch.where(x > radius, 0.0, out)

    return kernel


_KERNELS = {"linear": _triangle, "bilinear": _triangle, "trilinear": _triangle,
            "cubic": _keys_cubic, "bicubic": _keys_cubic, "tricubic": _keys_cubic,
            "lanczos3": _lanczos(3.0), "lanczos5": _lanczos(5.0)}


def _weights(in_size, out_size, scale, shift, kernel, antialias, dtype):
    """`(in_size, out_size)` resampling weights, as jax.image.scale_and_translate builds them."""
    inv = 1.0 / scale
    kernel_scale = torch.clamp(inv, min=1.0) if antialias else 1.0
    sample = (torch.arange(out_size, dtype=dtype, device=scale.device) + 0.5) * inv - shift * inv
    sample = sample - 0.5
    grid = torch.arange(in_size, dtype=dtype, device=scale.device)[:, None]
    weights = kernel((sample[None, :] - grid).abs() / kernel_scale)
    total = weights.sum(dim=0, keepdim=True)
    weights = torch.where(total.abs() > 1000.0 * torch.finfo(torch.float32).eps,
                          weights / torch.where(total != 0, total, 1.0), 0.0)
    inside = (sample >= -0.5) & (sample <= in_size - 0.5)
    return torch.where(inside[None, :], weights, 0.0)


def scale_and_translate(
    images, output_shape, scale, translation, spatial_dims, method, antialias=True
) -> torch.Tensor:
    """Resamples `spatial_dims` of `images` to `output_shape` with `scale` and `translation`.

    `method` is "linear"/"bilinear"/"trilinear", "cubic"/"bicubic"/"tricubic", "lanczos3" or
    "lanczos5"; with `antialias` the kernel widens when downsampling.
    """
    if method not in _KERNELS:
        raise ValueError(
            f"`scale_and_translate`: `method` must be one of {tuple(_KERNELS)}. Received: "
            f"method={method!r}"
        )
    x = convert_to_tensor(images)
    scale = convert_to_tensor(scale, device=x.device)
    translation = convert_to_tensor(translation, device=x.device)
    dtype = torch.promote_types(scale.dtype, translation.dtype)
    if not dtype.is_floating_point:
        dtype = torch.float32
    scale, translation = scale.to(dtype), translation.to(dtype)
    out = x.float() if not x.is_floating_point() else x
    for i, axis in enumerate(spatial_dims):
        axis = axis % x.ndim
        w = _weights(x.shape[axis], output_shape[axis], scale[i], translation[i],
                     _KERNELS[method], antialias, dtype).to(out.dtype)
        out = torch.tensordot(out, w, dims=([axis], [0])).movedim(-1, axis)
    if not x.is_floating_point():
        out = torch.clamp(torch.round(out), x.min(), x.max()).to(x.dtype)
    return out
