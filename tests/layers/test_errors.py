"""Error messages: the layer name, what it received and what it expected (KERAS_SEMANTICS
C5, D1, D4-D7, P1, P4, R4, E1-E5, S7)."""

import re

import numpy as np
import pytest
import torch

import lamina
from lamina.layers import (
    Activation,
    Add,
    BatchNormalization,
    Concatenate,
    Conv2D,
    Dense,
    Dropout,
    Flatten,
    GlobalAveragePooling2D,
    Input,
    MaxPooling2D,
    Permute,
    Reshape,
)


def escaped(text):
    return re.escape(text)


# ------------------------------------------------------------------ constructor arguments


@pytest.mark.parametrize("units", [0, -3, 2.5, None, "64", True])
def test_dense_units_must_be_a_positive_int(units):
    with pytest.raises(ValueError, match=escaped(f"expected a positive integer. Received: units={units!r}")):
        Dense(units)


def test_conv2d_filters_must_be_positive():
    with pytest.raises(ValueError, match=escaped("Expected a strictly positive value. Received filters=-1.")):
        Conv2D(filters=-1, kernel_size=3)
    with pytest.raises(ValueError, match="Received filters=0"):
        Conv2D(0, 3)


def test_conv2d_kernel_size_must_be_positive():
    with pytest.raises(
        ValueError,
        match=escaped("The `kernel_size` argument must be a tuple of 2 integers. Received kernel_size=0, including values {0}"),
    ):
        Conv2D(4, 0)
    with pytest.raises(ValueError, match=r"tuple of 2 integers. Received kernel_size=\(3, 3, 3\)"):
        Conv2D(4, (3, 3, 3))


@pytest.mark.parametrize("padding", ["causal", "full", "nope"])
def test_conv2d_bad_padding_string(padding):
    with pytest.raises(
        ValueError, match=escaped(f"The `padding` argument must be a list/tuple or one of {{'same', 'valid'}}. Received: {padding}")
    ):
        Conv2D(4, 3, padding=padding)


def test_padding_is_lower_cased():
    assert Conv2D(4, 3, padding="SAME").padding == "same"
    assert MaxPooling2D(padding="Valid").padding == "valid"


def test_conv2d_strides_with_dilation():
    with pytest.raises(
        ValueError,
        match=escaped("`strides > 1` not supported in conjunction with `dilation_rate > 1`. Received: strides=(2, 2) and dilation_rate=(2, 2)"),
    ):
        Conv2D(4, 3, strides=2, dilation_rate=2)


def test_conv2d_filters_must_divide_into_groups():
    with pytest.raises(ValueError, match=r"divisible by the number of groups. Received: groups=2, filters=5"):
        Conv2D(filters=5, kernel_size=3, groups=2)


@pytest.mark.parametrize("rate", [1.5, -0.1, "0.5"])
def test_dropout_rate_range(rate):
    with pytest.raises(ValueError, match=escaped(f"Expected a float value between 0 and 1. Received: rate={rate}")):
        Dropout(rate)


def test_unknown_activation_lists_valid_names():
    with pytest.raises(ValueError, match=r"Unknown activation function 'relux'\. Valid names are: .*\brelu\b.*\bsoftmax\b"):
        Dense(2, activation="relux")
    with pytest.raises(ValueError, match=r"'sigmoidd'.*\bsigmoid\b"):
        Activation("sigmoidd")


def test_unknown_keyword_arguments():
    with pytest.raises(ValueError, match=escaped("Unrecognized keyword arguments passed to Dense: {'foo': 1}")):
        Dense(2, foo=1)
    with pytest.raises(ValueError, match=r"Unrecognized keyword arguments passed to Conv2D: \{'filter': 3\}"):
        Conv2D(4, 3, filter=3)


def test_permute_dims_must_be_a_permutation_from_1():
    with pytest.raises(ValueError, match=r"must be consecutive and start from 1. Received dims=\(0, 1\)"):
        Permute((0, 1))


def test_input_shape_must_be_a_tuple():
    with pytest.raises(ValueError, match=escaped("Cannot convert '32' to a shape.")):
        Input(32)


# ------------------------------------------------------------------ build-time shape errors


def test_conv2d_groups_must_divide_input_channels():
    with pytest.raises(
        ValueError,
        match=escaped("Received groups=2, but the input has 3 channels (full input shape is (None, 8, 8, 3))."),
    ):
        Conv2D(4, 3, groups=2)(torch.zeros(1, 8, 8, 3))


