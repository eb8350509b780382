"""Rows for the element-wise math, reductions and statistics of `lamina.ops.numpy`
(modules `elementwise`, `arithmetic`, `reductions`, `statistics`); see op_cases.py."""

import numpy as np
from op_cases import OpCase, S


def _count_like_numpy(out, args, kwargs):
    x = np.asarray(args[0])
    np.testing.assert_array_equal(out.numpy(), np.count_nonzero(x, **kwargs))
    assert str(out.dtype) == "torch.int32"


ALL = ("float32", "int32", "bool")
NUM = ("float32", "int32")
INTS = ("int32", "int8", "uint8")
X = S((2, 3))
X3 = S((2, 3, 4))

# name: (sample kwargs for S, dtypes)
UNARY = {
    "abs": ({}, ALL),
    "absolute": ({}, ALL),
    "angle": ({}, NUM),
    "arccos": (dict(low=-0.9, high=0.9), ("float32",)),
    "arccosh": (dict(low=1.1, high=3.0), ("float32",)),
    "arcsin": (dict(low=-0.9, high=0.9), ("float32",)),
    "arcsinh": ({}, NUM),
    "arctan": ({}, ALL),
    "arctanh": (dict(low=-0.9, high=0.9), ("float32",)),
    "bitwise_invert": ({}, ("int32", "bool", "uint8")),
    "bitwise_not": ({}, ("int32", "bool")),
    "cbrt": ({}, ALL),
    "ceil": ({}, ALL),
    "conj": ({}, NUM),
    "conjugate": ({}, NUM),
    "cos": ({}, ALL),
    "cosh": ({}, NUM),
    "deg2rad": ({}, NUM),
    "exp": ({}, ALL),
    "exp2": ({}, ALL),
    "expm1": ({}, ALL),
    "fabs": ({}, ALL),
    "floor": ({}, ALL),
    "i0": ({}, NUM),
    "log": (dict(low=0.1, high=5.0), NUM),
    "log10": (dict(low=0.1, high=5.0), NUM),
    "log1p": (dict(low=-0.5, high=5.0), NUM),
    "log2": (dict(low=0.1, high=5.0), NUM),
    "nan_to_num": ({}, NUM),
    "negative": ({}, NUM),
    "rad2deg": ({}, NUM),
    "real": ({}, NUM),
    "reciprocal": (dict(low=0.5, high=3.0), ("float32",)),
    "round": ({}, NUM),
    "sign": ({}, NUM),
    "sin": ({}, ALL),
    "sinc": ({}, NUM),
    "sinh": ({}, NUM),
    "sqrt": (dict(low=0.0, high=9.0), ALL),
    "square": ({}, ALL),
    "tan": ({}, NUM),
    "tanh": ({}, ALL),
    "trunc": ({}, ALL),
}

# name: (second-operand sample kwargs, dtypes)
BINARY = {
    "add": ({}, ALL),
    "subtract": ({}, NUM),
    "multiply": ({}, ALL),
    "divide": (dict(low=0.5, high=3.0), NUM),
    "true_divide": (dict(low=0.5, high=3.0), NUM),
    "divide_no_nan": ({}, NUM),
    "floor_divide": (dict(low=1, high=4), NUM),
    "mod": (dict(low=1, high=4), NUM),
    "fmod": (dict(low=1, high=4), NUM),
    "power": (dict(low=0, high=3), NUM),
    "maximum": ({}, ALL),
    "minimum": ({}, ALL),
    "fmax": ({}, NUM),
    "fmin": ({}, NUM),
    "arctan2": ({}, NUM),
    "hypot": ({}, NUM),
    "logaddexp": ({}, NUM),
    "logaddexp2": ({}, NUM),
    "heaviside": ({}, NUM),
    "nextafter": ({}, ("float32",)),
    "gcd": ({}, ("int32",)),
    "lcm": ({}, ("int32",)),
    "bitwise_and": ({}, ("int32", "bool")),
    "bitwise_or": ({}, ("int32", "bool")),
    "bitwise_xor": ({}, ("int32", "bool")),
    "bitwise_left_shift": (dict(low=0, high=4), ("int32",)),
    "bitwise_right_shift": (dict(low=0, high=4), ("int32",)),
    "left_shift": (dict(low=0, high=4), ("int32",)),
    "right_shift": (dict(low=0, high=4), ("int32",)),
}
SCALAR_OK = {"add", "subtract", "multiply", "divide", "true_divide", "divide_no_nan", "power",
             "maximum", "minimum", "fmax", "fmin", "arctan2", "hypot", "logaddexp", "floor_divide",
             "mod", "fmod"}

