"""`lamina.analysis.profile`: parameters, MACs and activation memory, derived by hand.

Every expected figure is written as the formula from the `costs` docstring applied to
the model's shapes; torch's FlopCounterMode is a second, independent oracle for the
Conv2D and Dense MACs (it counts 2 FLOPs per multiply-accumulate).
"""

import numpy as np
import pytest
import torch
from torch.utils.flop_counter import FlopCounterMode

import lamina
from lamina import Input, Model, Sequential, layers
from lamina.analysis import LayerProfile, ModelProfile, profile

F32 = 4  # bytes per float32 value


def test_reference_model_figures(reference):
    report = profile(reference)
    assert isinstance(report, ModelProfile) and all(isinstance(r, LayerProfile) for r in report.layers)
    conv, flatten, dense = report.layers
    # Conv2D(32, 3) on 32x32x3, valid padding: a 30x30x32 map, each value reading 3*3*3 inputs.
    assert conv.output_shape == (None, 30, 30, 32)
    assert conv.params == 3 * 3 * 3 * 32 + 32
    assert conv.macs == 30 * 30 * 32 * (3 * 3 * 3) == 777_600
    assert conv.activation_bytes == 30 * 30 * 32 * F32
    assert flatten.output_shape == (None, 30 * 30 * 32)
    assert (flatten.params, flatten.macs, flatten.activation_bytes) == (0, 0, 28_800 * F32)
    assert dense.params == 28_800 * 10 + 10 == 288_010
    assert dense.macs == 28_800 * 10 == 288_000
    assert dense.activation_bytes == 10 * F32
    total = 896 + 288_010
    assert (report.total_params, report.trainable_params, report.non_trainable_params) == (total, total, 0)
    assert conv.param_share == pytest.approx(896 / total)
    assert dense.param_share == pytest.approx(288_010 / total)
    assert report.macs == 777_600 + 288_000
    assert report.activation_bytes == (28_800 + 28_800 + 10) * F32


def test_model_b_with_pooling(keras):
    def build(lib):
        return lib.Sequential([
            lib.Input((32, 32, 3)), lib.layers.Conv2D(32, 3), lib.layers.MaxPooling2D(2),
            lib.layers.Conv2D(64, 3), lib.layers.AveragePooling2D(2), lib.layers.Flatten(),
            lib.layers.Dense(128), lib.layers.Dense(10),
        ])

    report = profile(build(lamina))
    conv1, pool1, conv2, pool2, flatten, dense1, dense2 = report.layers
    assert conv1.macs == 30 * 30 * 32 * (3 * 3 * 3)
    assert pool1.output_shape == (None, 15, 15, 32)
    assert pool1.macs == 15 * 15 * 32 * (2 * 2)  # one read per window cell
    assert conv2.output_shape == (None, 13, 13, 64)
    assert conv2.macs == 13 * 13 * 64 * (3 * 3 * 32)
    assert pool2.output_shape == (None, 6, 6, 64)
    assert pool2.macs == 6 * 6 * 64 * (2 * 2)
    assert flatten.macs == 0
    assert dense1.macs == 6 * 6 * 64 * 128
    assert dense2.macs == 128 * 10
    # Parameter counts against the Keras oracle, layer by layer.
    theirs = build(keras)
    assert [row.params for row in report.layers] == [layer.count_params() for layer in theirs.layers]
    assert report.total_params == theirs.count_params() == 315_722


def test_conv_and_dense_macs_agree_with_torch_flop_counter():
    model = Sequential([
        Input((16, 16, 4)), layers.Conv2D(8, 3, strides=2, padding="same"),
        layers.Conv2D(6, (3, 1), groups=2), layers.Flatten(), layers.Dense(5),
    ])
    with FlopCounterMode(display=False) as counter:
        model(torch.zeros(1, 16, 16, 4))
    flops = counter.get_flop_counts()
    report = profile(model)
    for layer in model.layers:
        if isinstance(layer, (layers.Conv2D, layers.Dense)):
            counted = sum(flops[f"{type(model).__name__}.{layer.name}"].values())
            assert report.layer(layer.name).macs * 2 == counted, layer.name


