"""Initializers whose values are fixed: zeros, ones, a constant, the identity and the STFT
kernel."""

import torch

from .initializer import Initializer, _torch_dtype


class Zeros(Initializer):
    """All zeros."""

    def __call__(self, shape, dtype=torch.float32):
        return torch.zeros(shape, dtype=_torch_dtype(dtype))


class Ones(Initializer):
    """All ones."""

    def __call__(self, shape, dtype=torch.float32):
        return torch.ones(shape, dtype=_torch_dtype(dtype))


class Identity(Initializer):
    """`gain` times the identity matrix, for 2D shapes (not square ones too).

    Args:
        gain: The diagonal value. Defaults to `1.0`. As in Keras, it is not written into
            the config.
    """

    def __init__(self, gain=1.0):
        self.gain = gain

    def __call__(self, shape, dtype=torch.float32):
        if len(shape) != 2:
            raise ValueError(
                "Identity matrix initializer can only be used for 2D matrices. "
                f"Received: shape={tuple(shape)} of rank {len(shape)}."
            )
        return self.gain * torch.eye(*shape, dtype=_torch_dtype(dtype))


class Constant(Initializer):
    """Every entry set to `value` (a scalar, or anything that broadcasts to the shape)."""

    def __init__(self, value=0.0):
        self.value = value

    def __call__(self, shape, dtype=torch.float32):
        dtype = _torch_dtype(dtype)
        return torch.as_tensor(self.value, dtype=dtype) * torch.ones(shape, dtype=dtype)

    def get_config(self):
        return {"value": self.value}


_TORCH_WINDOWS = {
    "hann": torch.hann_window, "hanning": torch.hann_window, "hamming": torch.hamming_window,
    "blackman": torch.blackman_window, "bartlett": torch.bartlett_window,
}


def _window(window, length, periodic, dtype):
    """A window as `scipy.signal.get_window(window, length, fftbins=periodic)` gives it."""
    if not isinstance(window, str):
        return torch.as_tensor(window, dtype=dtype)
    if window in ("boxcar", "box", "ones", "rect", "rectangular"):
        return torch.ones(length, dtype=dtype)
    if window in _TORCH_WINDOWS:
        return _TORCH_WINDOWS[window](length, periodic=periodic, dtype=torch.float64).to(dtype)
    try:
        from scipy import signal  # optional: only for windows torch lacks
    except ImportError:
        raise ValueError(
            f"STFT window {window!r} needs scipy (`pip install scipy`); without it use one of "
            f"{sorted(_TORCH_WINDOWS)} or 'boxcar', or pass the window as an array."
        ) from None
    return torch.as_tensor(signal.get_window(window, length, fftbins=periodic), dtype=dtype)


class STFT(Initializer):
    """The real or imaginary part of a (windowed) DFT kernel `(frame_length, channels,
    fft_bins)`, for a convolution that computes a short-time Fourier transform.

    Args:
        side: `"real"` (cosines, the default) or `"imag"` (sines).
        window: A window name (`"hann"`, the default; `"hamming"`, `"blackman"`,
            `"bartlett"`, `"boxcar"`; others through scipy), an array of `frame_length`
            values, or `None` for no window.
        scaling: `"density"` (the default: divide by the window's L2 norm), `"spectrum"`
            (by its sum) or `None`.
        periodic: Whether the window is periodic (for spectral analysis) rather than
            symmetric. Defaults to `False`.
    """

    def __init__(self, side="real", window="hann", scaling="density", periodic=False):
        if side not in ("real", "imag"):
            raise ValueError(f"STFT `side` must be 'real' or 'imag'. Received: side={side!r}")
        if scaling is not None and scaling not in ("density", "spectrum"):
            raise ValueError(
                "STFT `scaling` must be `None`, 'density' or 'spectrum'. "
                f"Received: scaling={scaling!r}"
            )
        if isinstance(window, str):
            _window(window, 1, periodic, torch.float32)  # an unknown name fails here
        self.side, self.window, self.scaling, self.periodic = side, window, scaling, periodic

    def __call__(self, shape, dtype=torch.float32):
        dtype = _torch_dtype(dtype)
        if len(shape) != 3:
            raise ValueError(
                "STFT initializes kernels of shape `(frame_length, input_channels, fft_length)`. "
                f"Received: shape={tuple(shape)}."
            )
        frame_length, _, fft_length = shape
        # The same operations in the same order and dtype as Keras, for the same rounding.
        freq = torch.arange(fft_length, dtype=dtype).reshape(1, 1, fft_length) / (
            (fft_length - 1) * 2
        )
        time = torch.arange(frame_length, dtype=dtype).reshape(frame_length, 1, 1)
        args = (-2 * time) * freq * torch.arccos(torch.tensor(-1, dtype=dtype))
        kernel = torch.cos(args) if self.side == "real" else torch.sin(args)
        if self.window is None:
            return kernel
        win = _window(self.window, frame_length, self.periodic, dtype)
        if win.ndim != 1 or win.shape[-1] != frame_length:
            raise ValueError(
                f"The STFT window must have shape ({frame_length},) (frame_length). "
                f"Received: window shape={tuple(win.shape)}"
            )
        win = win.reshape(frame_length, 1, 1)
        scaling = 1
        if self.scaling == "density":
            scaling = torch.sqrt(torch.sum(torch.square(win)))
        elif self.scaling == "spectrum":
            scaling = torch.sum(torch.abs(win))
        return kernel * win / scaling

    def get_config(self):
        window = self.window.tolist() if hasattr(self.window, "tolist") else self.window
        return {"side": self.side, "window": window, "periodic": self.periodic,
                "scaling": self.scaling}
