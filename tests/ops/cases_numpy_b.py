"""Rows for `lamina.ops.numpy` creation, manipulation, indexing, products, logic and
sorting (the second half of the numpy family); see op_cases.py for the format."""

import numpy as np
import torch
from op_cases import OpCase, S

NUM = ("float32", "int32")
ALL = ("float32", "int32", "bool")
TENSORS = ("torch",)


def _np_check(reference, **np_kwargs):
    """A check against numpy's definition, for rows where Keras on torch is not the oracle."""

    def check(out, args, kwargs):
        arrays = [a.numpy() if isinstance(a, torch.Tensor) else a for a in args]
        expected = reference(*arrays, **np_kwargs)
        if isinstance(expected, (list, tuple)):
            for o, e in zip(out, expected):
                np.testing.assert_allclose(o.numpy(), e, rtol=1e-5, atol=1e-6)
        else:
            assert isinstance(out, torch.Tensor)
            np.testing.assert_allclose(out.numpy(), expected, rtol=1e-5, atol=1e-6)

    return check


def _shape_dtype(shape, dtype):
    def check(out, args, kwargs):
        assert tuple(out.shape) == shape and out.dtype == dtype

    return check


def _is_partition(out, args, kwargs):
    x, kth = np.asarray(args[0]), args[1]
    axis = kwargs.get("axis", -1)
    part = np.take_along_axis(x, out.numpy().astype(np.int64), axis=axis)
    expected = np.partition(x, kth, axis=axis)
    assert out.dtype == torch.int32
    np.testing.assert_array_equal(np.sort(out.numpy(), axis=axis),
                                  np.broadcast_to(np.arange(x.shape[axis]).reshape(
                                      [-1 if i == axis % x.ndim else 1 for i in range(x.ndim)]),
                                      x.shape))
    np.testing.assert_array_equal(np.take(part, kth, axis=axis), np.take(expected, kth, axis=axis))
    assert np.all(np.take(part, range(kth), axis=axis)
                  <= np.expand_dims(np.take(part, kth, axis=axis), axis))


def _vectorized_like_keras(*inputs):
    def check(ours, args, kwargs):
        import keras

        expected = keras.ops.vectorize(*args, **kwargs)(*inputs)
        np.testing.assert_allclose(ours(*inputs).numpy(), expected.numpy(), rtol=1e-6)

    return check


def _pairs(x, y):
    return x[..., 0] * y[..., 0] + x[..., 1] * y[..., 1]


def _square(x):
    return x * x


