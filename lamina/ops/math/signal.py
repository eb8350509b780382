"""Fourier transforms and framing of `keras.ops` (math family).

Keras passes complex values as `(real, imag)` pairs of float tensors; these ops take and
return such pairs, except `view_as_complex` / `view_as_real`, which convert between them.
"""

import math

import torch
import torch.nn.functional as F

from ..convert import convert_to_tensor, tensors

__all__ = [
    "extract_sequences", "fft", "fft2", "ifft2", "irfft", "istft", "rfft", "stft",
    "view_as_complex", "view_as_real",
]  # fmt: skip


def _complex(x, op, min_rank=1) -> torch.Tensor:
    if not isinstance(x, (tuple, list)) or len(x) != 2:
        raise ValueError(
            f"`{op}`: input `x` must be a tuple of two tensors (real, imag). Received: x={x!r}"
        )
    real, imag = tensors(*x)
    if real.shape != imag.shape:
        raise ValueError(
            f"`{op}`: the real and imaginary parts must have the same shape. Received: "
            f"x[0].shape={tuple(real.shape)}, x[1].shape={tuple(imag.shape)}"
        )
    if not (real.is_floating_point() and imag.is_floating_point()):
        raise ValueError(
            f"`{op}`: the real and imaginary parts must be float tensors. Received: "
            f"{real.dtype}, {imag.dtype}"
        )
    if real.ndim < min_rank:
        raise ValueError(
            f"`{op}`: the input must have rank >= {min_rank}. Received shape {tuple(real.shape)}"
        )
    return torch.complex(real, imag)


def fft(x):
    """The 1D FFT along the last axis of a `(real, imag)` pair."""
    out = torch.fft.fft(_complex(x, "fft"))
    return out.real, out.imag


def fft2(x):
    """The 2D FFT over the last two axes of a `(real, imag)` pair."""
    out = torch.fft.fft2(_complex(x, "fft2", 2))
    return out.real, out.imag


def ifft2(x):
    """The inverse 2D FFT over the last two axes of a `(real, imag)` pair."""
    out = torch.fft.ifft2(_complex(x, "ifft2", 2))
    return out.real, out.imag


def rfft(x, fft_length=None):
    """The FFT of a real signal along the last axis: `fft_length // 2 + 1` bins as a pair."""
    out = torch.fft.rfft(convert_to_tensor(x), n=fft_length, dim=-1)
    return out.real, out.imag


def irfft(x, fft_length=None) -> torch.Tensor:
    """The inverse of `rfft`: a real signal of `fft_length` samples from a `(real, imag)` pair."""
    return torch.fft.irfft(_complex(x, "irfft"), n=fft_length, dim=-1)


def extract_sequences(x, sequence_length, sequence_stride) -> torch.Tensor:
    """Frames of `sequence_length` samples every `sequence_stride` along the last axis (a view)."""
    x = convert_to_tensor(x)
    if x.ndim < 1:
        raise ValueError("`extract_sequences`: the input must have rank >= 1.")
    return x.unfold(-1, sequence_length, sequence_stride)


def _window(window, length, dtype, device, op):
    if window is None:
        return None
    if isinstance(window, str):
        if window not in ("hann", "hamming"):
            raise ValueError(
                f"`{op}`: a string `window` must be 'hann' or 'hamming'. Received: {window!r}"
            )
        make = torch.hann_window if window == "hann" else torch.hamming_window
        return make(length, periodic=True, dtype=dtype, device=device)
    win = convert_to_tensor(window, dtype, device=device)
    if win.shape != (length,):
        raise ValueError(
            f"`{op}`: `window` must have shape (sequence_length,) = ({length},). Received: "
            f"window.shape={tuple(win.shape)}"
        )
    return win


def _check_stride(sequence_stride, op):
    if not isinstance(sequence_stride, int) or sequence_stride <= 0:
        raise ValueError(
            f"`{op}`: `sequence_stride` must be a positive integer. Received: {sequence_stride!r}"
        )


