"""The Flatten -> Dense hot spot and its GlobalAveragePooling2D alternative.

The alternative's cost is checked two ways: by hand (`channels * units + units`) and
by building the GlobalAveragePooling2D model for real and counting its parameters.
"""

import pytest

from lamina import Input, Sequential, layers
from lamina.analysis import profile


def test_reference_model_hot_spot(reference, gap):
    spot = profile(reference).hot_spot
    assert (spot.dense, spot.flatten) == ("dense", "flatten")
    assert spot.params == 30 * 30 * 32 * 10 + 10 == 288_010
    assert spot.model_params == 896 + 288_010
    assert spot.share == pytest.approx(288_010 / 288_906)
    assert (spot.features, spot.units, spot.use_bias) == (28_800, 10, True)
    assert spot.feature_map == (None, 30, 30, 32)
    assert spot.gap_features == 32
    assert spot.gap_params == 32 * 10 + 10 == 330
    # The alternative, built: its Dense and its total match what the note promises.
    assert spot.gap_params == gap.layers[-1].count_params()
    assert spot.model_params_with_gap == gap.count_params() == 896 + 330


def test_note_states_the_counts(reference):
    note = profile(reference).hot_spot.note()
    flat = " ".join(line.strip() for line in note.splitlines())
    assert "Dense 'dense' after Flatten holds 288,010 of the model's 288,906 parameters (99.7%)" in flat
    assert "28,800 features x 10 units + 10 biases" in flat
    assert "32 x 10 + 10 = 330 parameters (288,010 → 330; model total 288,906 → 1,226)" in flat
    assert all(len(line) <= 88 and line.startswith(" ") for line in note.splitlines())


def test_no_hot_spot_with_global_average_pooling(gap):
    assert profile(gap).hot_spot is None


def test_no_hot_spot_when_the_dense_holds_half_or_less():
    # Conv2D(128, 3) on 8x8x64 holds 3*3*64*128 + 128 = 73,856; the Dense
    # 6*6*128*10 + 10 = 46,090, 38% of the total.
    model = Sequential([Input((8, 8, 64)), layers.Conv2D(128, 3), layers.Flatten(), layers.Dense(10)])
    assert model.layers[-1].count_params() == 46_090
    assert profile(model).hot_spot is None


def test_dropout_between_flatten_and_dense_is_seen_through():
    model = Sequential([Input((10, 10, 4)), layers.Conv2D(8, 3), layers.Flatten(), layers.Dropout(0.5),
                        layers.Dense(16)])
    spot = profile(model).hot_spot
    assert (spot.flatten, spot.dense) == ("flatten", "dense")
    assert spot.gap_params == 8 * 16 + 16


def test_channels_first_feature_map_pools_axis_1():
    model = Sequential([
        Input((3, 12, 12)), layers.Conv2D(6, 3, data_format="channels_first"),
        layers.Flatten(data_format="channels_first"), layers.Dense(4),
    ])
    spot = profile(model).hot_spot
    assert spot.feature_map == (None, 6, 10, 10)
    assert spot.gap_features == 6
    assert spot.gap_params == 6 * 4 + 4


def test_only_the_first_dense_changes_size():
    model = Sequential([Input((12, 12, 3)), layers.Conv2D(16, 3), layers.Flatten(), layers.Dense(64),
                        layers.Dense(10)])
    spot = profile(model).hot_spot
    conv, first, second = 3 * 3 * 3 * 16 + 16, 10 * 10 * 16 * 64 + 64, 64 * 10 + 10
    assert spot.params == first and spot.model_params == conv + first + second
    assert spot.gap_params == 16 * 64 + 64
    assert spot.model_params_with_gap == conv + (16 * 64 + 64) + second


def test_dense_without_bias():
    model = Sequential([Input((6, 6, 2)), layers.Conv2D(4, 3), layers.Flatten(), layers.Dense(5, use_bias=False)])
    spot = profile(model).hot_spot
    assert spot.params == 4 * 4 * 4 * 5 and spot.gap_params == 4 * 5
    assert "biases" not in spot.note()


def test_flattened_raw_input_has_no_pooling_alternative():
    # The MNIST MLP: 784 pixels x 128 units + 128 = 100,480 of 101,770 parameters.
    model = Sequential([Input((28, 28)), layers.Flatten(), layers.Dense(128), layers.Dropout(0.2),
                        layers.Dense(10)])
    spot = profile(model).hot_spot
    assert spot.params == 784 * 128 + 128 and spot.model_params == 101_770
    assert spot.gap_features is None and spot.gap_params is None and spot.model_params_with_gap is None
    assert "is not a 1-, 2- or 3-D feature map" in " ".join(spot.note().split())
