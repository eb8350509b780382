"""from_torch / to_torch for 1-D and 3-D maps, transposed and depthwise convolutions, upsampling,
normalization, Embedding, activation modules and recurrent modules.

The oracle is the torch model itself: a ported model must compute what the original computes
on the same data (moved to channels_last where torch holds it channels_first).
"""

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from torch import nn

import lamina
from lamina import layers
from lamina.interop import RecurrentOutput, SequencePooling, from_torch, to_torch
from lamina.interop.flatten_order import reorder_rows

CONV_TOL = dict(rtol=5e-4, atol=1e-5)  # float32 convolutions sum in a different order
DENSE_TOL = dict(rtol=1e-5, atol=1e-6)


def _randomize(module):
    """Random non-default statistics and affine parameters, so the norms are really checked."""
    with torch.no_grad():
        for m in module.modules():
            if isinstance(m, nn.modules.batchnorm._BatchNorm):
                m.running_mean.uniform_(-1, 1)
                m.running_var.uniform_(0.5, 2.0)
            if isinstance(m, (nn.modules.batchnorm._BatchNorm, nn.LayerNorm, nn.GroupNorm, nn.PReLU)):
                for p in m.parameters():
                    p.uniform_(0.2, 1.5)
    return module.eval()


def _rnn(cls, *args, **kwargs):
    return cls(*args, batch_first=True, **kwargs)


