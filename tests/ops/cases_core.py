"""Rows for `lamina.ops.core` (cast, structure updates, control flow); see op_cases.py."""

import numpy as np
import torch
from op_cases import OpCase, S

TENSORS = ("torch",)  # Keras's torch backend calls tensor methods on these inputs


def _double(x):
    return x * 2


def _cumulative(carry, x):
    carry = carry + x
    return carry, carry * 2


def _pair_scan(carry, xs):
    a, b = xs
    return (carry[0] + a, carry[1] * 1.0), {"s": a - b}


def _less_than_10(i, x):
    return i < 10


def _step(i, x):
    return i + 1, x * 2


def _add_i(i, x):
    return x + i


def _one():
    return torch.ones(2)


def _zero():
    return torch.zeros(2)


def _neg(x):
    return -x


def _sq(x):
    return x * x


def _add(a, b):
    return a + b


def _max(a, b):
    return torch.maximum(a, b)


def _pair_add(a, b):
    return (a[0] + b[0], a[1] * b[1])


def _count_up(carry, x):
    return carry + 1, carry * 2


def _halve_while_big(x):
    return torch.sum(x) > 1


def _halve(x):
    return x / 2


def _pair_out(x):
    return {"sum": torch.sum(x), "max": torch.amax(x, 0)}


def _row_sum(x):
    return torch.sum(x, 0)


def _saturated_int32(out, args, kwargs):
    top = int(np.nextafter(np.float32(2**31), np.float32(0)))
    assert out.dtype == torch.int32
    assert out.tolist() == [top, -(2**31), 5]