@pytest.mark.parametrize(
    "build, input_shape, expected",
    [
        # padding="same", strides 2: ceil(9 / 2) = 5 positions per axis.
        (lambda: layers.Conv2D(4, 3, strides=2, padding="same"), (9, 9, 2), 5 * 5 * 4 * (3 * 3 * 2)),
        # channels_first: channels are read from axis 1.
        (lambda: layers.Conv2D(4, 3, data_format="channels_first"), (2, 9, 9), 7 * 7 * 4 * (3 * 3 * 2)),
        # groups=2: each output reads in_channels / 2 of the 6 inputs.
        (lambda: layers.Conv2D(4, 3, groups=2), (5, 5, 6), 3 * 3 * 4 * (3 * 3 * 3)),
        # dilation 2 makes the 3x3 kernel span 5 cells; still 9 reads per output.
        (lambda: layers.Conv2D(4, 3, dilation_rate=2), (9, 9, 2), 5 * 5 * 4 * (3 * 3 * 2)),
        # Dense on a rank-3 input: the kernel applies at each of the 5 positions.
        (lambda: layers.Dense(3), (5, 7), 5 * 7 * 3),
        (lambda: layers.MaxPooling2D(3, strides=1), (6, 6, 2), 4 * 4 * 2 * (3 * 3)),
        (lambda: layers.GlobalAveragePooling2D(), (6, 5, 4), 6 * 5 * 4),
        (lambda: layers.GlobalMaxPooling2D(), (6, 5, 4), 6 * 5 * 4),
        (lambda: layers.BatchNormalization(), (6, 5, 4), 6 * 5 * 4),
        (lambda: layers.Activation("relu"), (6, 5, 4), 0),
        (lambda: layers.Dropout(0.5), (6, 5, 4), 0),
        (lambda: layers.Reshape((30, 4)), (6, 5, 4), 0),
    ],
    ids=["same-stride2", "channels-first", "groups", "dilation", "dense-rank3", "maxpool-stride1",
         "gap", "gmp", "batchnorm", "activation", "dropout", "reshape"],
)
def test_macs_per_layer_type(build, input_shape, expected):
    model = Sequential([Input(input_shape), build()])
    assert profile(model).layers[0].macs == expected


def test_add_counts_one_mac_per_extra_input():
    a, b, c = Input((4, 4, 3)), Input((4, 4, 3)), Input((4, 4, 3))
    model = Model([a, b, c], layers.Add(name="sum")([a, b, c]))
    report = profile(model)
    assert report.layer("sum").macs == (3 - 1) * 4 * 4 * 3
    # Functional summaries list the inputs; their memory is the input data.
    assert [r.class_name for r in report.layers].count("InputLayer") == 3
    assert report.activation_bytes == 4 * (4 * 4 * 3) * F32


def test_profile_before_any_data_and_equal_after_training():
    model = Sequential([Input((8, 8, 1)), layers.Conv2D(2, 3), layers.Flatten(), layers.Dense(3)])
    before = profile(model)
    model.compile("sgd", "mse")
    model.fit(np.zeros((4, 8, 8, 1), "float32"), np.zeros((4, 3), "float32"), epochs=1, verbose=0)
    assert profile(model) == before
    assert before.macs == 6 * 6 * 2 * 9 + 72 * 3


def test_unbuilt_model_has_unknown_figures_until_called():
    model = Sequential([layers.Conv2D(2, 3), layers.Flatten(), layers.Dense(3)])
    report = profile(model)
    assert [r.params for r in report.layers] == [0, 0, 0]
    assert all(r.macs is None and r.output_shape is None for r in report.layers)
    assert report.macs is None and report.activation_bytes is None
    model(np.zeros((1, 5, 5, 1), "float32"))
    assert profile(model).macs == 3 * 3 * 2 * 9 + 18 * 3