# name -> (torch model, torch input shape without batch, "float" | "ids", tolerance)
CASES = {
    "conv1d_flatten_linear": (lambda: nn.Sequential(
        nn.Conv1d(3, 4, 3, padding=1), nn.ReLU(), nn.Conv1d(4, 4, 3, padding="same", dilation=2),
        nn.MaxPool1d(2),
        nn.Flatten(), nn.Linear(4 * 5, 3),
    ), (3, 10), "float", CONV_TOL),
    "conv1d_depthwise_pools": (lambda: nn.Sequential(
        nn.Conv1d(3, 6, 3, stride=2, groups=3), nn.Conv1d(6, 6, 2, dilation=2, groups=6, bias=False),
        nn.BatchNorm1d(6), nn.Conv1d(6, 4, 2, padding=2), nn.AvgPool1d(2, padding=1),
        nn.ZeroPad1d((1, 2)), nn.AdaptiveMaxPool1d(1), nn.Flatten(), nn.Linear(4, 2),
    ), (3, 17), "float", CONV_TOL),
    "conv3d_flatten_linear": (lambda: nn.Sequential(
        nn.Conv3d(2, 3, 3, padding=1), nn.BatchNorm3d(3), nn.ELU(0.5), nn.MaxPool3d(2),
        nn.Conv3d(3, 4, (1, 2, 2)), nn.LayerNorm([4, 3, 2, 2]), nn.Flatten(), nn.Linear(4 * 3 * 2 * 2, 5),
    ), (2, 6, 6, 6), "float", CONV_TOL),
    "adaptive_pooling": (lambda: nn.Sequential(
        nn.Conv2d(2, 3, 1), nn.AdaptiveAvgPool2d((3, None)), nn.AdaptiveMaxPool2d(2), nn.Flatten(),
        nn.Linear(3 * 2 * 2, 2),
    ), (2, 7, 5), "float", CONV_TOL),
    "adaptive_pooling_1d_3d": (lambda: nn.Sequential(
        nn.AdaptiveMaxPool1d(3), nn.Conv1d(2, 2, 1), nn.AdaptiveAvgPool1d(2), nn.Flatten(), nn.Linear(4, 2),
    ), (2, 7), "float", CONV_TOL),
    "adaptive_pooling_3d": (lambda: nn.Sequential(
        nn.AdaptiveAvgPool3d((2, 3, 1)), nn.Conv3d(2, 2, 1), nn.AdaptiveMaxPool3d(1), nn.Flatten(),
    ), (2, 5, 6, 4), "float", CONV_TOL),
    "conv3d_groupnorm_global": (lambda: nn.Sequential(
        nn.Conv3d(2, 4, 3, stride=2, groups=2), nn.GroupNorm(2, 4), nn.ZeroPad3d((1, 0, 0, 1, 2, 0)),
        nn.AvgPool3d(2), nn.AdaptiveAvgPool3d(1), nn.Flatten(), nn.Linear(4, 3),
    ), (2, 7, 7, 7), "float", CONV_TOL),
    "conv_transpose1d": (lambda: nn.Sequential(
        nn.ConvTranspose1d(3, 4, 4, stride=3, padding=2, output_padding=1), nn.PReLU(),
        nn.ConvTranspose1d(4, 2, 3, dilation=2, bias=False),
    ), (3, 6), "float", CONV_TOL),
    "conv_transpose2d": (lambda: nn.Sequential(
        nn.ConvTranspose2d(3, 4, 3, stride=2, padding=1, output_padding=1), nn.LeakyReLU(0.1),
        nn.ConvTranspose2d(4, 2, 2, stride=2), nn.Softmax(dim=1),
    ), (3, 5, 5), "float", CONV_TOL),
    "conv_transpose3d": (lambda: nn.Sequential(
        nn.ConvTranspose3d(2, 3, 3, stride=2, padding=1), nn.PReLU(3), nn.Flatten(), nn.Linear(3 * 125, 2),
    ), (2, 3, 3, 3), "float", CONV_TOL),
    "depthwise2d_hard_activations": (lambda: nn.Sequential(
        nn.Conv2d(4, 8, 3, groups=4, padding=1), nn.Hardswish(), nn.Dropout2d(0.2),
        nn.Conv2d(8, 8, 3, groups=8, stride=2),
        nn.Hardsigmoid(), nn.Upsample(scale_factor=2), nn.Hardtanh(), nn.Softmax(dim=2),
    ), (4, 8, 8), "float", CONV_TOL),
    "upsampling": (lambda: nn.Sequential(
        nn.Conv2d(3, 4, 1), nn.Upsample(scale_factor=2, mode="bilinear"), nn.UpsamplingNearest2d(size=(12, 8)),
    ), (3, 3, 2), "float", CONV_TOL),
    "upsampling_1d_3d": (lambda: nn.Sequential(nn.Upsample(scale_factor=3), nn.Conv1d(2, 2, 2)),
                         (2, 4), "float", CONV_TOL),
    "upsampling_3d": (lambda: nn.Sequential(nn.Upsample(size=(4, 2, 6)), nn.Conv3d(2, 2, 1)),
                      (2, 2, 1, 3), "float", CONV_TOL),
    "embedding_layernorm_flatten": (lambda: nn.Sequential(
        nn.Embedding(20, 4), nn.LayerNorm(4), nn.LayerNorm([6, 4]), nn.Flatten(), nn.Linear(6 * 4, 3),
        nn.Softmax(dim=-1),
    ), (6,), "ids", DENSE_TOL),
    "embedding_lstm_gru": (lambda: nn.Sequential(
        nn.Embedding(20, 4), RecurrentOutput(_rnn(nn.LSTM, 4, 5)), nn.LayerNorm(5, bias=False),
        RecurrentOutput(_rnn(nn.GRU, 5, 3), return_sequences=False), nn.Linear(3, 2),
    ), (7,), "ids", dict(rtol=1e-4, atol=1e-5)),  # recurrences compound float32 rounding
    "embedding_sequence_pooling": (lambda: nn.Sequential(
        nn.Embedding(20, 4), SequencePooling(), nn.Linear(4, 3), nn.Sigmoid(),
    ), (8,), "ids", DENSE_TOL),
    "gru_max_pooling": (lambda: nn.Sequential(
        RecurrentOutput(_rnn(nn.GRU, 3, 4)), SequencePooling("max", keepdims=True), nn.Flatten(),
    ), (6, 3), "float", dict(rtol=1e-4, atol=1e-5)),
    "linear_lstm_sequence": (lambda: nn.Sequential(
        nn.Linear(3, 4), nn.Tanh(), RecurrentOutput(_rnn(nn.LSTM, 4, 3, bias=False), return_sequences=False),
    ), (5, 3), "float", dict(rtol=1e-4, atol=1e-5)),
    "simple_rnn_sequence": (lambda: nn.Sequential(
        RecurrentOutput(_rnn(nn.RNN, 3, 4, nonlinearity="relu")), nn.Softmax(dim=2),
        RecurrentOutput(_rnn(nn.RNN, 4, 2, bias=False)), nn.Flatten(), nn.Linear(10, 2),
    ), (5, 3), "float", dict(rtol=1e-4, atol=1e-5)),
    "dense_activation_modules": (lambda: nn.Sequential(
        nn.Linear(6, 5), nn.PReLU(5), nn.LeakyReLU(), nn.Linear(5, 4), nn.ELU(2.0), nn.GroupNorm(2, 4),
        nn.LayerNorm(4, elementwise_affine=False), nn.PReLU(), nn.LogSoftmax(dim=1),
    ), (6,), "float", DENSE_TOL),
}