CASES = [
    OpCase("cast", (S((2, 3)), "int32"), module="core", dtypes=("float32", "int32", "bool")),
    OpCase("cast", (S((4,)), "float16"), module="core", dtypes=("float32", "int32")),
    OpCase("cast", ([1, 2, 3], "float32"), module="core"),
    OpCase("cast", (2.7, "int32"), module="core"),
    OpCase("saturate_cast", (np.array([-300.0, -1.5, 3.7, 300.0, np.inf], "float32"), "uint8"),
           module="core"),
    OpCase("saturate_cast", (np.array([-2**31, -1, 200, 2**31 - 1], "int64"), "int8"),
           module="core"),
    # Keras's float32 -> int32 saturate_cast overflows at the top (1e10 -> -2**31); the
    # documented behaviour (keras/src/ops/core.py saturate_cast: "clip values to the range
    # of dtype") is the largest float32 below 2**31, which is what we give.
    OpCase("saturate_cast", (np.array([1e10, -1e10, 5.5], "float32"), "int32"), module="core",
           oracle=False, check=_saturated_int32),
    OpCase("saturate_cast", (np.array([True, False]), "float32"), module="core"),
    OpCase("convert_to_tensor", (1.5,), module="core"),
    OpCase("convert_to_tensor", (3,), module="core"),
    OpCase("convert_to_tensor", (True,), module="core"),
    OpCase("convert_to_tensor", ([1, 2.5],), module="core"),
    OpCase("convert_to_tensor", ([[1, 2], [3, 4]],), module="core"),
    OpCase("convert_to_tensor", (np.arange(4, dtype="float64"),), module="core"),
    OpCase("convert_to_tensor", (np.arange(4, dtype="uint8"),), module="core"),
    OpCase("convert_to_tensor", (S((2, 3)),), dict(dtype="int32"), module="core"),
    OpCase("convert_to_tensor", (np.arange(3),), dict(dtype="bfloat16"), module="core"),
    OpCase("convert_to_numpy", (S((2, 3)),), module="core", dtypes=("float32", "int32")),
    OpCase("dtype", (S((2,)),), module="core", dtypes=("float32", "int32", "bool")),
    OpCase("is_tensor", (S((2,)),), module="core"),
    OpCase("shape", (S((2, 3, 1)),), module="core"),
    OpCase("stop_gradient", (S((3, 2)),), module="core", kinds=TENSORS),
    OpCase("unstack", (S((3, 2)),), module="core", kinds=TENSORS),
    OpCase("unstack", (S((3, 2, 4)),), dict(axis=-1, num=4), module="core", kinds=TENSORS),
    OpCase("unstack", (S((3, 2)),), dict(num=5), module="core", kinds=TENSORS,
           raises=ValueError, match="num"),
    OpCase("scatter", ([[0, 1], [1, 1], [0, 1]], np.array([1.0, 2.0, 3.0], "float32"), (2, 2)),
           module="core"),
    OpCase("scatter", ([[1], [3]], S((2, 3)), (4, 3)), module="core", dtypes=("float32", "int32")),
    OpCase("scatter_update", (S((4, 4)), [[1, 2], [0, 3]], S((2,))), module="core",
           dtypes=("float32", "int32")),
    OpCase("scatter_update", (S((4, 3)), [[1], [2]], S((2, 3))), module="core"),
    *[OpCase("scatter_update", (S((4, 3)), [[1, 0], [1, 0], [3, 2]], S((3,))),
             dict(reduction=r), module="core", note=r) for r in ("add", "max", "min", "mul")],
    OpCase("scatter_update", (S((4, 3)), [[1], [1]], S((2, 3))), dict(reduction="max"),
           module="core"),
    OpCase("scatter_update", (S((4,)), [[1]], S((1,))), dict(reduction="sum"), module="core",
           raises=ValueError, match="reduction"),
    OpCase("slice", (S((4, 5, 3)), (1, 0, 2), (2, 5, 1)), module="core", exact=True),
    OpCase("slice", (S((6,)), [3], [3]), module="core", dtypes=("int32",)),
    OpCase("slice_update", (S((4, 5)), (1, 2), S((2, 3))), module="core", exact=True),
    OpCase("slice_update", (S((3, 3)), [0, 0], S((1, 3))), module="core", dtypes=("int32",)),
    OpCase("cond", (True, _one, _zero), module="core"),
    OpCase("cond", (False, _one, _zero), module="core"),
    OpCase("switch", (1, [_neg, _sq], S((3,))), module="core"),
    OpCase("switch", (7, [_neg, _sq], S((3,))), module="core", note="clamped"),
    OpCase("while_loop", (_less_than_10, _step, (0, S((2,)))), module="core"),
    OpCase("while_loop", (_less_than_10, _step, [0, S((2,))]), dict(maximum_iterations=3),
           module="core"),
    OpCase("fori_loop", (0, 4, _add_i, S((3,))), module="core"),
    OpCase("scan", (_cumulative, np.zeros(3, "float32"), S((5, 3))), module="core"),
    OpCase("scan", (_cumulative, np.zeros(3, "float32"), S((5, 3))), dict(reverse=True),
           module="core"),
    OpCase("scan", (_pair_scan, (np.zeros(2, "float32"), np.ones(2, "float32")),
                    (S((4, 2)), S((4, 2)))), module="core"),
    OpCase("map", (_row_sum, S((4, 3, 2))), module="core"),
    OpCase("map", (_pair_out, S((4, 3))), module="core", note="dict"),
    OpCase("scan", (_count_up, np.zeros(2, "float32")), dict(length=3), module="core"),
    OpCase("while_loop", (_halve_while_big, _halve, S((3,), low=1.0, high=4.0)),
           module="core", note="single"),
    OpCase("associative_scan", (_add, S((7, 3))), module="core"),
    OpCase("associative_scan", (_add, S((2, 8))), dict(axis=1, reverse=True), module="core"),
    # Keras's torch associative_scan builds float32 buffers, so int inputs come back float32;
    # we keep the input dtype (the values agree).
    OpCase("associative_scan", (_max, S((5,))), module="core", dtypes=("int32",),
           check_dtype=False),
    OpCase("associative_scan", (_pair_add, (S((6, 2)), S((6, 2), low=0.5, high=1.5))),
           module="core", rtol=1e-5),
    OpCase("vectorized_map", (_double, S((4, 3))), module="core", kinds=TENSORS),
    OpCase("vectorized_map", (_row_sum, S((4, 3, 2))), module="core", kinds=TENSORS),
]

EXCLUDED = {
    "core.custom_gradient": "a decorator, not a value op: tests/ops/test_op_gradients.py "
    "compares its gradients with Keras's",
}
