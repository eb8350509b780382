"""`lamina.shapes` against what torch actually computes, and against Keras's C3/P1 tables."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import assume, given
from hypothesis import strategies as st

import lamina
from lamina.layers import AveragePooling2D, Conv2D, Input, MaxPooling2D
from lamina.shapes import (
    conv_output_length,
    conv_transpose_crops,
    conv_transpose_output_length,
    flatten_size,
    normalize_padding,
    normalize_tuple,
    same_padding,
)

sizes = st.integers(1, 40)
kernels = st.integers(1, 7)
strides = st.integers(1, 4)
dilations = st.integers(1, 3)


def conv_length_in_torch(n, k, s, d, pads=(0, 0)):
    """Output length of a real torch convolution over one axis of length `n`."""
    x = F.pad(torch.zeros(1, 1, 1, n), pads)
    return F.conv2d(x, torch.zeros(1, 1, 1, k), stride=(1, s), dilation=(1, d)).shape[-1]


@given(n=sizes, k=kernels, s=strides, d=dilations)
def test_valid_conv_length_matches_torch(n, k, s, d):
    expected = conv_output_length(n, k, s, "valid", d)
    if d * (k - 1) + 1 > n:  # the window does not fit: Lamina reports <= 0, torch refuses
        assert expected <= 0
        with pytest.raises(RuntimeError):
            conv_length_in_torch(n, k, s, d)
    else:
        assert conv_length_in_torch(n, k, s, d) == expected


@given(n=sizes, k=kernels, s=strides, d=dilations)
def test_same_padding_gives_ceil_n_over_s_in_torch(n, k, s, d):
    start, end = same_padding(n, k, s, d)
    assert 0 <= start <= end <= start + 1  # the extra cell, if any, goes at the end (C4)
    assert conv_length_in_torch(n, k, s, d, (start, end)) == conv_output_length(n, k, s, "same", d) == -(-n // s)


@pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel lengths:UserWarning")
@given(n=sizes, k=kernels, d=dilations, data=st.data())
def test_stride_1_same_padding_equals_torch_padding_same(n, k, d, data):
    """torch's own padding="same" (stride 1 only) puts the odd cell at the end too."""
    values = data.draw(st.lists(st.integers(-3, 3), min_size=n, max_size=n))
    weights = data.draw(st.lists(st.integers(-3, 3), min_size=k, max_size=k))
    x = torch.tensor(values, dtype=torch.float32).reshape(1, 1, 1, n)
    w = torch.tensor(weights, dtype=torch.float32).reshape(1, 1, 1, k)
    ours = F.conv2d(F.pad(x, same_padding(n, k, 1, d)), w, dilation=(1, d))
    assert torch.equal(ours, F.conv2d(x, w, padding="same", dilation=(1, d)))  # small ints: exact


@given(n=sizes, p=st.integers(1, 5), s=strides)
def test_pool_lengths_match_torch_max_pool(n, p, s):
    assume(p <= n)
    x = torch.zeros(1, 1, 1, n)
    assert F.max_pool2d(x, (1, p), (1, s)).shape[-1] == conv_output_length(n, p, s, "valid")
    start, end = same_padding(n, p, s)
    padded = F.pad(x, (start, end), value=-float("inf"))
    assert F.max_pool2d(padded, (1, p), (1, s)).shape[-1] == conv_output_length(n, p, s, "same")


@given(n=sizes, k=kernels, s=strides, d=dilations, padding=st.sampled_from(["valid", "same"]))
def test_conv_output_length_matches_keras_shape_arithmetic(n, k, s, d, padding):
    from keras.src.ops.operation_utils import compute_conv_output_shape

    assume(s == 1 or d == 1)
    ours = conv_output_length(n, k, s, padding, d)
    if ours <= 0:
        with pytest.raises(ValueError, match="zero or negative"):
            compute_conv_output_shape((None, n, 1), 1, (k,), s, padding, dilation_rate=d)
    else:
        assert compute_conv_output_shape((None, n, 1), 1, (k,), s, padding, dilation_rate=d) == (None, ours, 1)


