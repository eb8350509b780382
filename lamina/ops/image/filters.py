"""Image filters: Gaussian blur, Sobel edges and the SSIM similarity index."""

import torch
import torch.nn.functional as F

from ..convert import convert_to_tensor, tensors
from ._common import batched_nhwc, check_images, data_format_of, restore

__all__ = ["gaussian_blur", "sobel_edges", "ssim"]


def _gaussian_1d(size, sigma, dtype, device):
    x = torch.arange(size, dtype=dtype, device=device) - (size - 1) / 2
    kernel = torch.exp(-0.5 * (x / sigma) ** 2)
    return kernel / kernel.sum()


def _depthwise(x_nchw, kernel):
    """Per-channel 2D convolution of NCHW `x` with one `(kh, kw)` kernel, "same" size."""
    channels = x_nchw.shape[1]
    kh, kw = kernel.shape
    weight = kernel.expand(channels, 1, kh, kw)
    return F.conv2d(x_nchw, weight, padding=(kh // 2, kw // 2), groups=channels)


def gaussian_blur(images, kernel_size=(3, 3), sigma=(1.0, 1.0), data_format=None):
    """Blurs each channel with a Gaussian kernel (zero padding keeps the image size).

    As in Keras, the kernel is `outer(g(kernel_size[1], sigma[1]), g(kernel_size[0], sigma[0]))`
    over (height, width): the first entries of `kernel_size` and `sigma` act along the width.
    """
    op = "gaussian_blur"
    data_format = data_format_of(data_format, op)
    images = convert_to_tensor(images)
    check_images(images, op)
    if not images.is_floating_point():
        raise ValueError(f"`{op}`: expected float images. Received: images.dtype={images.dtype}")
    kernel_size = tuple(int(k) for k in kernel_size)
    sigma = tuple(float(s) for s in sigma)
    x, single = batched_nhwc(images, data_format)
    kernel = torch.outer(_gaussian_1d(kernel_size[1], sigma[1], x.dtype, x.device),
                         _gaussian_1d(kernel_size[0], sigma[0], x.dtype, x.device))
    out = _depthwise(x.permute(0, 3, 1, 2), kernel).permute(0, 2, 3, 1)
    return restore(out, data_format, single)


def sobel_edges(images, data_format=None) -> torch.Tensor:
    """Sobel gradients of 4D images as `(..., 2)`: `[..., 0]` along y, `[..., 1]` along x."""
    op = "sobel_edges"
    data_format = data_format_of(data_format, op)
    images = convert_to_tensor(images)
    if images.ndim != 4:
        raise ValueError(f"`{op}` expects 4D images. Received: images.shape={tuple(images.shape)}")
    x = images.permute(0, 3, 1, 2) if data_format == "channels_last" else images
    sobel_x = torch.tensor([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=x.dtype, device=x.device)
    edges = torch.stack([_depthwise(x, sobel_x.T), _depthwise(x, sobel_x)], dim=-1)
    return edges.permute(0, 2, 3, 1, 4) if data_format == "channels_last" else edges


def ssim(
    image1,
    image2,
    max_val=1.0,
    filter_size=11,
    filter_sigma=1.5,
    k1=0.01,
    k2=0.03,
    data_format=None,
) -> torch.Tensor:
    """Structural similarity per image (mean over pixels and channels), Gaussian-weighted."""
    op = "ssim"
    data_format = data_format_of(data_format, op)
    image1, image2 = tensors(image1, image2)
    check_images(image1, op, "image1")
    check_images(image2, op, "image2")
    original = image1.dtype
    compute = original if image1.is_floating_point() else torch.float32
    a, single = batched_nhwc(image1.to(compute), data_format)
    b, _ = batched_nhwc(image2.to(compute), data_format)
    g = _gaussian_1d(filter_size, filter_sigma, compute, a.device)
    weight = torch.outer(g, g).view(1, 1, filter_size, filter_size)

    def blur(t):  # "valid" Gaussian mean of each channel, channels folded into the batch
        flat = t.permute(0, 3, 1, 2).reshape(-1, 1, *t.shape[1:3])
        return F.conv2d(flat, weight)

    mu1, mu2 = blur(a), blur(b)
    var1, var2, cov = blur(a * a) - mu1 * mu1, blur(b * b) - mu2 * mu2, blur(a * b) - mu1 * mu2
    c1, c2 = (k1 * max_val) ** 2, (k2 * max_val) ** 2
    score = ((2 * mu1 * mu2 + c1) * (2 * cov + c2)) / ((mu1**2 + mu2**2 + c1) * (var1 + var2 + c2))
    out = score.mean(dim=(1, 2, 3)).reshape(a.shape[0], a.shape[3]).mean(dim=-1)
    return (out.squeeze(0) if single else out).to(original)