def _inputs(shape, kind, batch=3):
    if kind == "ids":
        return torch.randint(0, 20, (batch, *shape))
    return torch.randn(batch, *shape)


def _to_lamina_layout(x, kind, torch_model):
    first = next(m for m in torch_model.modules() if not isinstance(m, nn.Sequential))
    if kind == "ids" or isinstance(first, (RecurrentOutput, nn.Linear)) or x.dim() == 2:
        return x
    return x.movedim(1, -1)


@pytest.mark.parametrize("name", sorted(CASES))
def test_from_torch_matches_the_torch_model(name):
    build, shape, kind, tol = CASES[name]
    torch_model = _randomize(build())
    x = _inputs(shape, kind)
    x_lamina = _to_lamina_layout(x, kind, torch_model)
    model = from_torch(torch_model, tuple(x_lamina.shape[1:]))
    with torch.no_grad():
        expected = _to_lamina_layout(torch_model(x), kind, torch_model)  # maps come out channels_last
        got = model(x_lamina)
    torch.testing.assert_close(got, expected, **tol)


@pytest.mark.parametrize(
    "name, expected",
    [
        ("conv1d_depthwise_pools", ["DepthwiseConv1D", "DepthwiseConv1D", "BatchNormalization", "ZeroPadding1D",
                                    "Conv1D", "ZeroPadding1D", "AveragePooling1D", "ZeroPadding1D",
                                    "GlobalMaxPooling1D", "Flatten", "Dense"]),
        ("conv_transpose2d", ["Conv2DTranspose", "Cropping2D", "LeakyReLU", "Conv2DTranspose", "Activation"]),
        ("depthwise2d_hard_activations", ["DepthwiseConv2D", "Activation", "SpatialDropout2D",
                                          "DepthwiseConv2D", "Activation", "UpSampling2D", "Activation",
                                          "Softmax"]),
        ("embedding_lstm_gru", ["Embedding", "LSTM", "LayerNormalization", "GRU", "Dense"]),
        ("dense_activation_modules", ["Dense", "PReLU", "LeakyReLU", "Dense", "ELU", "GroupNormalization",
                                      "LayerNormalization", "PReLU", "Activation"]),
    ],
)
def test_from_torch_builds_the_keras_layers(name, expected):
    """Depthwise convs, padding crops and activation modules become the idiomatic Keras layers."""
    build, shape, kind, _ = CASES[name]
    torch_model = build()
    x = _to_lamina_layout(_inputs(shape, kind), kind, torch_model)
    model = from_torch(torch_model, tuple(x.shape[1:]))
    assert [type(layer).__name__ for layer in model.layers] == expected


