"""Size insight beyond 2-D: the Flatten -> Dense hot spot for Conv1D, Embedding and Conv3D
maps, priced against the global average pooling of the same rank, and MACs of the new
convolution kinds, each derived by hand in the test."""

import pytest

from lamina import Input, Sequential, layers
from lamina.analysis import layer_macs, profile


@pytest.mark.parametrize(
    "stack, features, channels, gap",
    [
        ([Input((100,), dtype="int32"), layers.Embedding(100, 16)], 100 * 16, 16, "GlobalAveragePooling1D"),
        ([Input((64, 3)), layers.Conv1D(32, 3)], 62 * 32, 32, "GlobalAveragePooling1D"),
        ([Input((8, 8, 8, 1)), layers.Conv3D(8, 3)], 6 * 6 * 6 * 8, 8, "GlobalAveragePooling3D"),
    ],
    ids=["embedding", "conv1d", "conv3d"],
)
def test_flatten_dense_hot_spot_on_1d_and_3d_maps(stack, features, channels, gap):
    model = Sequential([*stack, layers.Flatten(), layers.Dense(10)])
    spot = profile(model).hot_spot
    assert spot.features == features and spot.gap_features == channels
    assert spot.params == features * 10 + 10 and spot.gap_params == channels * 10 + 10
    assert spot.gap_layer == gap and gap in " ".join(spot.note().split())


def test_raw_rank_3_input_is_not_priced_as_a_feature_map():
    model = Sequential([Input((28, 28)), layers.Flatten(), layers.Dense(128), layers.Dense(10)])
    assert profile(model).hot_spot.gap_features is None


def macs_of(layer, input_shape):
    model = Sequential([Input(input_shape), layer])
    return layer_macs(layer, [(None, *input_shape)], [tuple(model.output_shape)])


@pytest.mark.parametrize(
    "layer, input_shape, expected",
    [
        # Each input value meets the 3x3 kernel once per filter: 4*4*2 inputs x 9 x 5.
        (layers.Conv2DTranspose(5, 3), (4, 4, 2), 4 * 4 * 2 * 9 * 5),
        # One input channel per output channel: 6x6x(2*3) outputs x 9.
        (layers.DepthwiseConv2D(3, depth_multiplier=3), (8, 8, 2), 6 * 6 * 6 * 9),
        # Depthwise 6x6x2 outputs x 9, then a 1x1 conv: 6x6x4 outputs x 2 inputs.
        (layers.SeparableConv2D(4, 3), (8, 8, 2), 6 * 6 * 2 * 9 + 6 * 6 * 4 * 2),
        # Conv1D: 8 positions x 4 filters x (3 x 2) kernel values.
        (layers.Conv1D(4, 3), (10, 2), 8 * 4 * 3 * 2),
        (layers.GlobalAveragePooling1D(), (10, 2), 20),
        (layers.LayerNormalization(), (5, 3), 15),
        (layers.Embedding(10, 4), (7,), 0),
        # (32 - 8) // 4 + 1 = 7 frames x 5 bins, 8 taps each, real and imaginary kernels.
        (layers.STFTSpectrogram(mode="magnitude", frame_length=8, frame_step=4, fft_length=8), (32, 1),
         7 * 5 * 8 * 2),
        # Centered frames: 1 + 64 // 8 = 9; per frame 9 bins x (2 x 16 taps + 4 mel bins).
        (layers.MelSpectrogram(fft_length=16, sequence_stride=8, sequence_length=16, num_mel_bins=4), (64,),
         9 * 9 * (2 * 16 + 4)),
        (layers.RandomFlip(), (8, 8, 3), 0),  # the identity at inference
        (layers.Rescaling(1 / 255), (8, 8, 3), 8 * 8 * 3),
    ],
    ids=["conv2d_transpose", "depthwise", "separable", "conv1d", "gap1d", "layernorm", "embedding", "stft", "mel",
         "random_flip", "rescaling"],
)
def test_macs_of_new_layer_kinds(layer, input_shape, expected):
    if isinstance(layer, layers.Embedding):
        model = Sequential([Input(input_shape, dtype="int32"), layer])
        assert layer_macs(layer, [(None, *input_shape)], [tuple(model.output_shape)]) == expected
    else:
        assert macs_of(layer, input_shape) == expected


@pytest.mark.parametrize(
    "layer, gates",
    [(layers.LSTM(6), 4), (layers.GRU(6), 3), (layers.SimpleRNN(6), 1)],
    ids=["lstm", "gru", "simple_rnn"],
)
def test_recurrent_macs_are_steps_times_gate_matmuls(layer, gates):
    # 12 steps; each gate multiplies 5 input features and 6 state units into 6 units.
    assert macs_of(layer, (12, 5)) == 12 * (5 + 6) * 6 * gates


def test_bidirectional_macs_count_both_directions():
    assert macs_of(layers.Bidirectional(layers.LSTM(6)), (12, 5)) == 2 * 12 * (5 + 6) * 6 * 4
