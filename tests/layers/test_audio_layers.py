"""MelSpectrogram and STFTSpectrogram against Keras 3 (the oracle) and scipy, beyond the
generic rows of cases_audio.py: every mode and option, rank-1 signals, float64, weight
layout and `.weights.h5` interchange, Keras's frame-count formula, and the errors.

Tolerances (float32): mel outputs in dB `rtol=1e-5, atol=1e-4` (tens of dB; the FFT sums
in a different order), linear mel powers `rtol=1e-5, atol=1e-6`; STFT outputs the
convolution tolerance `rtol=5e-4, atol=1e-5` (Keras's conv tests use it); float64 STFT
runs `rtol=1e-10, atol=1e-10`.
"""

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import lamina
from lamina.layers.preprocessing.audio import spectral
from lamina.layers.preprocessing.audio.mel_spectrogram import MelSpectrogram
from lamina.layers.preprocessing.audio.stft_spectrogram import MODES, STFTSpectrogram

CONV = dict(rtol=5e-4, atol=1e-5)


def signal(shape, seed=0, dtype="float32"):
    return np.random.default_rng(seed).uniform(-1, 1, shape).astype(dtype)


def keras_out(keras, layer, x):
    return keras.ops.convert_to_numpy(layer(x))


# ------------------------------------------------------------------ MelSpectrogram

MEL_CONFIGS = [
    dict(fft_length=256, sequence_stride=64, num_mel_bins=32, sampling_rate=16000),
    dict(fft_length=128, sequence_stride=50, sequence_length=96, window="hamming", num_mel_bins=24,
         sampling_rate=22050, min_freq=0.0, max_freq=8000.0),
    dict(fft_length=64, sequence_stride=16, window=None, num_mel_bins=10, sampling_rate=8000, mag_exp=1.0,
         top_db=30.0, ref_power=0.5, min_power=1e-6),
    dict(fft_length=64, sequence_stride=16, num_mel_bins=10, sampling_rate=8000, power_to_db=False, mag_exp=1.5),
    dict(fft_length=128, sequence_length=64, sequence_stride=32, window=np.linspace(0.1, 1.0, 64).tolist(),
         num_mel_bins=12, sampling_rate=8000),
]


@pytest.mark.parametrize("kwargs", MEL_CONFIGS, ids=range(len(MEL_CONFIGS)))
@pytest.mark.parametrize("shape", [(3, 1000), (777,)], ids=["batched", "unbatched"])
def test_mel_spectrogram_matches_keras(kwargs, shape, keras):
    x = signal(shape)
    want = keras_out(keras, keras.layers.MelSpectrogram(**kwargs), x)
    layer = MelSpectrogram(**kwargs)
    got = layer(x)
    assert got.dtype == torch.float32 and tuple(got.shape) == want.shape
    atol = 1e-4 if kwargs.get("power_to_db", True) else 1e-6
    np.testing.assert_allclose(got.numpy(), want, rtol=1e-5, atol=atol)
    assert tuple(layer.compute_output_shape(shape)) == want.shape


def test_mel_spectrogram_float64_and_integer_inputs_match_keras(keras):
    kwargs = dict(fft_length=128, sequence_stride=32, num_mel_bins=16)
    x = torch.from_numpy(signal((2, 600), dtype="float64"))  # Keras converts float64 numpy to float32
    want = keras_out(keras, keras.layers.MelSpectrogram(dtype="float64", **kwargs), x)
    got = MelSpectrogram(dtype="float64", **kwargs)(x)
    assert got.dtype == torch.float64
    # Keras-on-torch rounds to float32 at the mel projection (its `result_type(float64,
    # float32)` is float32) and casts back; Lamina stays float64: float32 rounding apart.
    np.testing.assert_allclose(got.numpy(), want, rtol=1e-6, atol=1e-5)
    assert not np.array_equal(got.numpy(), got.numpy().astype("float32"))
    ints = np.random.default_rng(1).integers(-100, 100, (2, 600)).astype("int32")
    want = keras_out(keras, keras.layers.MelSpectrogram(**kwargs), ints)
    got = MelSpectrogram(**kwargs)(ints)
    assert got.dtype == torch.float32
    np.testing.assert_allclose(got.numpy(), want, rtol=1e-5, atol=1e-4)


