"""STFTSpectrogram: a short-time Fourier transform as a strided 1-D convolution whose
kernels (the windowed DFT) are weights, so they can be fine-tuned."""

import warnings

import numpy as np
import torch
import torch.nn.functional as F

from .... import config
from ....initializers import STFT
from ....shapes import conv_output_length, same_padding
from ...input_spec import InputSpec
from ...layer import Layer
from ...layout import kernel_errors, split_padding
from ..checks import base_config, check_data_format, choice, positive_int, where
from . import spectral

MODES = ("log", "magnitude", "psd", "real", "imag", "angle", "stft")


class STFTSpectrogram(Layer):
    """Spectrograms of multi-channel signals by convolution with windowed DFT kernels.

    Each channel is transformed on its own with the same `real_kernel` and `imag_kernel`
    weights, shaped `(frame_length, 1, fft_length // 2 + 1)` as in Keras; they start as the
    windowed (and scaled) cosines and sines, and train like any weight unless
    `trainable=False`. Keras builds its DFT from the kernel's bin count, so an odd
    `fft_length` acts as `fft_length - 1` (hence its power-of-two warning).

    Args:
        mode: `"log"` (default, log magnitude), `"magnitude"`, `"psd"` (power, one-sided:
            inner bins doubled), `"real"`, `"imag"`, `"angle"`, or `"stft"` (real bins
            then imaginary bins).
        frame_length: window length in samples. Defaults to 256.
        frame_step: hop between frames, `1 <= frame_step <= frame_length`; `None` means
            `frame_length // 2`.
        fft_length: FFT size `>= frame_length`; `None` means the next power of two.
        window: a window name (`"hann"` default, `"hamming"`, ...), an array of
            `frame_length` values, or `None`.
        periodic: periodic rather than symmetric window. Defaults to False.
        scaling: `"density"` (default, window L2 norm), `"spectrum"` (its sum) or `None`.
        padding: `"valid"` (default) or `"same"` (`ceil(time / frame_step)` frames).
        expand_dims: keep channels on their own axis (image-like output).
        data_format: `"channels_last"` (default) or `"channels_first"`.

    Input shape:
        `(batch, time, channels)`, or `(batch, channels, time)` for channels_first.

    Output shape:
        `(batch, frames, channels * bins)` (`(batch, channels * bins, frames)` for
        channels_first); with `expand_dims`, `(batch, frames, bins, channels)`
        (`(batch, channels, frames, bins)`). `bins` is `fft_length // 2 + 1`, twice that
        for `"stft"`.

    Example:

    >>> STFTSpectrogram(frame_length=256, frame_step=128, fft_length=512)(torch.zeros(3, 16000, 1)).shape
    torch.Size([3, 124, 257])
    """

    def __init__(self, mode="log", frame_length=256, frame_step=None, fft_length=None, window="hann",
                 periodic=False, scaling="density", padding="valid", expand_dims=False, data_format=None,
                 **kwargs):
        super().__init__(**kwargs)
        self.mode = choice(self, "mode", mode, MODES)
        self.frame_length = positive_int(self, "frame_length", frame_length)
        self.frame_step = frame_step
        self.fft_length = fft_length
        self.window = window
        self.periodic = periodic
        self.scaling = scaling
        self.padding = choice(self, "padding", padding, ("valid", "same"))
        self.expand_dims = expand_dims
        self.data_format = check_data_format(self, data_format)
        self._frame_step = self._checked_step(frame_step)
        self._fft_length = self._checked_fft_length(fft_length)
        for name in ("periodic", "expand_dims"):
            if not isinstance(getattr(self, name), bool):
                raise TypeError(f"{where(self)}: `{name}` must be a bool. "
                                f"Received: {name}={getattr(self, name)!r}")
        if scaling is not None:
            choice(self, "scaling", scaling, ("density", "spectrum"))
        self._check_window(window)
        self.input_spec = InputSpec(ndim=3)

    def _checked_step(self, frame_step):
        if frame_step is None:
            return max(self.frame_length // 2, 1)
        if positive_int(self, "frame_step", frame_step) > self.frame_length:
            raise ValueError(f"{where(self)}: `frame_step` must not be greater than `frame_length`. "
                             f"Received: frame_step={frame_step}, frame_length={self.frame_length}.")
        return frame_step

    def _checked_fft_length(self, fft_length):
        if fft_length is None:
            fft_length = spectral.next_power_of_two(self.frame_length)
        elif positive_int(self, "fft_length", fft_length) < self.frame_length:
            raise ValueError(f"{where(self)}: `fft_length` must not be less than `frame_length`. Received: "
                             f"fft_length={fft_length}, frame_length={self.frame_length}.")
        elif fft_length & (fft_length - 1):
            warnings.warn(f"{where(self)}: `fft_length` is recommended to be a power of two. "
                          f"Received: fft_length={fft_length}.", stacklevel=3)
        if fft_length < 2:
            raise ValueError(f"{where(self)}: the FFT needs `fft_length >= 2`. Received: frame_length="
                             f"{self.frame_length}, fft_length={self.fft_length}; pass fft_length=2 or more.")
        return fft_length

    def _check_window(self, window):
        if window is not None and not isinstance(window, str) and np.shape(window) != (self.frame_length,):
            raise ValueError(f"{where(self)}: a `window` array must have shape (frame_length,) = "
                             f"({self.frame_length},). Received: window of shape {np.shape(window)}.")
        try:
            STFT("real", window, self.scaling, self.periodic)
        except (ValueError, TypeError) as error:
            raise ValueError(f"{where(self)}: invalid `window` {window!r}: {error}") from None

    def build(self, input_shape):
        shape = (self.frame_length, 1, self._fft_length // 2 + 1)
        if self.mode != "imag":
            self.real_kernel = self.add_weight(
                name="real_kernel", shape=shape,
                initializer=STFT("real", self.window, self.scaling, self.periodic))
        if self.mode != "real":
            self.imag_kernel = self.add_weight(
                name="imag_kernel", shape=shape,
                initializer=STFT("imag", self.window, self.scaling, self.periodic))

    def call(self, inputs):
        if not inputs.is_floating_point():
            raise TypeError(f"{where(self)} takes float16, float32 or float64 signals. Received a tensor of "
                            f"dtype {inputs.dtype} and shape {tuple(inputs.shape)}.")
        x = inputs.transpose(1, 2) if self.data_format == "channels_last" else inputs
        batch, channels, time = x.shape
        shortest = self.frame_length if self.padding == "valid" else 1
        if time < shortest:
            raise ValueError(f"{where(self)} needs signals of at least {shortest} samples with padding="
                             f"'{self.padding}' and frame_length={self.frame_length}. Received input shape "
                             f"{tuple(inputs.shape)}.")
        with kernel_errors(self, inputs):
            y = self._transform(x.reshape(batch * channels, 1, time))
        return self._arrange(y.reshape(batch, channels, y.shape[1], y.shape[2]))

    def _transform(self, x):
        """`(signals, 1, time)` to `(signals, bins, frames)` in the layer's mode."""
        # Keras layout (frame_length, 1, bins) -> conv1d's (bins, 1, frame_length), real then imag.
        kernels = [k.permute(2, 1, 0) for k in (getattr(self, "real_kernel", None),
                                                getattr(self, "imag_kernel", None)) if k is not None]
        kernel = torch.cat(kernels).to(x.dtype) if len(kernels) == 2 else kernels[0].to(x.dtype)
        pad = 0
        if self.padding == "same":
            x, (pad,) = split_padding(x, [same_padding(x.shape[-1], self.frame_length, self._frame_step)])
        y = F.conv1d(x, kernel, stride=self._frame_step, padding=pad)
        if self.mode in ("real", "imag", "stft"):
            return y
        real, imag = y.chunk(2, dim=1)
        if self.mode == "angle":
            return torch.atan2(imag, real)
        power = torch.square(real) + torch.square(imag)
        if self.mode == "psd":  # one-sided: every bin but DC and Nyquist counts twice
            return power + F.pad(power[:, 1:-1], (0, 0, 1, 1))
        epsilon = config.epsilon()
        magnitude = torch.sqrt(torch.clamp(power, min=epsilon))
        return magnitude if self.mode == "magnitude" else torch.log(torch.clamp(magnitude, min=epsilon))

    def _arrange(self, y):
        """`(batch, channels, bins, frames)` to the output layout."""
        batch, channels, bins, frames = y.shape
        if self.expand_dims:
            return y.permute(0, 3, 2, 1) if self.data_format == "channels_last" else y.transpose(2, 3)
        y = y.reshape(batch, channels * bins, frames)
        return y.transpose(1, 2) if self.data_format == "channels_last" else y

    def compute_output_shape(self, input_shape):
        if len(input_shape) != 3:
            raise ValueError(f"{where(self)} takes inputs of rank 3. Received input shape "
                             f"{tuple(input_shape)}.")
        if self.data_format == "channels_last":
            batch, time, channels = input_shape
        else:
            batch, channels, time = input_shape
        bins = (self._fft_length // 2 + 1) * (2 if self.mode == "stft" else 1)
        frames = conv_output_length(time, self.frame_length, self._frame_step, self.padding)
        if frames is not None and frames <= 0:
            raise ValueError(f"{where(self)}: input shape {tuple(input_shape)} has fewer samples than "
                             f"frame_length={self.frame_length} (padding='{self.padding}').")
        if self.expand_dims:
            if self.data_format == "channels_last":
                return (batch, frames, bins, channels)
            return (batch, channels, frames, bins)
        features = None if channels is None else channels * bins
        return (batch, frames, features) if self.data_format == "channels_last" else (batch, features, frames)

    def get_config(self):
        return {
            **base_config(self), "mode": self.mode, "frame_length": self.frame_length,
            "frame_step": self.frame_step, "fft_length": self.fft_length, "window": spectral.jsonable(self.window),
            "periodic": self.periodic, "scaling": self.scaling, "padding": self.padding,
            "data_format": self.data_format, "expand_dims": self.expand_dims,
        }