def test_conv2d_output_size_must_be_positive():
    layer = Conv2D(8, 3, name="tiny_conv")
    with pytest.raises(ValueError, match=r"'tiny_conv'.*zero or negative") as error:
        layer(torch.zeros(1, 2, 2, 3))
    message = str(error.value)
    assert "inputs shape=(None, 2, 2, 3)" in message
    assert "kernel shape=(3, 3, 3, 8)" in message
    assert "padding=valid" in message
    assert not layer.built


def test_conv2d_output_size_error_fires_while_building_a_model():
    with pytest.raises(ValueError, match=r"zero or negative.*\(None, 2, 2, 3\)"):
        lamina.Sequential([Input((2, 2, 3)), Conv2D(8, 3)])


def test_pool_output_size_error_fires_while_building_a_model():
    with pytest.raises(ValueError, match=r"zero or negative.*inputs.shape=\(None, 1, 1, 3\).*pool_size=\(2, 2\)"):
        lamina.Sequential([Input((1, 1, 3)), MaxPooling2D()])


def test_conv2d_rank_3_input():
    with pytest.raises(
        ValueError,
        match=escaped("is incompatible with the layer: expected min_ndim=4, found ndim=3. Full shape received: (None, 32, 32)"),
    ):
        Conv2D(2, 3, name="c")(torch.zeros(1, 32, 32))


def test_conv2d_wrong_channel_count_after_build():
    layer = Conv2D(2, 3, name="rgb_conv")
    layer(torch.zeros(2, 32, 32, 3))
    with pytest.raises(
        ValueError,
        match=escaped("expected axis -1 of input shape to have value 3, but received input with shape (2, 32, 32, 1)"),
    ) as error:
        layer(torch.zeros(2, 32, 32, 1))
    assert "'rgb_conv'" in str(error.value)


def test_dense_rank_1_input():
    with pytest.raises(ValueError, match=r"expected min_ndim=2, found ndim=1"):
        Dense(3)(torch.zeros(5))


def test_dense_last_dim_is_fixed_after_build():
    layer = Dense(3, name="head")
    layer(torch.zeros(1, 2))
    with pytest.raises(
        ValueError,
        match=escaped("expected axis -1 of input shape to have value 2, but received input with shape (1, 3)"),
    ) as error:
        layer(torch.zeros(1, 3))
    assert "'head'" in str(error.value)


def test_dense_undefined_last_dim():
    with pytest.raises(ValueError, match=r"Dense layer 'd'.*\(None, None\).*`None`"):
        lamina.Sequential([Input((None,)), Dense(10, name="d")])


def test_dense_after_flatten_of_unknown_size_suggests_global_pooling():
    with pytest.raises(ValueError, match=r"\(None, None\)") as error:
        lamina.Sequential([Input((None, None, 3)), Conv2D(8, 3), Flatten(), Dense(10)])
    assert "GlobalAveragePooling2D" in str(error.value)
    # ...and the suggested fix builds.
    model = lamina.Sequential([Input((None, None, 3)), Conv2D(8, 3), GlobalAveragePooling2D(), Dense(10)])
    assert model(torch.zeros(2, 12, 9, 3)).shape == (2, 10)


def test_batch_norm_axis_out_of_range():
    with pytest.raises(ValueError, match=r"axis 3 is out of range for input shape \(None, 4\)"):
        BatchNormalization(axis=3)(torch.zeros(2, 4))


def test_weights_do_not_exist_before_build():
    with pytest.raises(AttributeError, match="kernel"):
        Dense(3).kernel  # noqa: B018


def test_count_params_on_unbuilt_layer():
    with pytest.raises(
        ValueError,
        match=escaped("You tried to call `count_params` on layer 'lazy', but the layer isn't built. You can build it manually via: `layer.build(input_shape)`."),
    ):
        Dense(3, name="lazy").count_params()


# ------------------------------------------------------------------ Reshape (R4)


def test_reshape_target_dims_below_minus_one():
    with pytest.raises(ValueError, match=escaped("Each dimension in `target_shape` must be a non-negative integer, or `-1`")):
        Reshape((-2, 5))


def test_reshape_two_unknown_dims():
    with pytest.raises(ValueError, match=escaped("There must be at most one unknown dimension (-1) in `target_shape`")):
        Reshape((-1, 2, -1))


def test_reshape_bare_int_is_a_type_error():
    with pytest.raises(TypeError, match="'int' object is not iterable"):
        Reshape(5)


def test_reshape_size_mismatch():
    with pytest.raises(
        ValueError,
        match=escaped("total size of the tensor must be unchanged. Received: input_shape=(12,), target_shape=(5,)"),
    ) as error:
        Reshape((5,), name="r")(torch.zeros(2, 12))
    assert "'r'" in str(error.value)


