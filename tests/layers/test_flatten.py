"""Flatten, statement by statement (KERAS_SEMANTICS F1-F11)."""

import json
import math

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

import lamina
from lamina.layers import Dense, Flatten, Input

data_formats = pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
shapes = st.lists(st.integers(1, 5), min_size=1, max_size=5)


# ------------------------------------------------------------------ F1, F3, F5: shapes

SHAPES = [
    # (input shape, output shape)
    ((2, 3, 4, 5), (2, 60)),
    ((None, 10, 64), (None, 640)),
    ((None, 3, 3, 128), (None, 1152)),
    ((None, 4), (None, 4)),
    ((None,), (None, 1)),
    ((10,), (10, 1)),
    ((None, 3, None), (None, None)),
    ((5, 2, None), (5, None)),
    ((None, None, None, 3), (None, None)),
    ((2, 0, 4), (2, 0)),
    ((0, 3, 4), (0, 12)),
]


@pytest.mark.parametrize("input_shape, expected", SHAPES, ids=[str(s) for s, _ in SHAPES])
@data_formats
def test_compute_output_shape_table(input_shape, expected, data_format):
    assert Flatten(data_format=data_format).compute_output_shape(input_shape) == expected


@pytest.mark.parametrize(
    "input_shape, expected",
    [((10, 64), (None, 640)), ((3, 3, 128), (None, 1152)), ((None, None, 3), (None, None))],
)
def test_symbolic_input_gives_none_batch(input_shape, expected):
    assert Flatten()(Input(input_shape)).shape == expected


def test_symbolic_rank_1_input():
    assert Flatten()(Input(batch_shape=(None,))).shape == (None, 1)
    assert Flatten()(Input(batch_shape=(4,))).shape == (4, 1)


@pytest.mark.parametrize(
    "input_shape, expected",
    [((2, 3, 4, 5), (2, 60)), ((2, 7), (2, 7)), ((10,), (10, 1)), ((0, 3, 4), (0, 12)), ((3, 0, 2), (3, 0))],
    ids=["rank4", "rank2", "rank1", "empty-batch", "zero-dim"],
)
@data_formats
def test_eager_shapes(input_shape, expected, data_format):
    assert tuple(Flatten(data_format=data_format)(torch.zeros(input_shape)).shape) == expected


@data_formats
def test_rank_1_becomes_a_column(data_format):
    x = np.arange(10, dtype="float32")
    y = Flatten(data_format=data_format)(x)
    assert isinstance(y, torch.Tensor)
    assert torch.equal(y, torch.from_numpy(x).unsqueeze(-1))


def test_rank_0_is_rejected_with_the_input_spec_message():
    layer = Flatten(name="flat")
    with pytest.raises(ValueError, match=r"expected min_ndim=1, found ndim=0") as error:
        layer(torch.tensor(1.0))
    assert "'flat'" in str(error.value)
    assert "Full shape received: ()" in str(error.value)


# ------------------------------------------------------------------ F2, F7: element order


@given(shape=shapes)
def test_flatten_keeps_every_element_in_order(shape):
    x = torch.arange(math.prod(shape), dtype=torch.float32).reshape(shape)
    y = Flatten()(x)
    assert y.shape[0] == shape[0]  # batch untouched
    assert y.numel() == x.numel()  # nothing lost or added
    assert torch.equal(y.reshape(-1), x.reshape(-1))  # channels_last: C order


@given(shape=st.lists(st.integers(1, 5), min_size=3, max_size=5))
def test_channels_first_is_move_axis_1_last_then_flatten(shape):
    x = torch.arange(math.prod(shape), dtype=torch.float32).reshape(shape)
    y = Flatten(data_format="channels_first")(x)
    assert torch.equal(y, torch.flatten(torch.movedim(x, 1, -1), 1))
    np.testing.assert_array_equal(y.numpy(), np.reshape(np.moveaxis(x.numpy(), 1, -1), (shape[0], -1)))


@given(shape=shapes, data=st.data())
def test_compute_output_shape_with_none_batch_agrees_with_eager(shape, data):
    data_format = data.draw(st.sampled_from(["channels_last", "channels_first"]))
    layer = Flatten(data_format=data_format)
    y = layer(torch.zeros(shape))
    assert layer.compute_output_shape((None, *shape[1:])) == (None, *y.shape[1:])
    assert layer.compute_output_shape(tuple(shape)) == tuple(y.shape)


@given(shape=st.lists(st.integers(0, 3), min_size=2, max_size=4))
def test_zero_size_dims_give_zero_not_none(shape):
    y = Flatten()(torch.zeros(shape))
    assert tuple(y.shape) == (shape[0], math.prod(shape[1:]))
    assert Flatten().compute_output_shape((None, *shape[1:])) == (None, math.prod(shape[1:]))


def test_f7_examples():
    x = torch.arange(12).reshape(1, 3, 2, 2)
    assert Flatten()(x).tolist() == [list(range(12))]
    assert Flatten(data_format="channels_first")(x).tolist() == [[0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11]]
    assert Flatten(data_format="channels_first")(torch.arange(6).reshape(1, 2, 3)).tolist() == [[0, 3, 1, 4, 2, 5]]
    # It is not torch's nn.Flatten on NCHW.
    assert not torch.equal(Flatten(data_format="channels_first")(x), torch.nn.Flatten()(x))


