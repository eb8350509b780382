"""`lamina.ops.dtypes` and `lamina.ops.convert` against Keras's promotion and conversion
rules (keras/src/backend/common/dtypes.py, keras/src/backend/torch/core.py)."""

import itertools

import numpy as np
import pytest
import torch

from lamina import config, ops
from lamina.ops import convert, dtypes

NAMES = ["bool", "uint8", "int8", "int16", "int32", "int64", "bfloat16", "float16",
         "float32", "float64", int, float]


@pytest.mark.parametrize("floatx", ["float32", "float64", "float16"])
def test_result_type_matches_keras_for_every_pair(floatx, keras):
    before_ours, before_theirs = config.floatx(), keras.backend.floatx()
    config.set_floatx(floatx)
    keras.backend.set_floatx(floatx)
    try:
        for pair in itertools.product(NAMES, NAMES):
            assert dtypes.result_type(*pair) == keras.backend.result_type(*pair), pair
        for single in NAMES:
            assert dtypes.result_type(single) == keras.backend.result_type(single), single
        assert dtypes.result_type() == keras.backend.result_type()
    finally:
        config.set_floatx(before_ours)
        keras.backend.set_floatx(before_theirs)


def test_result_type_of_triples_matches_keras(keras):
    for triple in itertools.combinations(NAMES, 3):
        assert dtypes.result_type(*triple) == keras.backend.result_type(*triple), triple


@pytest.mark.parametrize("dtype", [torch.float32, torch.int64, torch.bool, torch.bfloat16,
                                   np.float64, np.dtype("int8"), "float16", bool, int, float])
def test_standardize_dtype_matches_keras(dtype, keras):
    assert dtypes.standardize_dtype(dtype) == keras.backend.standardize_dtype(dtype)
    assert dtypes.to_torch_dtype(dtype) == getattr(torch, dtypes.standardize_dtype(dtype))


def test_unknown_dtypes_are_refused():
    with pytest.raises(ValueError, match="Invalid dtype"):
        dtypes.standardize_dtype("float31")
    with pytest.raises(ValueError, match="float8"):
        dtypes.result_type("float8_e4m3fn", "float32")


@pytest.mark.parametrize("value", [1.5, 3, 2**40, True, [1, 2.5], [[1, 2]], (1, 2),
                                   np.float64(2.0), np.int64(3), np.arange(3.0),
                                   np.arange(3, dtype="uint8"), [np.float32(1), 2]])
def test_convert_to_tensor_matches_keras(value, keras):
    ours, theirs = ops.convert_to_tensor(value), keras.ops.convert_to_tensor(value)
    assert ours.dtype == theirs.dtype
    np.testing.assert_array_equal(ours.numpy(), theirs.cpu().numpy())


def test_promote_keeps_tensors_of_one_dtype_unchanged():
    a, b = torch.ones(2), torch.zeros(2)
    out = convert.promote(a, b)
    assert out[0] is a and out[1] is b
    assert [t.dtype for t in convert.promote(torch.ones(2, dtype=torch.int8), 1)] == [
        torch.int8, torch.int8]  # a Python int is weak
    assert [t.dtype for t in convert.promote(torch.ones(2, dtype=torch.int32), 1.5)] == [
        torch.float32, torch.float32]


def test_ops_keep_the_device_of_their_tensor_inputs():
    # No GPU in CI: the meta device shows that scalars and new tensors follow the input.
    x = torch.ones(2, 3, device="meta")
    for out in (ops.add(x, 1.0), ops.maximum(x, 2), ops.mean(x, axis=0), ops.sum(x),
                ops.divide_no_nan(x, x), ops.clip(x, 0.0, 1.0), ops.quantile(x, 0.5),
                ops.sqrt(x), ops.cumsum(x, axis=1), ops.arctan2(x, 1.0),
                ops.scatter_update(x, [[0, 1]], [5.0]), ops.slice_update(x, (0, 0), x[:1])):
        assert out.device.type == "meta"


def test_convert_to_numpy_detaches_and_keeps_dtype():
    x = torch.ones(2, dtype=torch.float64, requires_grad=True)
    out = ops.convert_to_numpy(x * 2)
    assert isinstance(out, np.ndarray) and out.dtype == np.float64
    assert ops.convert_to_numpy([torch.ones(2), torch.zeros(2)]).shape == (2, 2)