def stft(x, sequence_length, sequence_stride, fft_length, window="hann", center=True):
    """Short-time Fourier transform of real `(..., samples)`: a pair `(..., frames, bins)`."""
    _check_stride(sequence_stride, "stft")
    x = convert_to_tensor(x)
    if x.dtype not in (torch.float32, torch.float64):
        raise TypeError(f"`stft`: `x` must be float32 or float64. Received: {x.dtype}")
    if fft_length < sequence_length:
        raise ValueError(
            f"`stft`: `fft_length` must be >= `sequence_length`. Received: "
            f"sequence_length={sequence_length}, fft_length={fft_length}"
        )
    win = _window(window, sequence_length, x.dtype, x.device, "stft")
    if win is None:
        win = torch.ones(sequence_length, dtype=x.dtype, device=x.device)
    batch = x.shape[:-1]
    out = torch.stft(x.reshape(-1, x.shape[-1]), n_fft=fft_length, hop_length=sequence_stride,
                     win_length=sequence_length, window=win, center=center, return_complex=True)
    out = out.reshape(*batch, *out.shape[-2:]).transpose(-2, -1)
    return out.real, out.imag


def _overlap_add(frames, stride):
    """Sums `(..., n, length)` frames placed `stride` apart into one signal."""
    *batch, n, length = frames.shape
    total = stride * (n - 1) + length
    cols = frames.reshape(-1, n, length).transpose(1, 2)  # (B, length, n) blocks for fold
    out = F.fold(cols, (1, total), (1, length), stride=(1, stride))
    return out.reshape(*batch, total)


def istft(
    x,
    sequence_length,
    sequence_stride,
    fft_length,
    length=None,
    window="hann",
    center=True,
) -> torch.Tensor:
    """The inverse of `stft` from a `(real, imag)` pair `(..., frames, bins)`."""
    _check_stride(sequence_stride, "istft")
    spectrum = _complex(x, "istft", 2)
    dtype, device = spectrum.real.dtype, spectrum.device
    win = _window(window, sequence_length, dtype, device, "istft")
    if sequence_length == fft_length and center and win is not None:
        batch = spectrum.shape[:-2]
        flat = spectrum.reshape(-1, *spectrum.shape[-2:]).transpose(-2, -1)
        out = torch.istft(flat, n_fft=fft_length, hop_length=sequence_stride,
                          win_length=sequence_length, window=win, center=True, length=length)
        return out.reshape(*batch, out.shape[-1])
    # The general case as TF's inverse_stft: irfft, a window normalized by the overlapping
    # squared windows, then overlap-add.
    frames = torch.fft.irfft(spectrum, n=fft_length, dim=-1)
    expected = fft_length + sequence_stride * (frames.shape[-2] - 1)
    if win is not None:
        left = (fft_length - sequence_length) // 2
        win = F.pad(win, (left, fft_length - sequence_length - left))
        overlaps = math.ceil(fft_length / sequence_stride)
        squares = F.pad(win * win, (0, overlaps * sequence_stride - fft_length))
        denom = squares.reshape(overlaps, sequence_stride).sum(0).repeat(overlaps)
        frames = frames * (win / denom[:fft_length])
    signal = _overlap_add(frames, sequence_stride)
    start = fft_length // 2 if center else 0
    if length is not None:
        end = start + length
    elif center:
        end = -(fft_length // 2)
    else:
        end = expected
    return signal[..., start:end]


def view_as_complex(x) -> torch.Tensor:
    """A complex64 tensor from `(..., 2)` real/imaginary pairs."""
    x = convert_to_tensor(x)
    if x.ndim < 1 or x.shape[-1] != 2:
        raise ValueError(
            "`view_as_complex`: the last axis must have size 2 (real, imag). Received: "
            f"x.shape={tuple(x.shape)}"
        )
    return torch.complex(x[..., 0].to(torch.float32), x[..., 1].to(torch.float32))


def view_as_real(x) -> torch.Tensor:
    """`(..., 2)` real/imaginary pairs from a complex tensor."""
    x = convert_to_tensor(x)
    if not x.is_complex():
        return torch.stack((x, torch.zeros_like(x)), dim=-1)
    return torch.stack((x.real, x.imag), dim=-1)