def test_channels_first_rank_2_is_left_as_is():
    x = torch.arange(6).reshape(2, 3)
    assert torch.equal(Flatten(data_format="channels_first")(x), x)


def test_f8_one_dense_kernel_serves_both_layouts():
    nhwc = torch.randn(2, 4, 5, 3)
    last = torch.nn.Sequential(Flatten(), Dense(7))
    first = torch.nn.Sequential(Flatten(data_format="channels_first"), Dense(7))
    last(nhwc)
    first(nhwc.permute(0, 3, 1, 2))
    first[1].set_weights(last[1].get_weights())
    torch.testing.assert_close(first(nhwc.permute(0, 3, 1, 2)), last(nhwc), rtol=0, atol=0)


def test_matches_keras_order_for_both_formats(keras):
    x = np.arange(2 * 3 * 4 * 5, dtype="float32").reshape(2, 3, 4, 5)
    for data_format in ("channels_last", "channels_first"):
        want = keras.ops.convert_to_numpy(keras.layers.Flatten(data_format=data_format)(x))
        np.testing.assert_array_equal(Flatten(data_format=data_format)(x).numpy(), want)


# ------------------------------------------------------------------ F6: dynamic shapes


def test_eager_layer_is_reusable_across_shapes():
    layer = Flatten()
    assert layer(torch.zeros(3, 5, 7)).shape == (3, 35)
    assert layer(torch.zeros(2, 7, 5)).shape == (2, 35)
    assert layer(torch.zeros(4, 2, 2, 2)).shape == (4, 8)


def test_empty_batch_works():
    assert Flatten()(torch.zeros(0, 3, 4)).shape == (0, 12)


def test_unbuilt_sequential_flatten_accepts_a_second_shape():
    model = lamina.Sequential([Flatten()])
    assert model(np.zeros((3, 5, 7), "float32")).shape == (3, 35)
    assert model(np.zeros((2, 7, 5), "float32")).shape == (2, 35)


# ------------------------------------------------------------------ memory, dtype


def test_contiguous_input_gives_a_view():
    x = torch.arange(24.0).reshape(2, 3, 4)
    y = Flatten()(x)
    assert y.untyped_storage().data_ptr() == x.untyped_storage().data_ptr()
    x[0, 0, 0] = 100.0
    assert y[0, 0] == 100.0


@pytest.mark.parametrize("dtype", [torch.int32, torch.int64, torch.uint8, torch.bool])
def test_integer_and_bool_dtypes_are_preserved(dtype):
    x = torch.ones(2, 3, 4, dtype=dtype)
    assert Flatten()(x).dtype == dtype
    assert Flatten(data_format="channels_first")(x).dtype == dtype


def test_int32_numpy_input_keeps_int32():
    assert Flatten()(np.zeros((2, 3, 4), dtype="int32")).dtype == torch.int32


# ------------------------------------------------------------------ F9, F10, F11: arguments, config


def test_data_format_none_resolves_to_global_default_at_construction():
    assert Flatten().data_format == "channels_last"
    assert Flatten(data_format=None).get_config()["data_format"] == "channels_last"
    lamina.config.set_image_data_format("channels_first")
    try:
        layer = Flatten()
    finally:
        lamina.config.set_image_data_format("channels_last")
    assert layer.data_format == "channels_first"
    assert Flatten().data_format == "channels_last"


def test_data_format_is_lower_cased():
    assert Flatten(data_format="Channels_First").data_format == "channels_first"


@pytest.mark.parametrize("value, shown", [("nhwc", "nhwc"), ("NCHW", "nchw"), ("channels", "channels")])
def test_bad_data_format_error_text(value, shown):
    with pytest.raises(ValueError) as error:
        Flatten(data_format=value)
    assert str(error.value) == (
        "The `data_format` argument must be one of {'channels_first', 'channels_last'}. "
        f"Received: data_format={shown}"
    )


def test_no_weights_and_built_after_first_call():
    layer = Flatten()
    layer(torch.zeros(2, 3))
    assert layer.built
    assert layer.weights == [] and layer.get_weights() == []
    assert layer.count_params() == 0
    assert list(layer.state_dict()) == []


def test_config_keys_and_dtype_policy():
    config = Flatten(name="f").get_config()
    assert set(config) == {"name", "trainable", "dtype", "data_format"}
    assert config["name"] == "f" and config["trainable"] is True
    assert config["dtype"]["config"]["name"] == "float32"
    json.dumps(config)


def test_config_matches_keras(keras):
    ours = Flatten(name="f", data_format="channels_first").get_config()
    theirs = keras.layers.Flatten(name="f", data_format="channels_first").get_config()
    assert ours == theirs


def test_legacy_input_shape_warns_and_stays_out_of_config():
    with pytest.warns(UserWarning, match=r"Do not pass an `input_shape`/`input_dim` argument to a layer"):
        layer = Flatten(input_shape=(3, 4))
    assert "input_shape" not in layer.get_config()