CREATION = [
    OpCase("arange", (5,)),
    OpCase("arange", (1, 7, 2)),
    OpCase("arange", (0.5, 3.0)),
    OpCase("arange", (2, 10, 3), dict(dtype="float32")),
    OpCase("arange", (np.int64(4),), note="np-int64"),
    OpCase("arange", (0, 4), dict(step=0), raises=ValueError, match="step"),
    OpCase("linspace", (0, 1, -2), raises=ValueError, match="num"),
    OpCase("array", (S((2, 3)),), dtypes=ALL),
    OpCase("array", ([[1, 2], [3, 4]],), dict(dtype="float32")),
    OpCase("array", ([1.5, 2],)),
    OpCase("copy", (S((3, 2)),), dtypes=ALL),
    OpCase("zeros", ((2, 3),)),
    OpCase("zeros", (4,), dict(dtype="int32")),
    OpCase("zeros", (4,), dict(dtype="int3"), raises=ValueError, match="zeros: unsupported"),
    OpCase("ones", ((2, 1, 3),), dict(dtype="bool")),
    OpCase("ones", (3,)),
    OpCase("empty", ((2, 3),), oracle=False, check=_shape_dtype((2, 3), torch.float32)),
    OpCase("empty", ((4,), "int32"), oracle=False, check=_shape_dtype((4,), torch.int32)),
    OpCase("empty_like", (S((2, 5)),), oracle=False, check=_shape_dtype((2, 5), torch.float32)),
    OpCase("empty_like", (S((3,)),), dict(dtype="int32"), oracle=False,
           check=_shape_dtype((3,), torch.int32)),
    OpCase("full", ((2, 3), 7)),
    OpCase("full", ((2, 2), 1.5), dict(dtype="float32")),
    OpCase("full", ((3,), True), dict(dtype="bool")),
    OpCase("full", ((2, 3), [1, 2, 3]), dict(dtype="int32")),
    OpCase("full_like", (S((2, 3)), 4), dtypes=ALL),
    OpCase("full_like", (S((3,)), 2.5), dict(dtype="float32"), dtypes=("int32",)),
    OpCase("zeros_like", (S((2, 3)),), dtypes=ALL),
    OpCase("zeros_like", (S((4,)),), dict(dtype="int32")),
    OpCase("ones_like", (S((3, 1)),), dtypes=ALL),
    OpCase("ones_like", (S((2,)),), dict(dtype="bool"), dtypes=("int32",)),
    OpCase("eye", (3,)),
    OpCase("eye", (3, 4), dict(k=1, dtype="int32")),
    OpCase("eye", (4, 2), dict(k=-1)),
    OpCase("eye", (2.0,), raises=TypeError, match="N"),
    OpCase("identity", (3,)),
    OpCase("identity", (2,), dict(dtype="int32")),
    OpCase("linspace", (0, 1, 5)),
    OpCase("linspace", (2.0, 3.0), dict(num=4, endpoint=False)),
    OpCase("linspace", (0, 10, 6), dict(retstep=True)),
    OpCase("linspace", (0, 1, 5), dict(dtype="int32")),
    OpCase("linspace", (0.0, 1.0, 1), note="one"),
    # Keras on torch rejects axis != 0; numpy's definition is the reference.
    OpCase("linspace", (np.array([0.0, 1.0], "float32"), np.array([1.0, 3.0], "float32"), 4),
           dict(axis=1), oracle=False, check=_np_check(np.linspace, axis=1)),
    OpCase("linspace", (np.array([0.0, 1.0], "float32"), np.array([1.0, 3.0], "float32"), 3)),
    OpCase("logspace", (0, 2, 3)),
    OpCase("logspace", (0.0, 2.0), dict(num=4, endpoint=False)),
    OpCase("logspace", (1, 3, 3), dict(base=2)),
    OpCase("geomspace", (1, 1000, 4)),
    OpCase("geomspace", (2.0, 32.0), dict(num=3, endpoint=False)),
    OpCase("geomspace", (-1.0, -100.0, 3)),
    OpCase("tri", (3,)),
    OpCase("tri", (3, 4), dict(k=1, dtype="int32")),
    OpCase("tril", (S((4, 4)),), dtypes=ALL),
    OpCase("tril", (S((2, 3, 4)),), dict(k=-1), dtypes=NUM),
    OpCase("triu", (S((4, 3)),), dtypes=ALL),
    OpCase("triu", (S((2, 3, 3)),), dict(k=1), dtypes=NUM),
    OpCase("tril", (S((4,)),), raises=ValueError, match="rank"),
    OpCase("diag", (S((3,)),), dtypes=NUM),
    OpCase("diag", (S((3,)),), dict(k=1)),
    OpCase("diag", (S((3, 4)),), dict(k=-1), dtypes=NUM),
    OpCase("diag", (S((2, 2, 2)),), raises=ValueError, match="rank 1 or 2"),
    OpCase("diagflat", (S((2, 2)),), dtypes=NUM),
    OpCase("diagflat", (S((3,)),), dict(k=-2)),
    OpCase("meshgrid", (S((3,)), S((2,)))),
    OpCase("meshgrid", (S((3,)), S((2,)), S((4,))), dict(indexing="ij"), dtypes=NUM),
    OpCase("meshgrid", (S((3,)),), dict(indexing="ji"), raises=ValueError, match="indexing"),
    OpCase("vander", (S((4,)),), dtypes=NUM),
    OpCase("vander", (S((3,)),), dict(N=5, increasing=True)),
    OpCase("vander", (S((2, 2)),), raises=ValueError, match="1-D"),
    OpCase("bartlett", (6,)),
    OpCase("blackman", (5,)),
    OpCase("hamming", (7,)),
    OpCase("hanning", (4,)),
    OpCase("kaiser", (6, 2.5)),
]

