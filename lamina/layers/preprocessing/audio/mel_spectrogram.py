"""MelSpectrogram: raw audio to a (log-)power spectrogram on the mel scale."""

import numpy as np
import torch

from ....tensors import torch_dtype
from ...input_spec import InputSpec
from ...layer import Layer
from ...layout import kernel_errors
from ..checks import base_config, number, positive_int, where
from . import spectral


class MelSpectrogram(Layer):
    """Turns audio signals `(..., samples)` into mel spectrograms `(..., num_mel_bins, time)`.

    A centered STFT (the signal is reflect-padded by `fft_length // 2` on both sides, so a
    signal needs more than `fft_length // 2` samples) gives `1 + samples // sequence_stride`
    frames (for an even `fft_length`); their magnitudes to the power `mag_exp` go through
    HTK triangular mel filters, then to decibels. As in Keras, the `top_db` floor is taken
    below the loudest value of the whole batch, not of each sample.

    Args:
        fft_length: FFT size. Defaults to 2048.
        sequence_stride: samples between successive frames. Defaults to 512.
        sequence_length: window size, `<= fft_length`; `None` means `fft_length`.
        window: `"hann"` (default), `"hamming"` (both periodic), an array of
            `sequence_length` values, or `None` for no window.
        sampling_rate: sample rate of the signal in Hz. Defaults to 16000.
        num_mel_bins: number of mel bands. Defaults to 128.
        min_freq: lower edge of the lowest band in Hz. Defaults to 20.
        max_freq: upper edge of the highest band; `None` means `sampling_rate / 2`.
        power_to_db: convert to decibels `10 log10(S / ref_power)`. Defaults to True.
        top_db: floor, in dB below the maximum (`None`: no floor). Defaults to 80.
        mag_exp: exponent of the magnitude (1 magnitude, 2 power). Defaults to 2.
        min_power: floor of the power and of `ref_power` before the logarithm.
        ref_power: reference power of 0 dB. Defaults to 1.

    Input shape:
        `(samples,)` or `(batch, samples)` (more leading axes act as batch axes); integer
        signals are cast to the layer's dtype.

    Output shape:
        `(num_mel_bins, time)` or `(batch, num_mel_bins, time)`.

    Example:

    >>> MelSpectrogram(num_mel_bins=64, sequence_stride=256)(torch.zeros(2, 16000)).shape
    torch.Size([2, 64, 63])
    """

    _float_inputs = True

    def __init__(self, fft_length=2048, sequence_stride=512, sequence_length=None, window="hann",
                 sampling_rate=16000, num_mel_bins=128, min_freq=20.0, max_freq=None, power_to_db=True,
                 top_db=80.0, mag_exp=2.0, min_power=1e-10, ref_power=1.0, **kwargs):
        super().__init__(**kwargs)
        self.fft_length = positive_int(self, "fft_length", fft_length)
        self.sequence_stride = positive_int(self, "sequence_stride", sequence_stride)
        self.sequence_length = positive_int(self, "sequence_length", sequence_length or fft_length)
        self.window = window
        self.sampling_rate = self._positive("sampling_rate", sampling_rate)
        self.num_mel_bins = positive_int(self, "num_mel_bins", num_mel_bins)
        self.min_freq = number(self, "min_freq", min_freq)
        self.max_freq = number(self, "max_freq", max_freq or int(sampling_rate / 2))
        self.power_to_db = power_to_db
        self.top_db = None if top_db is None else self._positive("top_db", top_db, strict=False)
        self.mag_exp = number(self, "mag_exp", mag_exp)
        self.min_power = self._positive("min_power", min_power)
        self.ref_power = number(self, "ref_power", ref_power)
        if self.fft_length < self.sequence_length:
            raise ValueError(
                f"{where(self)}: `fft_length` must be greater than or equal to `sequence_length`. "
                f"Received: sequence_length={self.sequence_length}, fft_length={self.fft_length}."
            )
        if not 0 <= self.min_freq < self.max_freq:
            raise ValueError(
                f"{where(self)}: the mel bands need `0 <= min_freq < max_freq`. Received: "
                f"min_freq={min_freq!r}, max_freq={self.max_freq!r}."
            )
        if not isinstance(power_to_db, bool):
            raise TypeError(f"{where(self)}: `power_to_db` must be a bool. "
                            f"Received: power_to_db={power_to_db!r}")
        self._check_window(window)
        self.input_spec = InputSpec(min_ndim=1)

    def _positive(self, name, value, strict=True):
        if number(self, name, value) < 0 or (strict and value == 0):
            kind = "positive" if strict else "non-negative"
            raise ValueError(f"{where(self)}: `{name}` must be {kind}. Received: {name}={value!r}")
        return value

    def _check_window(self, window):
        if window is None or isinstance(window, str):
            if window is not None and window not in spectral.MEL_WINDOWS:
                raise ValueError(f"{where(self)}: `window` must be one of {spectral.MEL_WINDOWS}, an array "
                                 f"of `sequence_length` values or None. Received: window={window!r}")
            return
        shape = np.shape(window)
        if shape != (self.sequence_length,):
            raise ValueError(f"{where(self)}: a `window` array must have shape (sequence_length,) = "
                             f"({self.sequence_length},). Received: window of shape {shape}.")

    def call(self, inputs):
        samples = inputs.shape[-1]
        if samples <= self.fft_length // 2:
            raise ValueError(
                f"{where(self)} needs signals of more than fft_length // 2 = {self.fft_length // 2} "
                f"samples (the centered STFT reflect-pads that many on each side). Received input "
                f"shape {tuple(inputs.shape)}; pad the signal or lower `fft_length`."
            )
        compute = inputs.dtype if inputs.dtype in (torch.float32, torch.float64) else torch.float32
        x = inputs.to(compute)
        batch = x.shape[:-1]
        if not x.numel():  # torch.stft refuses an empty batch; the answer is empty
            return x.new_zeros(self.compute_output_shape(tuple(x.shape)))
        # Keras computes in float32 under a mixed policy and casts the output: no autocast here.
        with kernel_errors(self, inputs), spectral.without_autocast(x.device.type):
            mel = self._mel_power(x.reshape(-1, samples))
        if self.power_to_db:
            mel = spectral.power_to_db(mel, self.min_power, self.ref_power, self.top_db)
        mel = mel.transpose(-2, -1).reshape(*batch, self.num_mel_bins, -1)
        return mel.to(torch_dtype(self.compute_dtype))

    def _mel_power(self, x):
        """`(signals, samples)` to `(signals, frames, num_mel_bins)` powers."""
        window = spectral.analysis_window(self.window, self.sequence_length, x.dtype, x.device)
        stft = torch.stft(x, n_fft=self.fft_length, hop_length=self.sequence_stride,
                          win_length=self.sequence_length, window=window, center=True, return_complex=True)
        stft = stft.transpose(-2, -1)
        spectrum = torch.sqrt(torch.square(stft.real) + torch.square(stft.imag)) ** self.mag_exp
        filters = spectral.mel_filterbank(self.num_mel_bins, self.fft_length // 2 + 1, self.sampling_rate,
                                          self.min_freq, self.max_freq, device=x.device)
        return spectrum @ filters.to(x.dtype)

    def linear_to_mel_weight_matrix(self, num_mel_bins=20, num_spectrogram_bins=129, sampling_rate=8000,
                                    lower_edge_hertz=125.0, upper_edge_hertz=3800.0, dtype="float32"):
        """Keras's public helper: the `(num_spectrogram_bins, num_mel_bins)` HTK mel filters
        (`spectrogram @ matrix` gives mel bands), computed in `dtype`."""
        return spectral.mel_filterbank(num_mel_bins, num_spectrogram_bins, sampling_rate, lower_edge_hertz,
                                       upper_edge_hertz, dtype=torch_dtype(dtype))

    def compute_output_shape(self, input_shape):
        if len(input_shape) < 1:
            raise ValueError(f"{where(self)} takes signals of rank 1 or more. Received input shape "
                             f"{tuple(input_shape)}.")
        # Keras writes `(samples + stride + 1) // stride`, which is one frame too many when
        # `samples + 1` is a multiple of the stride; this is what the STFT gives.
        frames = spectral.centered_frames(input_shape[-1], self.fft_length, self.sequence_stride)
        return (*input_shape[:-1], self.num_mel_bins, frames)

    def get_config(self):
        return {
            **base_config(self), "fft_length": self.fft_length, "sequence_stride": self.sequence_stride,
            "sequence_length": self.sequence_length, "window": spectral.jsonable(self.window),
            "sampling_rate": self.sampling_rate, "num_mel_bins": self.num_mel_bins, "min_freq": self.min_freq, "max_freq": self.max_freq,
            "power_to_db": self.power_to_db, "top_db": self.top_db, "mag_exp": self.mag_exp,
            "min_power": self.min_power, "ref_power": self.ref_power,
        }
