"""Spectral math shared by the audio layers: frame counts, analysis windows, the HTK mel
filterbank and decibel scaling, in torch on the caller's device.

The filterbank follows Keras's `MelSpectrogram.linear_to_mel_weight_matrix`
(keras/src/layers/preprocessing/mel_spectrogram.py) operation for operation, so that both
libraries round the same way (the layer builds it in float32, as Keras does).
"""

import contextlib
import math

import torch

# HTK mel scale: mel(f) = 1127 * ln(1 + f / 700), i.e. 2595 * log10(1 + f / 700).
MEL_BREAK_HZ = 700.0
MEL_HIGH_Q = 1127.0

MEL_WINDOWS = ("hann", "hamming")


def centered_frames(length: int | None, fft_length: int, stride: int) -> int | None:
    """Frames of a centered STFT (`torch.stft(center=True)` pads `fft_length // 2` on
    each side): `1 + length // stride` for an even `fft_length`."""
    if length is None:
        return None
    return 1 + (length + 2 * (fft_length // 2) - fft_length) // stride


def next_power_of_two(n: int) -> int:
    """The smallest power of two `>= n` (Keras's default STFT `fft_length`)."""
    return 2 ** math.ceil(math.log2(n))


def analysis_window(window, length: int, dtype: torch.dtype, device) -> torch.Tensor:
    """A periodic `"hann"`/`"hamming"` window, a given array, or ones for `None`."""
    if window is None:
        return torch.ones(length, dtype=dtype, device=device)
    if isinstance(window, str):
        make = torch.hann_window if window == "hann" else torch.hamming_window
        return make(length, periodic=True, dtype=dtype, device=device)
    return torch.as_tensor(window, dtype=dtype, device=device)


def jsonable(window):
    """A window argument as a config value: arrays become lists."""
    return window.tolist() if hasattr(window, "tolist") else window


def without_autocast(device_type: str):
    """Turns an enclosing `torch.autocast` off (layers that compute in full precision)."""
    if torch.is_autocast_enabled(device_type):
        return torch.autocast(device_type, enabled=False)
    return contextlib.nullcontext()


def hertz_to_mel(frequencies: torch.Tensor) -> torch.Tensor:
    return MEL_HIGH_Q * torch.log(1.0 + frequencies / MEL_BREAK_HZ)


def _linspace(start: torch.Tensor, stop: torch.Tensor, num: int) -> torch.Tensor:
    # Keras-on-torch's linspace of tensor endpoints: start + (i / (num - 1)) * (stop - start).
    steps = torch.arange(num, dtype=start.dtype, device=start.device) / (num - 1)
    return start + steps * (stop - start)


def mel_filterbank(num_mel_bins: int, num_spectrogram_bins: int, sampling_rate: float,
                   lower_hz: float, upper_hz: float, dtype=torch.float32, device=None) -> torch.Tensor:
    """The `(num_spectrogram_bins, num_mel_bins)` matrix of triangular mel filters (peak
    1.0, linear in mel) that maps linear-frequency bins from `[0, sampling_rate / 2]` to mel
    bands spanning `[lower_hz, upper_hz]`; the DC bin gets no weight (HTK)."""

    def scalar(value):
        return torch.tensor(value, dtype=dtype, device=device)

    nyquist = scalar(sampling_rate) / 2.0
    linear = _linspace(scalar(0.0), nyquist, num_spectrogram_bins)[1:]
    bins_mel = hertz_to_mel(linear).unsqueeze(1)
    edges = _linspace(hertz_to_mel(scalar(lower_hz)), hertz_to_mel(scalar(upper_hz)), num_mel_bins + 2)
    # Band i spans edges i .. i + 2 and peaks at edge i + 1: neighbours share their edges.
    lower, center, upper = (edges[i:i + num_mel_bins].unsqueeze(0) for i in range(3))
    rising = (bins_mel - lower) / (center - lower)
    falling = (upper - bins_mel) / (upper - center)
    weights = torch.maximum(scalar(0.0), torch.minimum(rising, falling))
    return torch.nn.functional.pad(weights, (0, 0, 1, 0))


def power_to_db(power: torch.Tensor, min_power: float, ref_power: float,
                top_db: float | None) -> torch.Tensor:
    """`10 log10(max(S, min_power) / max(|ref_power|, min_power))`, floored at `top_db`
    below the maximum over the whole tensor (every sample of the batch together, as Keras
    does)."""
    db = 10.0 * torch.log10(torch.clamp(power, min=min_power))
    # Keras takes the reference as a float32 scalar tensor whatever the input dtype.
    ref = torch.tensor(abs(ref_power), dtype=torch.float32, device=power.device)
    db = db - 10.0 * torch.log10(torch.clamp(ref, min=min_power))
    if top_db is not None and db.numel():
        db = torch.maximum(db, db.amax() - top_db)
    return db