@pytest.mark.parametrize("cls", [nn.LSTM, nn.GRU, nn.RNN])
def test_a_bare_recurrent_module_becomes_its_sequence_output(cls):
    """torch's recurrent modules return `(output, state)`; from_torch keeps the output sequence."""
    rnn = cls(3, 4, batch_first=True)
    x = torch.randn(2, 5, 3)
    model = from_torch(nn.Sequential(rnn), (5, 3))
    assert model.layers[0].return_sequences
    with torch.no_grad():
        torch.testing.assert_close(model(x), rnn(x)[0], rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("name", sorted(CASES))
def test_to_torch_inverts_from_torch(name):
    build, shape, kind, tol = CASES[name]
    torch_model = _randomize(build())
    x = _inputs(shape, kind)
    model = from_torch(torch_model, tuple(_to_lamina_layout(x, kind, torch_model).shape[1:]))
    roundtrip = to_torch(model)
    with torch.no_grad():
        torch.testing.assert_close(roundtrip(x), torch_model(x), **tol)


# Lamina-built models whose settings from_torch never produces ("same" and "causal" padding,
# cropping, ReLU/Softmax layers): to_torch must still compute what the Lamina model computes.
LAMINA_MODELS = {
    "conv1d_causal_same": lambda: lamina.Sequential([
        lamina.Input((9, 3)), layers.Conv1D(4, 3, padding="causal", dilation_rate=2, activation="relu"),
        layers.MaxPooling1D(2, padding="same"), layers.DepthwiseConv1D(2, padding="same", depth_multiplier=2),
        layers.Cropping1D((1, 0)), layers.Flatten(), layers.Dense(3, activation="softmax"),
    ]),
    "conv3d_same": lambda: lamina.Sequential([
        lamina.Input((5, 4, 6, 2)), layers.Conv3D(3, 2, strides=2, padding="same"), layers.ReLU(max_value=6.0),
        layers.UpSampling3D((1, 2, 1)), layers.Cropping3D(((0, 0), (1, 0), (0, 0))),
        layers.AveragePooling3D(3, strides=1, padding="same"), layers.Flatten(), layers.Dense(2),
    ]),
    "conv_transpose_same": lambda: lamina.Sequential([
        lamina.Input((5, 5, 3)), layers.Conv2DTranspose(4, 3, strides=2, padding="same", activation="tanh"),
        layers.Conv2DTranspose(2, 4, strides=2, padding="same", output_padding=1), layers.Softmax(axis=1),
        layers.GlobalMaxPooling2D(),
    ]),
    "separable": lambda: lamina.Sequential([
        lamina.Input((7, 7, 3)),
        layers.SeparableConv2D(4, 3, strides=2, padding="same", depth_multiplier=2, activation="relu"),
        layers.SpatialDropout2D(0.5), layers.SeparableConv2D(2, 2, use_bias=False),
        layers.GlobalAveragePooling2D(),
    ]),
    "separable_1d": lambda: lamina.Sequential([
        lamina.Input((9, 2)), layers.SeparableConv1D(3, 3, padding="same", depth_multiplier=3),
        layers.SpatialDropout1D(0.5), layers.Flatten(), layers.Dense(2),
    ]),
    "sequence_layers": lambda: lamina.Sequential([
        lamina.Input((6, 3)), layers.LSTM(4, return_sequences=True), layers.GRU(3, return_sequences=True),
        layers.SimpleRNN(2), layers.ReLU(negative_slope=0.2), layers.Dense(2, activation="log_softmax"),
    ]),
}


@pytest.mark.parametrize("name", sorted(LAMINA_MODELS))
def test_to_torch_matches_lamina_models(name):
    model = LAMINA_MODELS[name]()
    x = torch.randn(2, *model.input_shape[1:])
    torch_model = to_torch(model)
    x_torch = x if name == "sequence_layers" else x.movedim(-1, 1)
    with torch.no_grad():
        got = torch_model(x_torch)
        expected = model(x)
    torch.testing.assert_close(got, expected, **CONV_TOL)


@pytest.mark.parametrize("feature_map", [(5, 3), (2, 3, 4, 5)], ids=["1d", "3d"])
def test_reorder_rows_matches_torch_flatten_order(feature_map):
    """A Dense on a channels_first flatten, re-ordered, serves the channels_last flatten."""
    x_first = torch.randn(2, *feature_map)  # (c, *spatial)
    x_last = x_first.movedim(1, -1)
    kernel = np.random.default_rng(0).normal(size=(int(np.prod(feature_map)), 4)).astype("float32")
    expected = x_first.reshape(2, -1) @ torch.from_numpy(kernel)
    last_kernel = reorder_rows(kernel, feature_map, "channels_first", "channels_last")
    assert not np.allclose(last_kernel, kernel)
    got = x_last.reshape(2, -1) @ torch.from_numpy(last_kernel)
    torch.testing.assert_close(got, expected, **DENSE_TOL)
    back = reorder_rows(last_kernel, (*feature_map[1:], feature_map[0]), "channels_last", "channels_first")
    np.testing.assert_array_equal(back, kernel)


@given(feature_map=st.lists(st.integers(1, 4), min_size=2, max_size=4), units=st.integers(1, 3))
def test_reorder_rows_is_the_flatten_permutation_for_any_rank(feature_map, units):
    """Row r of the channels_last kernel is the row of the same feature in torch's order."""
    index = np.arange(int(np.prod(feature_map)))  # feature ids in (c, *spatial) flatten order
    kernel = np.repeat(index[:, None], units, axis=1)
    moved = reorder_rows(kernel, feature_map, "channels_first", "channels_last")
    expected = np.moveaxis(index.reshape(feature_map), 0, -1).reshape(-1)
    np.testing.assert_array_equal(moved[:, 0], expected)
    channels_last = (*feature_map[1:], feature_map[0])
    np.testing.assert_array_equal(reorder_rows(moved, channels_last, "channels_last", "channels_first"), kernel)


@pytest.mark.parametrize(
    "modules, shape, reason",
    [
        ([nn.ConvTranspose2d(4, 4, 3, groups=2)], (6, 6, 4), "groups=1"),
        ([nn.Upsample(scale_factor=2, mode="bilinear", align_corners=True)], (4, 4, 2), "align_corners"),
        ([nn.Upsample(scale_factor=1.5)], (4, 2), "whole factors"),
        ([nn.Hardtanh(-2.0, 2.0)], (4,), "Hardtanh"),
        ([nn.GELU(approximate="tanh")], (4,), "approximate"),
        ([nn.LayerNorm([4, 4])], (4, 4, 2), "whole map"),
        ([nn.MaxPool3d(2, padding=1)], (4, 4, 4, 1), "padding"),
        ([nn.AdaptiveMaxPool1d(2, return_indices=True)], (4, 1), "return_indices"),
        ([nn.Conv3d(2, 2, 1)], (4, 4, 2), "3-D map"),
        ([nn.Embedding(5, 2, max_norm=1.0)], (3,), "max_norm"),
        ([nn.LSTM(2, 2, batch_first=True, bidirectional=True)], (3, 2), "unidirectional"),
        ([nn.GRU(2, 2)], (3, 2), "batch_first"),
        ([nn.Conv1d(2, 2, 3, stride=2, dilation=2)], (9, 2), "Keras refuses"),
    ],
    ids=["convT-groups", "align-corners", "fractional-scale", "hardtanh-range", "gelu-tanh", "layernorm-2d",
         "maxpool3d-pad", "adaptive-indices", "conv3d-rank", "max-norm", "bidirectional", "not-batch-first",
         "stride-and-dilation"],
)
def test_unsupported_modules_are_named(modules, shape, reason):
    with pytest.raises(ValueError, match=rf"from_torch: cannot convert module '0' .*{reason}"):
        from_torch(nn.Sequential(*modules), shape)


def test_conv_after_embedding_is_refused_with_the_layout():
    with pytest.raises(ValueError, match=r"module '1' .*\(batch, steps, features\)"):
        from_torch(nn.Sequential(nn.Embedding(5, 3), nn.Conv1d(4, 2, 1)), (4,))


@pytest.mark.parametrize(
    "layer, shape, reason",
    [
        (lambda: layers.Embedding(5, 2, mask_zero=True), (3,), "mask_zero"),
        (lambda: layers.GRU(2, reset_after=False), (3, 2), "reset_after"),
        (lambda: layers.LayerNormalization(scale=False), (3,), "center without scale"),
        (lambda: layers.UpSampling2D(interpolation="bicubic"), (3, 3, 1), "interpolation"),
        (lambda: layers.LSTM(2, go_backwards=True), (3, 2), "go_backwards"),
        (lambda: layers.Embedding(5, 2), (3,), None),
        (lambda: layers.GRU(2, return_sequences=True), (3, 2), None),
    ],
    ids=["mask-zero", "gru-reset-before", "center-only", "bicubic", "backwards", "conv-after-embedding",
         "conv-after-gru"],
)
def test_to_torch_refusals_name_the_layer(layer, shape, reason):
    layer = layer()
    dtype = "int32" if isinstance(layer, layers.Embedding) else None
    model = lamina.Sequential([lamina.Input(shape, dtype=dtype), layer])
    if reason is None:  # a sequence layer followed by a layer that needs a channels_first map
        layer = layers.Conv1D(2, 1)
        model.add(layer)
        reason = "channels_first"
    with pytest.raises(ValueError, match=rf"to_torch: cannot convert layer '{layer.name}' .*{reason}"):
        to_torch(model)