# Keras on torch pads only the last axis for one (before, after) pair and maps
# "symmetric" to torch's "replicate"; numpy (and Keras on JAX and TF) pads every axis and
# mirrors the edge value: those rows check numpy's definition.
MANIPULATION = [
    OpCase("reshape", (S((2, 6)), (3, 4)), dtypes=ALL),
    OpCase("reshape", (S((2, 3, 4)), (-1, 4))),
    OpCase("reshape", (S((6,)), 6), dtypes=NUM),
    OpCase("reshape", (S((2, 3)), (4, 2)), raises=ValueError, match="reshape"),
    OpCase("transpose", (S((2, 3)),), dtypes=ALL),
    OpCase("transpose", (S((2, 3, 4)), (1, 2, 0)), dtypes=NUM),
    OpCase("transpose", (S((2, 3, 4)),), dict(axes=(0, -1, 1))),
    OpCase("transpose", (S((2, 3)), (0, 0)), raises=ValueError, match="permutation"),
    OpCase("moveaxis", (S((2, 3, 4)), 0, -1), dtypes=ALL),
    OpCase("moveaxis", (S((2, 3, 4)), (0, 1), (2, 0))),
    OpCase("swapaxes", (S((2, 3, 4)), 0, 2), dtypes=NUM),
    OpCase("swapaxes", (S((2, 3)), -1, 0)),
    OpCase("swapaxes", (S((2, 3)), 0, 5), raises=ValueError, match="axis2"),
    OpCase("expand_dims", (S((2, 3)), 0), dtypes=ALL),
    OpCase("expand_dims", (S((2, 3)), -1)),
    OpCase("expand_dims", (S((2, 3)), (0, 3))),
    OpCase("squeeze", (S((1, 3, 1)),), dtypes=ALL),
    OpCase("squeeze", (S((1, 3, 1)),), dict(axis=-1)),
    OpCase("squeeze", (S((1, 3, 1)),), dict(axis=(0, 2))),
    OpCase("squeeze", (S((2, 3)),), dict(axis=0), raises=ValueError, match="size 2"),
    OpCase("ravel", (S((2, 3, 2)),), dtypes=ALL),
    OpCase("concatenate", ([S((2, 3)), S((4, 3))],), dtypes=ALL),
    OpCase("concatenate", ([S((2, 3)), S((2, 1))],), dict(axis=-1), dtypes=NUM),
    OpCase("concatenate", ([S((2, 3), "int32"), S((2, 3), "float32")],), note="mixed"),
    OpCase("concatenate", ([S((2, 3)), S((2, 4))],), raises=ValueError, match="concatenate"),
    OpCase("concatenate", ([],), raises=ValueError, match="non-empty"),
    OpCase("stack", ([S((2, 3)), S((2, 3)), S((2, 3))],), dtypes=ALL),
    OpCase("stack", ([S((2, 3)), S((2, 3))],), dict(axis=-1)),
    OpCase("hstack", ([S((2, 3)), S((2, 1))],), dtypes=NUM),
    OpCase("hstack", ([S((3,)), S((2,))],)),
    OpCase("vstack", ([S((2, 3)), S((1, 3))],), dtypes=NUM),
    OpCase("vstack", ([S((3,)), S((3,))],)),
    OpCase("dstack", ([S((2, 3)), S((2, 3))],), dtypes=NUM),
    OpCase("split", (S((6, 2)), 3), dtypes=ALL),
    OpCase("split", (S((2, 7)), [2, 5]), dict(axis=-1)),
    OpCase("split", (S((5,)), 2), raises=ValueError, match="array_split"),
    OpCase("array_split", (S((7, 2)), 3), dtypes=NUM),
    OpCase("array_split", (S((2, 5)), 2), dict(axis=1)),
    OpCase("array_split", (S((4,)), [1, 2]), raises=ValueError, match="positive int"),
    OpCase("hsplit", (S((2, 4)), 2), dtypes=NUM),
    OpCase("hsplit", (S((2, 6)), [1, 4])),
    OpCase("vsplit", (S((4, 2)), 2), dtypes=NUM),
    OpCase("vsplit", (S((5, 2)), [2])),
    OpCase("dsplit", (S((2, 2, 4)), 2)),
    OpCase("dsplit", (S((2, 2, 4)), [1, 3]), dtypes=NUM),
    OpCase("tile", (S((2, 3)), 2), dtypes=ALL),
    OpCase("tile", (S((2, 3)), (2, 1, 2))),
    OpCase("tile", (S((2, 3)), -1), raises=ValueError, match="non-negative"),
    OpCase("repeat", (S((2, 3)), 2), dtypes=ALL),
    OpCase("repeat", (S((2, 3)), 3), dict(axis=-1)),
    OpCase("repeat", (S((3, 2)), np.array([1, 0, 2])), dict(axis=0), dtypes=NUM),
    OpCase("roll", (S((5,)), 2), dtypes=ALL),
    OpCase("roll", (S((2, 5)), -1), dict(axis=-1)),
    OpCase("roll", (S((3, 4)), (1, 2)), dict(axis=(0, 1))),
    OpCase("roll", (S((3, 4)), 5)),
    OpCase("flip", (S((2, 3)),), dtypes=ALL),
    OpCase("flip", (S((2, 3, 4)),), dict(axis=(0, -1))),
    OpCase("flip", (S((2, 3)),), dict(axis=1), dtypes=NUM),
    OpCase("fliplr", (S((2, 3)),), dtypes=NUM),
    OpCase("fliplr", (S((3,)),), raises=ValueError, match="2-D"),
    OpCase("flipud", (S((3, 2)),), dtypes=NUM),
    OpCase("rot90", (S((2, 3)),), dtypes=ALL),
    OpCase("rot90", (S((2, 3, 4)),), dict(k=3, axes=(1, 2))),
    OpCase("rot90", (S((2, 3)),), dict(k=-1, axes=(-1, 0))),
    OpCase("rot90", (S((2, 3)),), dict(axes=(0, 0)), raises=ValueError, match="axes"),
    OpCase("pad", (S((2, 3)), ((1, 2), (0, 1))), dtypes=ALL),
    OpCase("pad", (S((2, 3)), ((1, 1), (2, 0))), dict(constant_values=5), dtypes=NUM),
    OpCase("pad", (S((3, 4)), ((1, 2), (2, 1))), dict(mode="reflect")),
    OpCase("pad", (S((2, 4)), ((0, 0), (1, 3))), dict(mode="reflect"), dtypes=("int32",)),
    OpCase("pad", (S((2, 3)), 1), oracle=False, check=_np_check(np.pad),
           note="all-axes"),
    OpCase("pad", (S((3, 2)), ((2, 1), (1, 3))), dict(mode="symmetric"), oracle=False,
           check=_np_check(np.pad, mode="symmetric")),
    OpCase("pad", (S((3, 2)), ((2, 1), (1, 3))), dict(mode="edge"), oracle=False,
           check=_np_check(np.pad, mode="edge")),
    OpCase("pad", (S((3, 2)), ((2, 4), (1, 3))), dict(mode="wrap"), oracle=False,
           check=_np_check(np.pad, mode="wrap")),
    OpCase("pad", (S((2, 3)), ((1, 1),) * 3), raises=ValueError, match="one pair per axis"),
    OpCase("pad", (S((2, 3)), 1), dict(mode="edge", constant_values=1), raises=ValueError,
           match="constant_values"),
    OpCase("broadcast_to", (S((3,)), (2, 3)), dtypes=ALL),
    OpCase("broadcast_to", (S((2, 1)), (4, 2, 3))),
    OpCase("broadcast_to", (S((2,)), (3,)), raises=ValueError, match="broadcast"),
    OpCase("append", (S((2, 3)), S((3,))), dtypes=NUM),
    OpCase("append", (S((2, 3)), S((1, 3))), dict(axis=0)),
    OpCase("diff", (S((5,)),), dtypes=NUM),
    OpCase("diff", (S((3, 5)),), dict(n=2, axis=0)),
    OpCase("diff", (S((3, 5)),), dict(axis=-1), dtypes=("int32",)),
    OpCase("ndim", (S((2, 3, 1)),)),
    OpCase("size", (S((2, 3, 4)),)),
    OpCase("get_item", (S((4, 3)), 1), dtypes=ALL, kinds=TENSORS),  # Keras: x[key] as given
    OpCase("get_item", (S((4, 3)), (slice(1, 3), -1)), kinds=TENSORS),
    OpCase("view", (S((4,)), "int32"), dtypes=("float32",), exact=True),
    OpCase("view", (S((2, 2)), "float32"), dtypes=("int32",), exact=True),
]