CASES = []
for name, (kw, dts) in UNARY.items():
    CASES.append(OpCase(name, (S((2, 3), **kw),), dtypes=dts))
    CASES.append(OpCase(name, (S((4,), dts[0], **kw),), note="1d"))
for name, (kw, dts) in BINARY.items():
    CASES.append(OpCase(name, (S((2, 3)), S((2, 3), **kw)), dtypes=dts))
    CASES.append(OpCase(name, (S((4, 1, 3)), S((2, 3), **kw)), dtypes=dts[:1], note="bcast"))
for name in sorted(SCALAR_OK):
    CASES += [
        OpCase(name, (S((2, 3)), 2), dtypes=NUM, note="pyint"),
        OpCase(name, (S((2, 3)), 1.5), dtypes=NUM, note="pyfloat"),
        OpCase(name, (S((3,), "int8", low=1, high=4), 3), note="weak-int8"),
        OpCase(name, (S((3,), "int32"), S((3,), "float32", low=0.5, high=2.0)), note="mixed"),
        OpCase(name, (S((3,), "int64", low=1, high=4), S((3,), "int64", low=1, high=3)),
               note="int64"),
    ]
CASES += [
    OpCase("add", (S((3,), "float16"), 1.5)),
    OpCase("add", (np.float64(1.5), S((3,), "float32"))),
    OpCase("add", ([1, 2, 3], 1.5)),
    OpCase("multiply", (S((2, 3), "bool"), S((2, 3), "int8"))),
    OpCase("subtract", (S((2, 3), "bool"), S((2, 3), "float32"))),
    OpCase("divide", (S((3,), "int32"), S((3,), "int32", low=1, high=4))),
    OpCase("ldexp", (S((2, 3)), S((2, 3), "int32", low=-2, high=3))),
    OpCase("ldexp", (S((2, 3)), S((2, 3), "float32")), raises=TypeError, match="ldexp"),
    OpCase("clip", (S((2, 3)), -0.5, 0.5), dtypes=NUM),
    OpCase("clip", (S((2, 3)), -1, 2), dtypes=ALL, note="int-bounds"),
    OpCase("clip", (S((4,), "float32"), S((4,), "float32", low=-2, high=0), 1.0)),
    OpCase("nan_to_num", (np.array([np.nan, np.inf, -np.inf, 1.0], "float32"),),
           dict(nan=2.0, posinf=9.0, neginf=-9.0)),
    OpCase("nan_to_num", (np.array([np.nan, np.inf, -np.inf, 1.0], "float32"),)),
    OpCase("round", (S((2, 3)),), dict(decimals=2)),
    OpCase("round", (np.array([0.5, 1.5, 2.5, -0.5], "float32"),), note="half-even"),
    OpCase("fabs", (S((3,), "complex64"),), raises=TypeError, match="complex"),
    OpCase("real", (np.array([1 + 2j, 3 - 1j], "complex64"),)),
    OpCase("imag", (np.array([1 + 2j, 3 - 1j], "complex64"),)),
    OpCase("conj", (np.array([1 + 2j, 3 - 1j], "complex64"),), note="complex"),
    OpCase("angle", (np.array([1 + 2j, -3 - 1j], "complex64"),), note="complex"),
    OpCase("floor", (S((3,), "int64"),)),
    OpCase("sqrt", (S((3,), "int64", low=0),)),
    OpCase("cbrt", (S((3,), "int64"),)),
    OpCase("i0", (S((3,), "float64"),)),
]

# --- reductions -----------------------------------------------------------------------