def test_mel_leading_axes_all_count_as_batch_like_keras_on_torch(keras):
    """Keras-on-torch's stft flattens every leading axis (keras/src/backend/torch/math.py);
    its `compute_output_shape` only handles rank 1 and 2, Lamina's any rank."""
    x = signal((2, 3, 400))
    kwargs = dict(fft_length=64, sequence_stride=16, num_mel_bins=8)
    want = keras_out(keras, keras.layers.MelSpectrogram(**kwargs), x)
    layer = MelSpectrogram(**kwargs)
    np.testing.assert_allclose(layer(x).numpy(), want, rtol=1e-5, atol=1e-4)
    assert layer.compute_output_shape((None, 3, 400)) == (None, *want.shape[1:])


def test_top_db_floor_is_taken_over_the_whole_batch_as_in_keras(keras):
    x = np.stack([signal(500), 1e-3 * signal(500, seed=1)])  # one loud, one quiet sample
    kwargs = dict(fft_length=64, sequence_stride=16, num_mel_bins=8, top_db=20.0)
    want = keras_out(keras, keras.layers.MelSpectrogram(**kwargs), x)
    got = MelSpectrogram(**kwargs)(x).numpy()
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-4)
    floor = got.max() - 20.0
    assert np.isclose(got[1].min(), floor, atol=1e-4)  # the quiet sample hits the loud one's floor
    alone = MelSpectrogram(**kwargs)(x[1:]).numpy()
    assert alone.min() < floor - 1.0


def test_top_db_none_means_no_floor():
    x = signal((2, 400))
    kwargs = dict(fft_length=64, sequence_stride=16, num_mel_bins=8)
    unclipped = MelSpectrogram(top_db=None, **kwargs)(x)
    power = MelSpectrogram(power_to_db=False, **kwargs)(x)
    torch.testing.assert_close(unclipped, 10 * torch.log10(power.clamp(min=1e-10)), rtol=1e-5, atol=1e-4)