INDEXING = [
    OpCase("take", (S((5, 3)), np.array([0, 4, -1])), dict(axis=0), dtypes=ALL),
    OpCase("take", (S((2, 5)), np.array([[1, 0], [-2, 3]])), dict(axis=1), dtypes=NUM),
    OpCase("take", (S((2, 3)), np.array([5, 0])), note="flat"),
    # Keras on torch wraps a negative index by x.shape[0] even when x is flattened
    # (axis=None); numpy wraps by the flat size, as we do.
    OpCase("take", (S((2, 3)), np.array([-1, 2])), oracle=False, check=_np_check(np.take),
           note="flat-negative"),
    OpCase("take", (S((2, 3, 4)), [1, 2]), dict(axis=-1)),
    OpCase("take", (S((2, 3)), np.array([3])), dict(axis=1), raises=ValueError, match="range"),
    OpCase("take", (S((2, 3)), np.array([0.5])), raises=TypeError, match="integers"),
    OpCase("take_along_axis", (S((3, 4)), np.array([[0], [3], [-1]])), dict(axis=1),
           dtypes=NUM),
    OpCase("take_along_axis", (S((3, 4)), np.array([[2, 0, 1, 1]])), dict(axis=0)),
    OpCase("take_along_axis", (S((3, 4)), np.array([11, 0])), note="flat"),
    OpCase("where", (S((2, 3), "bool"), S((2, 3)), S((2, 3))), dtypes=ALL),
    OpCase("where", (S((2, 3), "bool"), S((3,)), 0.5), dtypes=("float32",)),
    OpCase("where", (S((2, 3), "bool"), S((2, 1)), 7), dtypes=("int32",)),
    OpCase("where", (S((3, 2), "bool"),), note="indices"),
    OpCase("where", (S((2,), "bool"), S((2,))), raises=ValueError, match="both"),
    OpCase("nonzero", (S((3, 4)),), dtypes=ALL),
    OpCase("select", ([S((4,), "bool"), S((4,), "bool")], [S((4,)), S((4,))]), dtypes=NUM),
    OpCase("select", ([S((2, 3), "bool")], [S((2, 3))]), dict(default=-1.0)),
    OpCase("select", (S((3,), "bool"), [S((3,))]), raises=ValueError, match="lists"),
    OpCase("digitize", (S((3, 4)), np.array([-1.0, 0.0, 0.5, 2.0], "float32"))),
    OpCase("digitize", (S((6,)), np.array([-3, 0, 2], "int32")), dtypes=("int32",)),
    OpCase("searchsorted", (np.array([1.0, 2.0, 2.0, 5.0], "float32"), S((3, 2)))),
    OpCase("searchsorted", (np.array([-3, 0, 0, 4], "int32"), S((5,))), dict(side="right"),
           dtypes=("int32",)),
    OpCase("searchsorted", (S((2, 3)), S((2,))), raises=ValueError, match="1-D"),
    OpCase("searchsorted", (S((3,)), S((2,))), dict(side="mid"), raises=ValueError,
           match="side"),
    OpCase("bincount", (S((8,), "int32", 0, 5),)),
    OpCase("bincount", (S((8,), "int32", 0, 5),), dict(minlength=7)),
    OpCase("bincount", (S((6,), "int32", 0, 4), S((6,))), note="weights"),
    OpCase("bincount", (S((3, 5), "int32", 0, 4),), dict(minlength=5), note="2d"),
    OpCase("bincount", (S((3,), "int32", 0, 4),), dict(sparse=True), raises=ValueError,
           match="sparse"),
    OpCase("bincount", (np.array([1, -1]),), raises=ValueError, match="non-negative"),
    OpCase("unravel_index", (np.array([0, 5, 11], "int32"), (3, 4))),
    OpCase("unravel_index", (np.array([[3, 7]], "int64"), (2, 2, 2))),
    OpCase("unravel_index", (np.array([6]), (2, 3)), raises=ValueError, match=r"\[0, 6\)"),
    OpCase("diagonal", (S((3, 4)),), dtypes=ALL),
    OpCase("diagonal", (S((2, 3, 4)),), dict(offset=1, axis1=-1, axis2=1)),
    OpCase("diagonal", (S((3, 3)),), dict(axis1=1, axis2=-1), raises=ValueError,
           match="differ"),
    # `vectorize` returns a function: the rows call ours and Keras's on the same inputs.
    OpCase("vectorize", (_square,), oracle=False,
           check=_vectorized_like_keras(torch.arange(6.0).reshape(2, 3))),
    OpCase("vectorize", (_pairs,), dict(signature="(n),(n)->()"), oracle=False,
           check=_vectorized_like_keras(torch.randn(4, 3, 2), torch.randn(3, 2))),
    OpCase("vectorize", (3,), raises=ValueError, match="callable"),
]