@given(n=sizes, k=kernels, s=strides, d=dilations)
def test_same_padding_matches_keras_torch_backend(n, k, s, d):
    from keras.src.backend.torch.nn import _compute_padding_length

    assert same_padding(n, k, s, d) == _compute_padding_length(n, k, s, d)


def test_unknown_length_stays_unknown():
    assert conv_output_length(None, 3, 2, "valid") is None
    assert conv_output_length(None, 3, 2, "same") is None


@pytest.mark.parametrize(
    "dims, expected", [((30, 30, 32), 28800), ((), 1), ((3, None), None), ((2, 0), 0), ((7,), 7)]
)
def test_flatten_size(dims, expected):
    assert flatten_size(dims) == expected


def test_normalize_tuple():
    assert normalize_tuple(3, 2, "kernel_size") == (3, 3)
    assert normalize_tuple([1, 2], 2, "strides") == (1, 2)
    with pytest.raises(ValueError, match=r"`strides` argument must be a tuple of 2 integers"):
        normalize_tuple((1, 2, 3), 2, "strides")


# ------------------------------------------------------------------ KERAS_SEMANTICS tables

C3 = [
    # (input shape without batch, Conv2D kwargs, output shape, params)
    ((32, 32, 3), dict(filters=32, kernel_size=3), (None, 30, 30, 32), 896),
    ((32, 32, 3), dict(filters=32, kernel_size=3, padding="same"), (None, 32, 32, 32), 896),
    ((32, 32, 3), dict(filters=16, kernel_size=3, strides=2), (None, 15, 15, 16), 448),
    ((32, 32, 3), dict(filters=16, kernel_size=3, strides=2, padding="same"), (None, 16, 16, 16), 448),
    ((7, 7, 3), dict(filters=4, kernel_size=3, strides=2), (None, 3, 3, 4), 112),
    ((7, 7, 3), dict(filters=4, kernel_size=3, strides=2, padding="same"), (None, 4, 4, 4), 112),
    ((28, 28, 1), dict(filters=6, kernel_size=5, strides=3), (None, 8, 8, 6), 156),
    ((32, 32, 3), dict(filters=8, kernel_size=3, dilation_rate=2), (None, 28, 28, 8), 224),
    ((32, 32, 3), dict(filters=8, kernel_size=3, dilation_rate=2, padding="same"), (None, 32, 32, 8), 224),
    ((32, 32, 3), dict(filters=8, kernel_size=(3, 5), strides=(1, 2)), (None, 30, 14, 8), 368),
    ((32, 32, 4), dict(filters=8, kernel_size=3, groups=2), (None, 30, 30, 8), 152),
    ((3, 32, 32), dict(filters=8, kernel_size=3, data_format="channels_first"), (None, 8, 30, 30), 224),
    ((None, None, 3), dict(filters=8, kernel_size=3, strides=2), (None, None, None, 8), 224),
]


@pytest.mark.parametrize("input_shape, kwargs, expected, params", C3, ids=[str(r[1]) + str(r[0]) for r in C3])
def test_conv2d_c3_table(input_shape, kwargs, expected, params, keras):
    model = lamina.Sequential([Input(input_shape), Conv2D(**kwargs)])
    assert model.output_shape == expected
    assert model.count_params() == params
    assert Conv2D(**kwargs).compute_output_shape((None, *input_shape)) == expected
    assert keras.layers.Conv2D(**kwargs).compute_output_shape((None, *input_shape)) == expected


def test_conv2d_grouped_kernel_shape():
    layer = Conv2D(8, 3, groups=2)
    layer(torch.zeros(1, 8, 8, 4))
    assert tuple(layer.kernel.shape) == (3, 3, 2, 8)


P1 = [
    ((32, 32, 3), MaxPooling2D, dict(), (None, 16, 16, 3)),
    ((7, 7, 3), MaxPooling2D, dict(pool_size=2), (None, 3, 3, 3)),
    ((7, 7, 3), MaxPooling2D, dict(pool_size=2, padding="same"), (None, 4, 4, 3)),
    ((7, 7, 3), MaxPooling2D, dict(pool_size=3, strides=2), (None, 3, 3, 3)),
    ((7, 7, 3), MaxPooling2D, dict(pool_size=3, strides=1), (None, 5, 5, 3)),
    ((15, 15, 8), AveragePooling2D, dict(pool_size=2), (None, 7, 7, 8)),
    ((3, 32, 32), MaxPooling2D, dict(data_format="channels_first"), (None, 3, 16, 16)),
    ((3, 32, 32), AveragePooling2D, dict(pool_size=2, data_format="channels_first"), (None, 3, 16, 16)),
]


