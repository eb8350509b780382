"""Invariants of the element-wise ops and reductions over generated shapes and axes
(hypothesis), with numpy as the reference for values and shapes."""

import numpy as np
import torch
from hypothesis import given
from hypothesis import strategies as st

from lamina import ops

shapes = st.lists(st.integers(1, 4), min_size=1, max_size=4).map(tuple)


@st.composite
def shape_and_axis(draw):
    shape = draw(shapes)
    axes = draw(st.lists(st.integers(-len(shape), len(shape) - 1), unique_by=lambda a: a %
                         len(shape), max_size=len(shape)))
    axis = draw(st.sampled_from([None, tuple(axes), axes[0] if axes else None]))
    return shape, axis, draw(st.booleans())


@given(shape_and_axis())
def test_reductions_agree_with_numpy(case):
    shape, axis, keepdims = case
    x = np.random.default_rng(0).standard_normal(shape).astype("float32")
    for name in ("sum", "mean", "max", "min", "prod", "var", "std"):
        ours = getattr(ops, name)(torch.from_numpy(x), axis=axis, keepdims=keepdims)
        expected = getattr(np, name)(x, axis=axis, keepdims=keepdims)
        assert tuple(ours.shape) == np.shape(expected), (name, shape, axis)
        np.testing.assert_allclose(ours.numpy(), expected, rtol=1e-5, atol=1e-5, err_msg=name)


@given(shapes, shapes)
def test_binary_ops_broadcast_like_numpy(a_shape, b_shape):
    a = np.random.default_rng(1).uniform(0.1, 3.0, a_shape).astype("float32")
    b = np.random.default_rng(2).uniform(0.5, 2.0, b_shape).astype("float32")
    try:
        expected_shape = np.broadcast_shapes(a_shape, b_shape)
    except ValueError:
        for name in ("add", "divide", "maximum", "arctan2"):
            try:
                getattr(ops, name)(a, b)
            except ValueError as error:
                assert name in str(error) and "broadcast" in str(error)
            else:
                raise AssertionError(f"{name} accepted shapes {a_shape} and {b_shape}")
        return
    for name, ref in (("add", np.add), ("divide", np.divide), ("maximum", np.maximum),
                      ("arctan2", np.arctan2), ("power", np.power)):
        out = getattr(ops, name)(torch.from_numpy(a), torch.from_numpy(b))
        assert tuple(out.shape) == expected_shape
        np.testing.assert_allclose(out.numpy(), ref(a, b), rtol=1e-5, atol=1e-6, err_msg=name)


@given(st.lists(st.integers(-20, 20), min_size=1, max_size=8))
def test_integer_division_identity(values):
    x = np.array(values, dtype="int32")
    y = np.where(x == 0, 3, x)[::-1].copy()
    q, r = ops.floor_divide(x, y), ops.mod(x, y)
    np.testing.assert_array_equal((q * torch.from_numpy(y) + r).numpy(), x)  # x = q*y + r
    np.testing.assert_array_equal(q.numpy(), x // y)
    np.testing.assert_array_equal(r.numpy(), x % y)