PRODUCTS = [
    OpCase("matmul", (S((2, 3)), S((3, 4))), dtypes=ALL),
    OpCase("matmul", (S((5, 2, 3)), S((3, 2)))),
    OpCase("matmul", (S((3,)), S((2, 3, 4))), dtypes=NUM),
    OpCase("matmul", (S((4, 3), "int8"), S((3, 2), "int8")), note="int8"),
    OpCase("matmul", (S((2, 3), "int32"), S((3, 2), "float32")), note="mixed"),
    OpCase("matmul", (S((2, 3), "float64"), S((3, 2), "float64")), note="f64"),  # float32 out
    OpCase("matmul", (S((2, 3), "int64"), S((3, 2), "int64")), note="i64"),  # int32 out
    OpCase("matmul", (S((2, 3)), S((2, 3))), raises=ValueError, match="matmul"),
    OpCase("dot", (S((2, 3)), S((3,))), dtypes=NUM),
    OpCase("dot", (S((3,)), S((3,))), dtypes=ALL),
    OpCase("dot", (S((2, 3)), 2.0), note="scalar"),
    OpCase("vdot", (S((4,)), S((4,))), dtypes=NUM),
    OpCase("inner", (S((2, 3)), S((4, 3))), dtypes=NUM),
    OpCase("inner", (S((3,)), S((3,)))),
    OpCase("outer", (S((3,)), S((4,))), dtypes=ALL),
    OpCase("outer", (S((2, 2)), S((3,)))),
    OpCase("tensordot", (S((2, 3, 4)), S((3, 4, 5))), dtypes=NUM),
    OpCase("tensordot", (S((2, 3)), S((3, 2))), dict(axes=1)),
    OpCase("tensordot", (S((2, 3, 4)), S((4, 2))), dict(axes=([0, 2], [1, 0]))),
    OpCase("tensordot", (S((2, 3)), S((3, 2))), dict(axes=(1, 0)), dtypes=NUM),
    OpCase("einsum", ("ij,jk->ik", S((2, 3)), S((3, 4))), dtypes=NUM),
    OpCase("einsum", ("bij->bji", S((2, 3, 4)))),
    OpCase("einsum", ("i,i->", S((5,), "int8"), S((5,), "int8")), note="int8"),
    OpCase("einsum", ("ij,j->i", S((2, 3)), S((3,))), dtypes=("float64", "int64")),
    OpCase("einsum", ("ij,jk->ik", S((2, 3)), S((4, 4))), raises=ValueError, match="einsum"),
    OpCase("cross", (S((3,)), S((3,))), dict(axis=-1), dtypes=NUM),
    OpCase("cross", (S((4, 3)), S((4, 3))), dict(axis=1)),
    OpCase("cross", (S((3, 2)), S((3, 2))), dict(axis=0)),
    OpCase("cross", (S((2,)), S((2,))), raises=ValueError, match="size 3"),
    # Keras on torch rejects axisa/axisb/axisc; numpy's definition is the reference.
    OpCase("cross", (S((3, 2)), S((2, 3))), dict(axisa=0, axisc=0), oracle=False,
           check=_np_check(np.cross, axisa=0, axisc=0)),
    OpCase("kron", (S((2, 2)), S((3, 1))), dtypes=NUM),
    OpCase("kron", (S((2,)), S((3,)))),
    OpCase("trace", (S((3, 3)),), dtypes=ALL),
    OpCase("trace", (S((2, 3, 4)),), dict(offset=1, axis1=1, axis2=2), dtypes=NUM),
    OpCase("trace", (S((3, 4), "int8"),), note="int8"),
    OpCase("correlate", (S((5,)), S((3,))), dtypes=NUM),
    OpCase("correlate", (S((4,)), S((6,))), dict(mode="full")),
    OpCase("correlate", (S((6,)), S((3,))), dict(mode="same")),
    OpCase("correlate", (S((3,)), S((5,))), note="short-first"),
    # Keras squeezes a length-1 result to a scalar; numpy (our reference) keeps shape (1,).
    OpCase("correlate", (S((4,)), S((4,))), oracle=False, check=_np_check(np.correlate)),
    OpCase("correlate", (S((4,)), S((2,))), dict(mode="other"), raises=ValueError,
           match="mode"),
    OpCase("corrcoef", (S((3, 5)),)),
    OpCase("corrcoef", (S((2, 6)),), dtypes=("int32",)),
    OpCase("slogdet", (S((3, 3)),)),
    OpCase("slogdet", (S((2, 4, 4)),), rtol=1e-4, atol=1e-5),  # LU in float32
]

