"""Rows for the audio preprocessing layers, joined into `cases.CASES`.

MelSpectrogram holds no weights; a centered STFT gives `1 + samples // sequence_stride`
frames for an even `fft_length` (rows avoid lengths where Keras's `compute_output_shape` formula,
`(samples + stride + 1) // stride`, says one more; test_audio_layers.py covers those).
STFTSpectrogram keeps `real_kernel` / `imag_kernel` of shape `(frame_length, 1,
fft_length // 2 + 1)` (one of them for modes "real" / "imag"): params
`kernels * frame_length * bins` (keras/src/layers/preprocessing/stft_spectrogram.py `build`).

Tolerances: the FFT and the strided convolution sum in a different order from Keras's
kernels' (float32), and decibels are `10 log10` of powers: the mel rows allow 1e-5
relative and 1e-4 absolute on values of tens of dB; the STFT rows use the convolution
tolerance (5e-4 / 1e-5, what Keras's own conv tests use).
"""

from cases import LayerCase

from lamina.layers.preprocessing.audio.mel_spectrogram import MelSpectrogram
from lamina.layers.preprocessing.audio.stft_spectrogram import STFTSpectrogram

MEL = dict(rtol=1e-5, atol=1e-4)
CONV = dict(rtol=5e-4, atol=1e-5)

CASES = [
    LayerCase(MelSpectrogram, dict(fft_length=64, sequence_stride=16, num_mel_bins=8, sampling_rate=8000),
              (2, 200), (2, 8, 13), **MEL),
    LayerCase(MelSpectrogram, dict(fft_length=128, sequence_length=100, sequence_stride=33, num_mel_bins=20,
                                   window="hamming", power_to_db=False, mag_exp=1.0), (2, 300), (2, 20, 10), **MEL),
    LayerCase(MelSpectrogram, dict(fft_length=64, sequence_stride=32, window=None, num_mel_bins=16, top_db=20.0,
                                   ref_power=3.0, min_freq=100.0, max_freq=3000.0), (3, 256), (3, 16, 9), **MEL),
    # 2 kernels * 32 * 33.
    LayerCase(STFTSpectrogram, dict(frame_length=32, frame_step=8, fft_length=64), (2, 120, 1), (2, 12, 33),
              2112, 2, **CONV),
    # fft 32 -> 17 bins, twice for "stft"; ceil(100 / 7) frames; 2 * 30 * 17.
    LayerCase(STFTSpectrogram, dict(mode="stft", frame_length=30, frame_step=7, padding="same", window="hamming",
                                    periodic=True, scaling="spectrum"), (2, 100, 2), (2, 15, 68), 1020, 2, **CONV),
    LayerCase(STFTSpectrogram, dict(mode="psd", frame_length=16, window=None, scaling=None, expand_dims=True,
                                    data_format="channels_first"), (2, 3, 64), (2, 3, 7, 9), 288, 2, **CONV),
    LayerCase(STFTSpectrogram, dict(mode="real", frame_length=16, frame_step=4, trainable=False), (2, 40, 2),
              (2, 7, 18), 144, 0, 1, **CONV),
    LayerCase(STFTSpectrogram, dict(mode="imag", frame_length=20, frame_step=10, padding="same",
                                    data_format="channels_first"), (2, 2, 50), (2, 34, 5), 340, 1, **CONV),
    LayerCase(STFTSpectrogram, dict(mode="magnitude", frame_length=16, expand_dims=True), (2, 64, 2),
              (2, 7, 9, 2), 288, 2, **CONV),
]