@pytest.mark.parametrize("target", [(5, -1), (0, -1)])
def test_reshape_not_divisible(target):
    with pytest.raises(ValueError, match=r"input size cannot b[ey] divided by the specified dimensions in target_shape"):
        Reshape(target)(torch.zeros(2, 12))


def test_reshape_size_error_fires_while_building_a_model():
    with pytest.raises(ValueError, match=r"total size of the tensor must be unchanged.*input_shape=\(12,\)"):
        lamina.Sequential([Input((12,)), Reshape((5,))])


# ------------------------------------------------------------------ merge layers


def test_merge_layer_needs_a_list():
    with pytest.raises(ValueError, match=r"merge layer \(Add 'sum'\) should be called on a list"):
        Add(name="sum")(torch.zeros(2, 3))
    with pytest.raises(ValueError, match=r"at least 1 input"):
        Concatenate()([])


def test_add_shape_mismatch():
    with pytest.raises(ValueError, match=r"Add layer 'a'.*same shape.*\(None, 3\), \(None, 4\)"):
        Add(name="a")([torch.zeros(2, 3), torch.zeros(2, 4)])


def test_concatenate_shape_mismatch():
    with pytest.raises(ValueError, match=r"matching shapes except for the concatenation axis.*\(None, 3, 4\).*\(None, 2, 5\)"):
        Concatenate()([torch.zeros(2, 3, 4), torch.zeros(2, 2, 5)])


# ------------------------------------------------------------------ data errors


def test_non_numeric_input_is_a_type_error():
    with pytest.raises(TypeError, match=r"must be numeric.*<U1"):
        Dense(2)(np.array(["a"]))


def test_ragged_data_is_a_value_error_mentioning_ragged():
    model = lamina.Sequential([Input((2,)), Dense(2)])
    with pytest.raises(ValueError, match="ragged"):
        model.predict([[1.0, 2.0], [3.0]], verbose=0)


def test_ragged_nested_list_into_a_layer_mentions_ragged():
    with pytest.raises(ValueError, match="ragged"):
        Dense(2)([[1.0, 2.0], [3.0]])


def test_set_weights_with_the_wrong_count():
    layer = Dense(3, name="d")
    layer(torch.zeros(1, 2))
    with pytest.raises(ValueError, match=escaped("Layer 'd' expects 2 weights, but set_weights received 1. Expected shapes: [(2, 3), (3,)]")):
        layer.set_weights([np.zeros((2, 3))])


def test_set_weights_with_the_wrong_shape_changes_nothing():
    layer = Dense(3, name="d")
    layer(torch.zeros(1, 2))
    before = layer.get_weights()
    with pytest.raises(ValueError, match=escaped("weight 1 has shape (3,), but set_weights received an array of shape (4,)")):
        layer.set_weights([np.ones((2, 3)), np.ones(4)])
    for a, b in zip(layer.get_weights(), before):
        np.testing.assert_array_equal(a, b)


# ------------------------------------------------------------------ wrong image size (S7, E3, E4)


def test_wrong_image_size_into_a_built_model():
    model = lamina.Sequential([Input((32, 32, 3)), Conv2D(8, 3), Flatten(), Dense(10)])
    with pytest.raises(ValueError, match=escaped("(2, 28, 28, 3)")) as error:
        model(torch.zeros(2, 28, 28, 3))
    assert "(None, 32, 32, 3)" in str(error.value)
    with pytest.raises(ValueError, match=escaped("(2, 28, 28, 3)")):
        model.predict(np.zeros((2, 28, 28, 3), "float32"), verbose=0)


def test_wrong_image_size_into_a_deferred_model_built_at_32():
    # A deferred model checks only the rank at its entry (KERAS_SEMANTICS F6), so, as in
    # Keras (E4), the Dense after Flatten reports it, with the way out.
    model = lamina.Sequential([Conv2D(8, 3), Flatten(), Dense(10)])
    model(torch.zeros(1, 32, 32, 3))
    message = "expected axis -1 of input shape to have value 7200, but received input with shape (2, 5408)"
    with pytest.raises(ValueError, match=escaped(message) + ".*GlobalAveragePooling2D"):
        model(torch.zeros(2, 28, 28, 3))


def test_wrong_image_size_reaching_dense_gives_the_keras_s7_text():
    stack = torch.nn.Sequential(Conv2D(8, 3), Flatten(), Dense(10, name="classifier"))
    stack(torch.zeros(1, 32, 32, 3))
    with pytest.raises(
        ValueError,
        match=escaped("expected axis -1 of input shape to have value 7200, but received input with shape (2, 5408)"),
    ) as error:
        stack(torch.zeros(2, 28, 28, 3))
    assert "'classifier'" in str(error.value)
    assert "GlobalAveragePooling2D" in str(error.value)  # the next step