def test_mel_filterbank_matches_keras_and_the_htk_formula(keras):
    args = dict(num_mel_bins=20, num_spectrogram_bins=129, sampling_rate=16000, lower_edge_hertz=30.0,
                upper_edge_hertz=7600.0)
    want = keras.ops.convert_to_numpy(keras.layers.MelSpectrogram().linear_to_mel_weight_matrix(**args))
    got = MelSpectrogram().linear_to_mel_weight_matrix(**args)
    assert got.dtype == torch.float32
    np.testing.assert_allclose(got.numpy(), want, rtol=1e-6, atol=1e-7)  # same float32 operations
    # Keras's dtype="float64" matrix comes out float32-rounded (its promotion of float64 with
    # Python floats); Lamina's is float64 throughout, checked against the formula below.
    want64 = keras.layers.MelSpectrogram().linear_to_mel_weight_matrix(**args, dtype="float64")
    got64 = MelSpectrogram().linear_to_mel_weight_matrix(**args, dtype="float64")
    assert got64.dtype == torch.float64
    np.testing.assert_allclose(got64.numpy(), keras.ops.convert_to_numpy(want64), atol=1e-5)

    # An independent float64 derivation from the HTK definition mel(f) = 2595 log10(1 + f / 700).
    def mel(f):
        return 2595.0 * np.log10(1.0 + f / 700.0)

    edges = np.linspace(mel(30.0), mel(7600.0), 22)
    bins = mel(np.linspace(0.0, 8000.0, 129))[:, None]
    rising = (bins - edges[None, :-2]) / (edges[1:-1] - edges[:-2])
    falling = (edges[None, 2:] - bins) / (edges[2:] - edges[1:-1])
    ref = np.maximum(0.0, np.minimum(rising, falling))
    ref[0] = 0.0  # HTK gives the DC bin no weight
    np.testing.assert_allclose(got.numpy(), ref, atol=1e-4)  # float32 mels of ~2800 vs float64
    np.testing.assert_allclose(got64.numpy(), ref, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("fft_length", [64, 63])
@pytest.mark.parametrize("samples", [33, 47, 63, 64, 95, 100, 111])
def test_mel_frames_are_what_the_stft_gives(samples, fft_length, keras):
    """`1 + samples // stride` frames for an even `fft_length`, `1 + (samples - 1) // stride`
    for an odd one. Keras's `compute_output_shape` writes `(samples + stride + 1) // stride`
    whatever the FFT size, one frame too many when `samples + 1` is a multiple of the stride
    (or, for an odd FFT, `samples` is): Lamina follows Keras's eager output, not that formula."""
    kwargs = dict(fft_length=fft_length, sequence_stride=16, num_mel_bins=8)
    oracle = keras.layers.MelSpectrogram(**kwargs)
    eager = keras_out(keras, oracle, signal((2, samples))).shape
    layer = MelSpectrogram(**kwargs)
    assert tuple(layer(signal((2, samples))).shape) == eager
    assert tuple(layer.compute_output_shape((None, samples))) == (None, *eager[1:])
    assert tuple(layer.compute_output_shape((samples,))) == eager[1:]
    keras_says = tuple(oracle.compute_output_shape((None, samples)))
    off_by_one = (samples + 1) % 16 == 0 or (fft_length % 2 == 1 and samples % 16 == 0)
    assert (keras_says == (None, *eager[1:])) == (not off_by_one)


def test_mel_unknown_length_and_config_match_keras(keras):
    kwargs = dict(fft_length=512, sequence_stride=128, num_mel_bins=40, max_freq=None, sampling_rate=22050)
    layer, oracle = MelSpectrogram(name="m", **kwargs), keras.layers.MelSpectrogram(name="m", **kwargs)
    assert layer.compute_output_shape((None, None)) == tuple(oracle.compute_output_shape((None, None)))
    assert layer.get_config() == oracle.get_config()
    assert MelSpectrogram.from_config(oracle.get_config()).get_config() == oracle.get_config()


def test_mel_empty_batch_gives_an_empty_output():
    layer = MelSpectrogram(fft_length=64, sequence_stride=16, num_mel_bins=8)
    assert tuple(layer(torch.zeros(0, 100)).shape) == (0, 8, 7) == layer.compute_output_shape((0, 100))


def test_mel_gradient_reaches_the_signal():
    x = torch.from_numpy(signal((2, 300))).requires_grad_()
    MelSpectrogram(fft_length=64, sequence_stride=16, num_mel_bins=8)(x).sum().backward()
    assert x.grad is not None and torch.isfinite(x.grad).all()


MEL_BAD_ARGS = [
    (dict(fft_length=256, sequence_length=512), ValueError, "greater than or equal to `sequence_length`"),
    (dict(fft_length=0), ValueError, "`fft_length` must be a positive integer"),
    (dict(sequence_stride=2.5), ValueError, "`sequence_stride` must be a positive integer"),
    (dict(window="blackman"), ValueError, "`window` must be one of"),
    (dict(fft_length=64, window=[1.0, 2.0]), ValueError, r"shape \(sequence_length,\) = \(64,\)"),
    (dict(min_freq=9000.0), ValueError, "min_freq < max_freq"),
    (dict(min_freq=-5.0), ValueError, "min_freq < max_freq"),
    (dict(sampling_rate=0), ValueError, "`sampling_rate` must be positive"),
    (dict(min_power=0.0), ValueError, "`min_power` must be positive"),
    (dict(top_db=-1.0), ValueError, "`top_db` must be non-negative"),
    (dict(mag_exp=float("nan")), ValueError, "`mag_exp` must be a finite number"),
    (dict(power_to_db="yes"), TypeError, "`power_to_db` must be a bool"),
]


@pytest.mark.parametrize("kwargs, error, message", MEL_BAD_ARGS, ids=[str(k) for k, _, _ in MEL_BAD_ARGS])
def test_mel_bad_arguments_fail_in_the_constructor_naming_the_layer(kwargs, error, message):
    with pytest.raises(error, match=message) as info:
        MelSpectrogram(name="mel", **kwargs)
    assert "MelSpectrogram layer 'mel'" in str(info.value)


def test_mel_bad_inputs_fail_naming_the_layer():
    layer = MelSpectrogram(fft_length=64, sequence_stride=16, num_mel_bins=8, name="mel")
    with pytest.raises(ValueError, match=r"MelSpectrogram layer 'mel' needs signals of more than .* = 32 "
                                         r"samples.*\(2, 32\)"):
        layer(torch.zeros(2, 32))
    with pytest.raises(ValueError, match=r"'mel' \(MelSpectrogram\).*min_ndim=1"):
        layer(torch.tensor(1.0))
    with pytest.raises(TypeError, match=r"'mel' \(MelSpectrogram\) received a complex tensor"):
        layer(torch.zeros(2, 100, dtype=torch.complex64))
    with pytest.raises(ValueError, match="MelSpectrogram 'mel' could not compute its output"):
        MelSpectrogram(fft_length=64, num_mel_bins=2**40, name="mel")(torch.zeros(1, 100))


# ------------------------------------------------------------------ STFTSpectrogram

STFT_CONFIGS = [
    dict(frame_length=64, frame_step=16, fft_length=128),
    dict(frame_length=50, frame_step=25, padding="same", window="hamming", periodic=True, scaling="spectrum"),
    dict(frame_length=32, window=None, scaling=None, data_format="channels_first"),
    dict(frame_length=48, frame_step=13, fft_length=64, window="blackman", expand_dims=True,
         data_format="channels_first", padding="same"),
    dict(frame_length=40, frame_step=10, window=np.hanning(40).tolist(), expand_dims=True),
]


def stft_pair(keras, mode, kwargs, x):
    """Keras's layer and ours, called on `x` with the same kernels."""
    oracle = keras.layers.STFTSpectrogram(mode=mode, **kwargs)
    want = keras_out(keras, oracle, x)
    layer = STFTSpectrogram(mode=mode, **kwargs)
    layer(x)
    return oracle, want, layer


@pytest.mark.parametrize("kwargs", STFT_CONFIGS, ids=range(len(STFT_CONFIGS)))
@pytest.mark.parametrize("mode", MODES)
def test_stft_spectrogram_matches_keras(mode, kwargs, keras):
    x = signal((2, 400, 3))
    if kwargs.get("data_format") == "channels_first":
        x = np.ascontiguousarray(x.transpose(0, 2, 1))
    oracle, want, layer = stft_pair(keras, mode, kwargs, x)
    # The initial kernels are the same windowed DFT, computed with the same float32 ops.
    for ours, theirs in zip(layer.get_weights(), oracle.get_weights(), strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=1e-6, atol=1e-7)
    got = layer(x).detach().numpy()
    assert got.shape == want.shape == tuple(layer.compute_output_shape(x.shape))
    if mode == "angle":  # compare on the circle: +pi and -pi are the same phase
        np.testing.assert_allclose(np.angle(np.exp(1j * (got - want))), 0.0, atol=1e-4)
    else:
        np.testing.assert_allclose(got, want, **CONV)
    shape = (None, None, *x.shape[2:]) if kwargs.get("data_format") != "channels_first" else (None, 3, None)
    assert tuple(layer.compute_output_shape(shape)) == tuple(oracle.compute_output_shape(shape))


@pytest.mark.parametrize("mode, trainable", [("log", True), ("real", True), ("imag", False), ("stft", False)])
def test_stft_weights_have_keras_names_order_and_shapes(mode, trainable, keras):
    kwargs = dict(mode=mode, frame_length=32, fft_length=64, trainable=trainable, name="spec")
    oracle, layer = keras.layers.STFTSpectrogram(**kwargs), STFTSpectrogram(**kwargs)
    oracle.build((None, 100, 1))
    layer.build((None, 100, 1))
    assert [(w.name, w.path, tuple(w.shape)) for w in layer.weights] == \
        [(w.name, w.path, tuple(w.shape)) for w in oracle.weights]
    assert len(layer.trainable_weights) == len(oracle.trainable_weights)
    assert len(layer.non_trainable_weights) == len(oracle.non_trainable_weights)
    assert layer.count_params() == oracle.count_params()


def test_stft_set_weights_from_keras_changes_the_output_the_same_way(keras):
    x = signal((2, 200, 2))
    oracle, _, layer = stft_pair(keras, "psd", dict(frame_length=32, frame_step=8), x)
    weights = [w * np.linspace(0.5, 1.5, w.shape[0], dtype="float32")[:, None, None] for w in oracle.get_weights()]
    oracle.set_weights(weights)
    layer.set_weights(weights)
    np.testing.assert_allclose(layer(x).detach().numpy(), keras_out(keras, oracle, x), **CONV)


def test_stft_weights_h5_files_interchange_with_keras(tmp_path, keras):
    x = signal((2, 160, 2))
    kwargs = dict(mode="stft", frame_length=32, frame_step=8, fft_length=64)
    theirs = keras.Sequential([keras.Input((160, 2)), keras.layers.STFTSpectrogram(**kwargs)])
    ours = lamina.Sequential([lamina.Input((160, 2)), STFTSpectrogram(**kwargs)])
    rng = np.random.default_rng(3)
    theirs.set_weights([rng.standard_normal(w.shape).astype("float32") for w in theirs.get_weights()])
    theirs.save_weights(tmp_path / "keras.weights.h5")
    ours.load_weights(tmp_path / "keras.weights.h5")
    np.testing.assert_allclose(ours.predict(x, verbose=0), theirs.predict(x, verbose=0), **CONV)
    ours.set_weights([rng.standard_normal(w.shape).astype("float32") for w in ours.get_weights()])
    ours.save_weights(tmp_path / "lamina.weights.h5")
    theirs.load_weights(tmp_path / "lamina.weights.h5")
    np.testing.assert_allclose(ours.predict(x, verbose=0), theirs.predict(x, verbose=0), **CONV)


def test_trainable_kernels_learn_and_frozen_ones_do_not():
    x = torch.from_numpy(signal((2, 128, 1)))
    for trainable in (True, False):
        layer = STFTSpectrogram(mode="magnitude", frame_length=32, trainable=trainable)
        layer(x)
        before = [w.detach().clone() for w in layer.weights]
        params = list(layer.parameters())
        assert all(p.requires_grad == trainable for p in params)
        if trainable:
            optimizer = torch.optim.SGD(params, lr=0.1)
            layer(x).sum().backward()
            optimizer.step()
        changed = [not torch.equal(a, b) for a, b in zip(before, layer.weights)]
        assert changed == [trainable, trainable]


@pytest.mark.parametrize("mode", ["psd", "magnitude"])
@pytest.mark.parametrize("window, periodic, frame_length, frame_step, fft_length, scaling", [
    ("hann", False, 128, 64, 256, "density"),
    ("blackman", True, 128, 16, 256, "spectrum"),
    ("hamming", True, 64, 64, 64, "density"),
])
def test_stft_matches_scipy_spectrogram(mode, window, periodic, frame_length, frame_step, fft_length, scaling):
    """An independent reference, as in Keras's own stft_spectrogram_test.py."""
    scipy_signal = pytest.importorskip("scipy.signal")
    x = signal((2, 2000, 1))
    layer = STFTSpectrogram(mode=mode, frame_length=frame_length, frame_step=frame_step, fft_length=fft_length,
                            window=window, periodic=periodic, scaling=scaling)
    _, _, spec = scipy_signal.spectrogram(
        x[..., 0], window=scipy_signal.get_window(window, frame_length, periodic).astype("float32"),
        nperseg=frame_length, noverlap=frame_length - frame_step, mode=mode, scaling=scaling, detrend=False,
        nfft=fft_length)
    # Keras's tolerance against scipy (float32 kernels against scipy's float64 FFT).
    np.testing.assert_allclose(layer(x).detach().numpy(), spec.transpose(0, 2, 1), rtol=1e-6, atol=5e-4)


def test_stft_channels_are_transformed_independently():
    x = signal((2, 300, 4))
    flat = STFTSpectrogram(mode="psd", frame_length=32)
    expanded = STFTSpectrogram(mode="psd", frame_length=32, expand_dims=True)
    single = STFTSpectrogram(mode="psd", frame_length=32)
    singles = [single(x[..., i:i + 1]) for i in range(4)]
    torch.testing.assert_close(flat(x), torch.cat(singles, dim=-1), rtol=1e-6, atol=1e-7)
    torch.testing.assert_close(expanded(x), torch.stack(singles, dim=-1), rtol=1e-6, atol=1e-7)


def test_stft_config_and_unknown_dims_match_keras(keras):
    kwargs = dict(mode="stft", frame_length=100, frame_step=30, window="hamming", scaling=None, padding="same",
                  expand_dims=True, data_format="channels_first", name="spec")
    layer, oracle = STFTSpectrogram(**kwargs), keras.layers.STFTSpectrogram(**kwargs)
    assert layer.get_config() == oracle.get_config()
    assert STFTSpectrogram.from_config(oracle.get_config()).get_config() == oracle.get_config()
    for shape in [(None, 2, None), (4, 1, 1000)]:
        assert layer.compute_output_shape(shape) == tuple(oracle.compute_output_shape(shape))


def test_stft_default_fft_length_is_the_next_power_of_two():
    layer = STFTSpectrogram(frame_length=100)
    assert layer.compute_output_shape((None, 1000, 1)) == (None, 19, 65)
    assert layer.get_config()["fft_length"] is None
    with pytest.warns(UserWarning, match="power of two"):
        STFTSpectrogram(frame_length=100, fft_length=200)


STFT_BAD_ARGS = [
    (dict(frame_length=256, frame_step=1024), ValueError, "`frame_step` must not be greater than"),
    (dict(frame_step=0), ValueError, "`frame_step` must be a positive integer"),
    (dict(frame_length=256, fft_length=128), ValueError, "`fft_length` must not be less than"),
    (dict(frame_length=1), ValueError, "`fft_length >= 2`"),
    (dict(padding="mypadding"), ValueError, "`padding` must be one of"),
    (dict(scaling="l2"), ValueError, "`scaling` must be one of"),
    (dict(mode="spectrogram"), ValueError, "`mode` must be one of"),
    (dict(window="unknowable"), ValueError, "invalid `window`"),
    (dict(frame_length=16, window=[1.0] * 8), ValueError, r"shape \(frame_length,\) = \(16,\)"),
    (dict(periodic="yes"), TypeError, "`periodic` must be a bool"),
    (dict(data_format="channels_middle"), ValueError, "`data_format` must be"),
]


@pytest.mark.parametrize("kwargs, error, message", STFT_BAD_ARGS, ids=[str(k) for k, _, _ in STFT_BAD_ARGS])
def test_stft_bad_arguments_fail_in_the_constructor_naming_the_layer(kwargs, error, message):
    with pytest.raises(error, match=message) as info:
        STFTSpectrogram(name="spec", **kwargs)
    assert "STFTSpectrogram layer 'spec'" in str(info.value)


def test_stft_bad_inputs_fail_naming_the_layer():
    layer = STFTSpectrogram(frame_length=32, name="spec")
    with pytest.raises(TypeError, match=r"STFTSpectrogram layer 'spec' takes float16, float32 or float64"):
        layer(np.zeros((2, 100, 1), "int32"))
    with pytest.raises(ValueError, match=r"'spec' \(STFTSpectrogram\).*expected ndim=3.*\(2, 100\)"):
        layer(torch.zeros(2, 100))
    with pytest.raises(ValueError, match=r"at least 32 samples.*\(2, 20, 1\)"):
        layer(torch.zeros(2, 20, 1))
    with pytest.raises(ValueError, match=r"fewer samples than frame_length=32"):
        layer.compute_output_shape((None, 20, 1))
    same = STFTSpectrogram(frame_length=32, padding="same", name="spec")
    assert tuple(same(torch.zeros(2, 20, 1)).shape) == (2, 2, 17)  # "same" pads short signals
    with pytest.raises(ValueError, match=r"at least 1 samples"):
        same(torch.zeros(2, 0, 1))


@pytest.mark.parametrize("mode", MODES)
def test_float64_stft_matches_keras(mode, keras):
    # A torch tensor: Keras-on-torch converts float64 numpy arrays to float32 first.
    x = torch.from_numpy(signal((2, 300, 1), dtype="float64"))
    oracle, want, layer = stft_pair(keras, mode, dict(frame_length=32, frame_step=8, dtype="float64"), x)
    got = layer(x)
    assert got.dtype == torch.float64
    if mode in ("real", "imag", "psd", "stft"):
        np.testing.assert_allclose(got.detach().numpy(), want, rtol=1e-10, atol=1e-10)
    else:
        # Keras returns float32 here (its `maximum(x, epsilon)` / `arctan2` promote float64 to
        # float32); Lamina keeps the layer's float64: equal to float32 rounding.
        assert want.dtype == np.float32
        np.testing.assert_allclose(got.detach().numpy(), want, rtol=1e-6, atol=1e-6)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_layers_build_and_compute_on_the_input_device():
    x = torch.from_numpy(signal((2, 500, 1)))
    mel = MelSpectrogram(fft_length=64, sequence_stride=16, num_mel_bins=8)
    got = mel(x[..., 0].cuda())
    assert got.device.type == "cuda"
    # cuFFT / cuDNN sum in their own order: the FFT/convolution tolerance.
    torch.testing.assert_close(got.cpu(), mel(x[..., 0]), rtol=1e-5, atol=1e-4)
    cpu, cuda = STFTSpectrogram(frame_length=32), STFTSpectrogram(frame_length=32)
    got = cuda(x.cuda())  # built on the first input's device
    assert got.device.type == "cuda" and all(w.device.type == "cuda" for w in cuda.weights)
    torch.testing.assert_close(got.cpu(), cpu(x), **CONV)


@pytest.mark.parametrize("policy", ["mixed_float16", "mixed_bfloat16", "float16"])
def test_mel_under_a_low_precision_policy_computes_in_float32_then_casts(policy, keras):
    """keras/src/layers/preprocessing/mel_spectrogram.py `call`: computes in float32 unless
    the compute dtype is float32/float64, then casts to the compute dtype; a float16 layer
    first rounds its inputs to float16, a mixed one keeps them float32. (Keras-on-torch's
    mixed output is rounded differently inside, so there the float32 result is the reference.)"""
    x = torch.from_numpy(signal((2, 500)))
    kwargs = dict(fft_length=64, sequence_stride=16, num_mel_bins=8)
    dtype = getattr(torch, policy.removeprefix("mixed_"))
    got = MelSpectrogram(dtype=policy, **kwargs)(x)
    assert got.dtype == dtype
    inputs = x if policy.startswith("mixed_") else x.to(dtype).float()
    assert torch.equal(got, MelSpectrogram(**kwargs)(inputs).to(dtype))
    if policy == "float16":
        want = keras.layers.MelSpectrogram(dtype=policy, **kwargs)(x)
        torch.testing.assert_close(got, want, rtol=1e-3, atol=1e-2)  # float16 outputs


def test_layers_in_models_with_unknown_lengths_match_keras(keras):
    mel = dict(fft_length=64, sequence_stride=16, num_mel_bins=8)
    stft = dict(frame_length=32, frame_step=8, mode="psd")
    x, xs = signal((2, 300)), signal((2, 300, 2))
    ours = lamina.Sequential([lamina.Input((None,)), MelSpectrogram(**mel)])
    theirs = keras.Sequential([keras.Input((None,)), keras.layers.MelSpectrogram(**mel)])
    assert tuple(ours.output_shape) == tuple(theirs.output_shape) == (None, 8, None)
    np.testing.assert_allclose(ours.predict(x, verbose=0), theirs.predict(x, verbose=0), rtol=1e-5, atol=1e-4)
    ours = lamina.Sequential([lamina.Input((None, 2)), STFTSpectrogram(**stft)])
    theirs = keras.Sequential([keras.Input((None, 2)), keras.layers.STFTSpectrogram(**stft)])
    assert tuple(ours.output_shape) == tuple(theirs.output_shape) == (None, None, 34)
    np.testing.assert_allclose(ours.predict(xs, verbose=0), theirs.predict(xs, verbose=0), **CONV)


@settings(max_examples=25)
@given(samples=st.integers(1, 300), fft_length=st.integers(2, 64), stride=st.integers(1, 40))
def test_centered_frames_is_the_torch_stft_frame_count(samples, fft_length, stride):
    if samples <= fft_length // 2:  # the reflect padding needs a longer signal
        return
    out = torch.stft(torch.zeros(samples), fft_length, stride, window=torch.ones(fft_length), center=True,
                     return_complex=True)
    assert out.shape[-1] == spectral.centered_frames(samples, fft_length, stride)


@settings(max_examples=25)
@given(time=st.integers(1, 120), frame_length=st.integers(1, 40), step_fraction=st.floats(0.01, 1.0),
       padding=st.sampled_from(["valid", "same"]), data_format=st.sampled_from(["channels_last", "channels_first"]))
def test_stft_symbolic_shape_equals_eager_shape(time, frame_length, step_fraction, padding, data_format):
    step = max(1, int(frame_length * step_fraction))
    layer = STFTSpectrogram(frame_length=frame_length, frame_step=step, fft_length=2 if frame_length == 1 else None,
                            padding=padding, data_format=data_format)
    shape = (2, time, 3) if data_format == "channels_last" else (2, 3, time)
    if padding == "valid" and time < frame_length:
        with pytest.raises(ValueError, match="STFTSpectrogram"):
            layer(torch.zeros(shape))
        return
    assert tuple(layer(torch.zeros(shape)).shape) == layer.compute_output_shape(shape)