LOGIC = [
    *[OpCase(name, (S((2, 3)), S((3,))), dtypes=ALL) for name in (
        "equal", "not_equal", "greater", "greater_equal", "less", "less_equal",
        "logical_and", "logical_or", "logical_xor")],
    *[OpCase(name, (S((4,)), 0.5), dtypes=NUM, note="scalar") for name in (
        "equal", "not_equal", "greater", "greater_equal", "less", "less_equal")],
    OpCase("greater", (S((2, 3)), S((4,))), raises=ValueError, match="broadcast"),
    OpCase("logical_and", (S((2, 2), "int32"), S((2, 2), "bool")), note="mixed"),
    OpCase("logical_not", (S((2, 3)),), dtypes=ALL),
    OpCase("isclose", (S((3, 4)), S((4,))), dtypes=NUM),
    OpCase("isclose", (np.array([1.0, 2.0, np.nan], "float32"), np.array([1.0 + 1e-6, 2.1,
                                                                        np.nan], "float32")),
           dict(equal_nan=True)),
    OpCase("isclose", (np.array([1.0, 2.0], "float32"), np.array([1.05, 2.0], "float32")),
           dict(rtol=0.1, atol=0.0)),
    OpCase("allclose", (S((3,)), S((3,))), dtypes=NUM),
    OpCase("allclose", (np.ones(3, "float32"), np.ones(3, "float32") + 1e-7)),
    *[OpCase(name, (np.array([0.0, np.inf, -np.inf, np.nan, -2.5], "float32"),)) for name in (
        "isfinite", "isinf", "isnan", "isneginf", "isposinf", "isreal")],
    *[OpCase(name, (S((2, 3)),), dtypes=("int32",)) for name in (
        "isfinite", "isinf", "isnan", "isreal")],
    OpCase("isin", (S((3, 4)), S((5,))), dtypes=("int32", "bool")),
    OpCase("isin", (S((6,), "int32"), np.array([0, 1, 2], "int32")), dict(invert=True)),
    OpCase("isin", (np.array([1.0, 2.5, 3.0], "float32"), np.array([3, 1], "int32"))),
]