def test_unknown_spatial_size_gives_unknown_macs():
    model = Sequential([Input((None, None, 3)), layers.Conv2D(4, 3), layers.GlobalAveragePooling2D(),
                        layers.Dense(2)])
    conv, pool, dense = profile(model).layers
    assert conv.macs is None and conv.activation_bytes is None and pool.macs is None
    assert dense.macs == 4 * 2 and dense.activation_bytes == 2 * F32
    assert profile(model).macs is None


def test_memory_follows_the_dtype():
    model = Sequential([Input((6,)), layers.Dense(4, dtype="float16"), layers.Dense(3, dtype="float64")])
    half, double = profile(model).layers
    assert half.activation_bytes == 4 * 2
    assert double.activation_bytes == 3 * 8


def test_custom_layer_costs_are_unknown():
    class Double(lamina.Layer):
        def call(self, inputs):
            return inputs * 2

    model = Sequential([Input((5,)), Double(), layers.Dense(2)])
    custom, dense = profile(model).layers
    assert custom.macs is None and custom.activation_bytes == 5 * F32
    assert dense.macs == 5 * 2
    assert profile(model).macs is None


def test_shared_layer_counts_every_call():
    shared = layers.Dense(4, name="shared")
    a, b = Input((3,)), Input((3,))
    model = Model([a, b], layers.Add()([shared(a), shared(b)]))
    row = profile(model).layer("shared")
    assert row.params == 3 * 4 + 4  # one set of weights
    assert row.macs == 2 * (3 * 4)  # two calls
    assert row.activation_bytes == 2 * 4 * F32


def test_nested_model_rolls_up_its_layers():
    inner = Sequential([Input((8,)), layers.Dense(4), layers.Dense(2)], name="inner")
    x = Input((8,))
    model = Model(x, layers.Dense(1)(inner(x)))
    row = profile(model).layer("inner")
    assert row.params == (8 * 4 + 4) + (4 * 2 + 2)
    assert row.macs == 8 * 4 + 4 * 2
    assert row.activation_bytes == (4 + 2) * F32


def test_subclassed_model_uses_the_shapes_layers_were_built_for():
    class Net(lamina.Model):
        def __init__(self):
            super().__init__()
            self.conv = layers.Conv2D(4, 3)
            self.pool = layers.GlobalAveragePooling2D()
            self.head = layers.Dense(2)

        def call(self, inputs):
            return self.head(self.pool(self.conv(inputs)))

    model = Net()
    model(np.zeros((1, 7, 7, 3), "float32"))
    conv, pool, head = profile(model).layers
    assert conv.output_shape == (None, 5, 5, 4)
    assert conv.macs == 5 * 5 * 4 * (3 * 3 * 3)
    # A layer without weights is built at construction and never records a shape, so
    # (as in Keras's summary, which shows "?") its figures stay unknown.
    assert pool.output_shape is None and pool.macs is None
    assert head.macs == 4 * 2
    assert profile(model).hot_spot is None  # no graph to follow


def test_frozen_weights_are_counted_apart():
    model = Sequential([Input((4, 4, 3)), layers.Conv2D(2, 3), layers.BatchNormalization(),
                        layers.Flatten(), layers.Dense(2)])
    model.layers[0].trainable = False
    report = profile(model)
    conv = 3 * 3 * 3 * 2 + 2
    moving = 2 * 2  # BatchNormalization's moving mean and variance
    assert report.non_trainable_params == conv + moving
    assert report.trainable_params == report.total_params - conv - moving
    assert report.total_params == model.count_params()


def test_layer_lookup_error_lists_names(reference):
    with pytest.raises(ValueError, match=r"No layer named 'nope'.*'conv2d', 'flatten', 'dense'"):
        profile(reference).layer("nope")