@pytest.mark.parametrize("input_shape, layer, kwargs, expected", P1, ids=[f"{r[1].__name__}{r[2]}{r[0]}" for r in P1])
def test_pooling_p1_table(input_shape, layer, kwargs, expected, keras):
    model = lamina.Sequential([Input(input_shape), layer(**kwargs)])
    assert model.output_shape == expected
    assert model.count_params() == 0
    assert getattr(keras.layers, layer.__name__)(**kwargs).compute_output_shape((None, *input_shape)) == expected
    shape = [2 if d is None else d for d in (None, *input_shape)]
    assert tuple(layer(**kwargs)(np.zeros(shape, "float32")).shape) == (2, *expected[1:])


def test_pooling_config_keys_and_resolved_strides():
    config = MaxPooling2D(name="p").get_config()
    assert set(config) == {"name", "trainable", "dtype", "pool_size", "padding", "strides", "data_format"}
    assert config["pool_size"] == (2, 2) and config["strides"] == (2, 2)


# ------------------------------------------------------------------ transposed and causal lengths

op_or_none = st.one_of(st.none(), st.integers(0, 3))


def conv_transpose_in_torch(n, k, s, d):
    """The full transposed-convolution output of torch (no padding): `(n - 1) * s + k_eff`."""
    x = torch.zeros(1, 1, n)
    return F.conv_transpose1d(x, torch.zeros(1, 1, k), stride=s, dilation=d).shape[-1]


@given(n=sizes, k=kernels, s=strides, d=dilations, op=op_or_none, padding=st.sampled_from(["valid", "same"]))
def test_conv_transpose_crops_cut_torch_output_to_the_keras_length(n, k, s, d, op, padding):
    """Cutting `conv_transpose_crops` off torch's full output gives the TF length."""
    from keras.src.backend.common.backend_utils import compute_conv_transpose_output_shape

    assume(op is None or op < s)
    start, end = conv_transpose_crops(k, s, padding, op, d)
    length = conv_transpose_output_length(n, k, s, padding, op, d)
    assert start >= 0
    assert conv_transpose_in_torch(n, k, s, d) - start - end == length
    keras_shape = compute_conv_transpose_output_shape((None, n, 1), (k,), 1, s, padding, op, "channels_last", d)
    assert keras_shape[1] == length


@given(n=sizes, k=kernels, s=strides, d=dilations, op=op_or_none, padding=st.sampled_from(["valid", "same"]))
def test_conv_transpose_crops_are_jax_padding(n, k, s, d, op, padding):
    """Keras's JAX rule (which TF and Keras-on-torch follow) pads the dilated input by
    `(left, right)`; the crop of the full output is `k_eff - 1 - pad` on each side."""
    from keras.src.backend.common.backend_utils import (
        _convert_conv_transpose_padding_args_from_keras_to_jax,
    )

    assume(op is None or op < s)
    left, right = _convert_conv_transpose_padding_args_from_keras_to_jax(k, s, d, padding, op)
    effective = d * (k - 1) + 1
    assert conv_transpose_crops(k, s, padding, op, d) == (effective - 1 - left, effective - 1 - right)


@given(n=sizes, k=kernels, s=strides, d=dilations)
def test_causal_length_is_the_valid_length_after_left_padding(n, k, s, d):
    left = d * (k - 1)
    x = F.pad(torch.zeros(1, 1, n), (left, 0))
    torch_length = F.conv1d(x, torch.zeros(1, 1, k), stride=s, dilation=d).shape[-1]
    assert conv_output_length(n, k, s, "causal", d) == torch_length == conv_output_length(n + left, k, s, "valid", d)


def test_normalize_padding_allows_causal_only_when_asked():
    assert normalize_padding("Causal", allow_causal=True) == "causal"
    with pytest.raises(ValueError, match="one of {'same', 'valid'}. Received: causal"):
        normalize_padding("causal")