SORTING = [
    OpCase("sort", (S((3, 4)),), dtypes=ALL),
    OpCase("sort", (S((3, 4)),), dict(axis=0), dtypes=NUM),
    OpCase("sort", (S((3, 4)),), dict(axis=None)),
    OpCase("argsort", (S((3, 5)),), dtypes=ALL),
    OpCase("argsort", (S((4, 3)),), dict(axis=0), dtypes=NUM),
    OpCase("argsort", (S((2, 3)),), dict(axis=None)),
    *[OpCase(name, (S((3, 4)),), dtypes=ALL) for name in ("argmax", "argmin")],
    *[OpCase(name, (S((3, 4)),), dict(axis=-1, keepdims=True), dtypes=NUM)
      for name in ("argmax", "argmin")],
    *[OpCase(name, (S((2, 3, 4)),), dict(axis=1)) for name in ("argmax", "argmin")],
    OpCase("argmax", (S((2, 3)),), dict(axis=2), raises=ValueError, match="axis"),
    OpCase("argmin", (np.zeros(0, "float32"),), raises=ValueError, match="empty"),
    *[OpCase(name, (np.array([[np.nan, 1.0, 3.0], [np.nan, np.nan, np.nan]], "float32"),),
             dict(axis=1)) for name in ("nanargmax", "nanargmin")],
    *[OpCase(name, (np.array([2.0, np.nan, -1.0], "float32"),)) for name in (
        "nanargmax", "nanargmin")],
    *[OpCase(name, (S((2, 5)),), dict(axis=0, keepdims=True), dtypes=NUM) for name in (
        "nanargmax", "nanargmin")],
    # Keras's torch argpartition casts x to int32 first, so it misorders floats; any valid
    # partition is allowed, and these rows check numpy's definition.
    OpCase("argpartition", (S((7,)), 3), oracle=False, check=_is_partition),
    OpCase("argpartition", (S((3, 6)), 1), dict(axis=0), oracle=False, check=_is_partition),
    OpCase("argpartition", (S((3, 6)), -2), dtypes=("int32",), oracle=False,
           check=_is_partition),
    OpCase("argpartition", (S((5,)), 5), raises=ValueError, match="kth"),
    OpCase("unique", (S((10,), "int32", 0, 4),)),
    OpCase("unique", (S((3, 4), "int32", 0, 3),), dict(return_inverse=True,
                                                          return_counts=True)),
    OpCase("unique", (S((12,), "int32", 0, 5),), dict(return_index=True, return_counts=True)),
    OpCase("unique", (np.array([[1, 2], [3, 4], [1, 2]], "int32"),), dict(axis=0,
                                                                           return_index=True)),
    OpCase("unique", (S((10,), "int32", 0, 3),), dict(size=5, fill_value=-1,
                                                       return_counts=True), note="pad"),
    OpCase("unique", (S((10,), "int32", 0, 6),), dict(size=2), note="cut"),
    OpCase("histogram", (S((20,)),)),
    OpCase("histogram", (S((30,)),), dict(bins=4, range=(-1.0, 1.0))),
    OpCase("histogram", (S((2, 3)),), raises=ValueError, match="1-D"),
    OpCase("histogram", (S((4,)),), dict(bins=-1), raises=ValueError, match="bins"),
]