AXES = [dict(), dict(axis=-1), dict(axis=(0, 2), keepdims=True), dict(axis=1, keepdims=True)]
REDUCE = {
    "sum": ALL, "mean": ALL, "max": ALL, "min": ALL, "amax": ALL, "amin": ALL,
    "prod": ALL, "any": ALL, "all": ALL, "ptp": NUM, "std": ALL, "var": ALL,
    "median": NUM, "nanmax": NUM, "nanmin": NUM, "nansum": ALL, "nanprod": NUM,
    "nanmean": NUM, "nanvar": NUM, "nanstd": NUM, "nanmedian": NUM,
}
for name, dts in REDUCE.items():
    for kwargs in AXES:
        CASES.append(OpCase(name, (X3,), kwargs, dtypes=dts, rtol=1e-5, atol=1e-5))
    CASES.append(OpCase(name, (X3,), dict(axis=3), raises=ValueError, match=f"{name}.*axis"))
for name in ("sum", "mean", "any", "all", "amax", "var", "nansum", "nanmean"):
    CASES.append(OpCase(name, (X,), dict(axis=()), dtypes=NUM, note="no-axes"))

NANS = np.array([[1.0, np.nan, 3.0], [np.nan, np.nan, np.nan], [2.0, 5.0, np.nan]], "float32")
for name in ("nanmax", "nanmin", "nansum", "nanprod", "nanmean", "nanvar", "nanstd",
             "nanmedian", "nancumsum", "nancumprod"):
    CASES.append(OpCase(name, (NANS,), dict(axis=-1), note="nan"))
CASES += [
    OpCase("sum", (S((3,), "int8"),), note="int8"),
    OpCase("sum", (S((3,), "float64"),), note="float64"),
    OpCase("mean", (S((3,), "int64"),), note="int64"),
    OpCase("mean", (S((3,), "float64"),), note="float64"),
    OpCase("prod", (S((3,), "int64", low=1, high=4),), note="int64"),
    OpCase("prod", (S((2, 3)),), dict(axis=0, dtype="float32"), dtypes=("int32",)),
    OpCase("max", (S((2, 3)),), dict(initial=0.5)),
    OpCase("min", (S((2, 3)),), dict(axis=1, initial=-0.5)),
    OpCase("max", (np.zeros((0, 3), "float32"),), dict(initial=1.0), note="empty"),
    OpCase("max", (np.zeros((0, 3), "float32"),), raises=ValueError, match="empty"),
    OpCase("count_nonzero", (S((2, 3, 4), "int32", low=-1, high=2),)),
    OpCase("count_nonzero", (S((3, 4), "int32", low=-1, high=2),), dict(axis=-1)),
    OpCase("count_nonzero", (S((3, 4), "int32", low=-1, high=2),), dict(axis=(0, 1))),
    OpCase("count_nonzero", (S((3, 4), "bool"),), dict(axis=0)),
    # Keras's torch backend transposes a 2-D result (`count_nonzero(x, dim).T`), so
    # (2, 3, 4) over axis 0 gives (4, 3); numpy, and Keras's docs, give (3, 4), as we do.
    OpCase("count_nonzero", (np.arange(24).reshape(2, 3, 4) % 3,), dict(axis=0),
           oracle=False, check=_count_like_numpy),
    *[OpCase(n, (X3,), kw, dtypes=ALL) for n in ("cumsum", "cumprod")
      for kw in (dict(), dict(axis=-1), dict(axis=1, dtype="float32"))],
    OpCase("cumsum", (S((3,), "int64"),), note="int64"),
    OpCase("cumsum", (X,), dict(axis=2), raises=ValueError, match="cumsum.*axis"),
    OpCase("nancumsum", (X,), dict(axis=0), dtypes=NUM),
    OpCase("nancumprod", (X,), dtypes=NUM),
    OpCase("average", (X3,), dtypes=NUM),
    OpCase("average", (X3,), dict(axis=1), dtypes=NUM),
    OpCase("average", (X3,), dict(axis=-1, weights=S((4,), "float32", low=0.1, high=1.0)),
           dtypes=NUM),
    OpCase("average", (X,), dict(axis=1, weights=S((2, 3), "float32", low=0.1, high=1.0))),
    *[OpCase(n, (X3, q), kw, dtypes=NUM, rtol=1e-5, atol=1e-5)
      for n, q in (("quantile", 0.3), ("percentile", 70.0), ("nanquantile", 0.3),
                   ("nanpercentile", 70.0))
      for kw in (dict(), dict(axis=-1), dict(axis=(0, 2), keepdims=True))],
    *[OpCase("quantile", (X3, np.array([0.1, 0.5, 0.9], "float32")), dict(axis=1, keepdims=k))
      for k in (False, True)],
    *[OpCase("quantile", (X3, 0.4), dict(axis=-1, method=m), note=m)
      for m in ("lower", "higher", "midpoint", "nearest")],
    OpCase("quantile", (X3, 0.4), dict(method="cubic"), raises=ValueError, match="method"),
    OpCase("median", (S((2, 4)),), dict(axis=1), dtypes=NUM, note="even"),
    OpCase("std", (S((3,), "float64"),), note="float64"),
    OpCase("var", (S((3,), "int64"),), note="int64"),
]