def _stays_on_meta(out, args, kwargs):
    for leaf in out if isinstance(out, (list, tuple)) else [out]:
        assert leaf.device.type == "meta", leaf.device


def _meta(shape, dtype=torch.float32):
    return torch.empty(shape, dtype=dtype, device="meta")


# Device: inputs on the "meta" device (which has no data) stand in for a GPU: results and
# every tensor an op makes from a scalar, an index or a fill value must stay on it.
_M, _B = _meta((3, 4)), _meta((3, 4), torch.bool)
DEVICE = [
    OpCase(name, args, kwargs, oracle=False, check=_stays_on_meta, kinds=("numpy",),
           note="meta")
    for name, args, kwargs in [
        ("reshape", (_M, (4, 3)), {}),
        ("transpose", (_M,), {}),
        ("concatenate", ([_M, _M],), dict(axis=-1)),
        ("stack", ([_M, _M],), {}),
        ("where", (_B, _M, 0.5), {}),
        ("matmul", (_M, _meta((4, 2))), {}),
        ("dot", (_M, 2.0), {}),
        ("einsum", ("ij,kj->ik", _M, _M), {}),
        ("equal", (_M, 0.5), {}),
        ("isclose", (_M, 1.0), {}),
        ("full_like", (_M, 2.0), {}),
        ("full_like", (_M, [1.0, 2.0, 3.0, 4.0]), {}),
        ("zeros_like", (_M,), {}),
        ("pad", (_M, ((1, 1), (0, 2))), dict(mode="reflect")),
        ("take", (_M, _meta((2,), torch.int64)), dict(axis=1)),
        ("select", ([_B], [_M], 0.0), {}),
        ("cross", (_meta((2, 3)), _meta((2, 3))), dict(axis=-1)),
        ("argsort", (_M,), {}),
        ("argmax", (_M,), dict(axis=1)),
        ("nanargmax", (_M,), dict(axis=1)),
        ("searchsorted", (_meta((3,)), _M), {}),
        ("linspace", (_meta((2,)), _meta((2,)), 5), {}),
        ("split", (_M, 2), dict(axis=1)),
        ("tensordot", (_M, _M), dict(axes=([1], [1]))),
        ("size", (_M,), {}),
        ("pad", (_M, 1), dict(constant_values=2.0)),
        ("repeat", (_M, [1, 2, 0]), dict(axis=0)),
    ]
]

CASES = CREATION + MANIPULATION + INDEXING + PRODUCTS + LOGIC + SORTING + DEVICE