CASES += [
    OpCase("signbit", (np.array([-1.0, -0.0, 0.0, 2.0, -np.inf], "float32"),)),
    OpCase("signbit", (X,), dtypes=NUM),
    OpCase("trapezoid", (X3,), dtypes=ALL),
    OpCase("trapezoid", (X3,), dict(axis=1, dx=0.5), dtypes=NUM),
    OpCase("trapezoid", (X,), dict(x=S((3,), "float32")), dtypes=NUM),
    OpCase("trapezoid", (X,), dict(axis=4), raises=ValueError, match="trapezoid.*axis"),
    OpCase("rearrange", (X3, "b h w -> b w h"), module="", exact=True),
    OpCase("rearrange", (S((2, 6, 3)), "b (h w) c -> b c h w"), dict(h=2), module="",
           exact=True),
    OpCase("rearrange", (S((2, 2, 3, 5)), "b h w c -> b (h w c)"), module="", exact=True),
    OpCase("rearrange", (S((2, 6, 3)), "b (h w) c -> (b c) w h"), dict(w=3), module="",
           exact=True, dtypes=NUM),
    OpCase("rearrange", (X3, "b h -> h b"), module="", raises=ValueError, match="rearrange"),
]

# Errors name the op and what is wrong, instead of a torch RuntimeError.
CASES += [
    OpCase("add", (S((2, 3)), S((4,))), raises=ValueError, match="add.*broadcast"),
    OpCase("maximum", (S((2, 3)), S((2,))), raises=ValueError, match="maximum.*broadcast"),
    OpCase("clip", (S((2, 3)), S((4,)), 1.0), raises=ValueError, match="clip.*broadcast"),
    OpCase("gcd", (S((3,), "float32"), S((3,), "float32")), raises=TypeError, match="gcd"),
    OpCase("bitwise_not", (S((3,), "float32"),), raises=TypeError, match="bitwise_not"),
    OpCase("mean", (X3,), dict(axis=(0, 0)), raises=ValueError, match="mean.*repeated"),
    OpCase("sum", (X3,), dict(axis="1"), raises=TypeError, match="sum.*axis"),
]

# Half precision and 64-bit inputs, where Keras's dtype rules differ most from torch's.
LOWP = ("float16", "bfloat16", "int64", "uint8")
POSITIVE = S((2, 3), low=1, high=4)
CASES += [
    *[OpCase(n, (POSITIVE,), dtypes=LOWP, rtol=1e-2, atol=1e-2, note="lowp")
      for n in ("sqrt", "exp", "log", "floor", "ceil", "round", "cbrt", "fabs", "square",
                "sin", "i0", "mean", "sum", "prod", "var", "std", "median", "cumsum",
                "nanmean", "nansum", "count_nonzero", "trapezoid")],
    *[OpCase(n, (POSITIVE, POSITIVE), dtypes=LOWP, rtol=1e-2, atol=1e-2, note="lowp")
      for n in ("add", "subtract", "multiply", "divide", "floor_divide", "mod", "power",
                "maximum", "minimum", "arctan2", "hypot", "logaddexp", "heaviside",
                "divide_no_nan", "nextafter")],
    *[OpCase(n, (POSITIVE, 2.5), dtypes=LOWP, rtol=1e-2, atol=1e-2, note="lowp-pyfloat")
      for n in ("add", "multiply", "divide", "maximum", "arctan2")],
    OpCase("clip", (POSITIVE, 1.5, 2.5), dtypes=LOWP, rtol=1e-2, atol=1e-2, note="lowp"),
]
