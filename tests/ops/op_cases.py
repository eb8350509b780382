"""One table of op cases, compared with Keras 3 on the torch backend (like `tests/layers/cases.py`).

How to add rows
---------------
Each op family keeps its rows in `tests/ops/cases_<family>.py` beside this file. A file
defines `CASES` (a list of `OpCase`) and optionally `EXCLUDED = {name: reason}` for Keras
names that Lamina does not implement, or implements without an oracle case (the reason is
required; key `"name"` or `"module.name"`, e.g. `"nn.ctc_decode"`). They join here by
file path, so the basenames need not be unique across test folders.

    OpCase("add", (S((2, 3)), S((3,))), dtypes=("float32", "int32"))
    OpCase("sum", (S((2, 3, 4)),), dict(axis=-1, keepdims=True))
    OpCase("add", (np.ones(3, "int8"), 1))            # a Python scalar, weakly typed
    OpCase("conv", (S((1, 5, 5, 2)), S((3, 3, 2, 4))), dict(padding="same"), module="nn",
           rtol=5e-4, atol=1e-5)                    # loose: Keras's own conv tolerance
    OpCase("sqrt", (S((3,), "float32"),), dict(axis=9), raises=ValueError, match="axis")

Fields:
    name: the function name, the same in `lamina.ops.<module>` and Keras.
    args, kwargs: the call. `S(shape, dtype, low, high)` placeholders are filled with a
        deterministic sample; a placeholder without a dtype takes each of `dtypes` in turn
        (one row per dtype). Anything else (numpy arrays, Python scalars and lists,
        callables built from torch functions) is passed as is to both libraries.
    module: `"numpy"`, `"nn"`, `"image"`, `"linalg"` (Keras submodules), `"math"`,
        `"core"` (Keras has them only at the top of `keras.ops`), `""` for a top-level
        only name (`rearrange`), or `"random"` (`lamina.random` vs `keras.random`).
    dtypes: the dtypes that fill dtype-less placeholders (default float32 only).
    rtol, atol: tolerance of the value comparison (float32 arithmetic by default).
    exact: compare values exactly (data movement, integer and bool results).
    check_dtype: compare result dtypes (True unless Keras's dtype is knowingly different;
        say why in a comment).
    post: a function applied to each flat numpy output of both libraries before comparing
        (e.g. `np.abs` for results defined up to sign).
    oracle: False when Keras cannot be the oracle (random draws); then `check(ours, args,
        kwargs)` must assert the documented behaviour (cite the Keras source).
    check: see `oracle`.
    raises, match: Lamina must raise this error type with this text; Keras is not called.
    note: a short id suffix to tell rows of one op apart.
    kinds: which input kinds to run: `"numpy"` (arrays as given) and/or `"torch"` (each
        numpy array as a torch tensor). Use `("torch",)` where Keras itself needs tensors.

The parity test calls both libraries twice, once with numpy inputs and once with torch
tensors in their place, and compares structure, shapes, dtypes and values.
"""

import importlib.util
import pathlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import torch

import lamina


@dataclass(frozen=True)
class S:
    """A sample array placeholder: standard normal floats, or uniform in `[low, high)`."""

    shape: tuple = ()
    dtype: str | None = None
    low: float | None = None
    high: float | None = None

    def make(self, dtype: str, seed: int) -> np.ndarray:
        rng = np.random.default_rng(seed)
        dtype = self.dtype or dtype
        if dtype == "bool":
            return rng.random(self.shape) < 0.5
        if dtype.startswith(("int", "uint")):
            low = 0 if dtype.startswith("uint") and self.low is None else self.low
            low = -5 if low is None else low
            high = 6 if self.high is None else self.high
            return rng.integers(low, high, self.shape).astype(dtype)
        if self.low is not None or self.high is not None:
            low = 0.0 if self.low is None else self.low
            high = 1.0 if self.high is None else self.high
            return rng.uniform(low, high, self.shape).astype(dtype)
        return rng.standard_normal(self.shape).astype(dtype)


@dataclass(frozen=True)
class OpCase:
    """One call of one op, compared with Keras (see the module docstring)."""

    name: str
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    module: str = "numpy"
    dtypes: tuple = ("float32",)
    rtol: float = 1e-5
    atol: float = 1e-6
    exact: bool = False
    check_dtype: bool = True
    post: Callable | None = None
    oracle: bool = True
    check: Callable | None = None
    raises: type | None = None
    match: str | None = None
    note: str = ""
    kinds: tuple = ("numpy", "torch")
    dtype: str | None = None  # set by `expand`: the dtype that filled the placeholders

    @property
    def id(self) -> str:
        args = ",".join(_describe(a) for a in self.args)
        kwargs = ",".join(f"{k}={_describe(v)}" for k, v in self.kwargs.items())
        call = ",".join(p for p in (args, kwargs) if p)
        suffix = f"-{self.note}" if self.note else ""
        prefix = f"{self.module}." if self.module else ""
        return f"{prefix}{self.name}({call}){suffix}"

    def inputs(self, seed: int = 0):
        """`(args, kwargs)` with every placeholder filled (numpy arrays)."""
        counter = iter(range(seed, seed + 1000))

        def fill(value):
            if isinstance(value, S):
                return value.make(self.dtype or "float32", next(counter))
            if isinstance(value, (list, tuple)) and any(isinstance(v, S) for v in value):
                return type(value)(fill(v) for v in value)
            return value

        return tuple(fill(a) for a in self.args), {k: fill(v) for k, v in self.kwargs.items()}

    def ours(self):
        return getattr(_our_module(self.module), self.name)

    def theirs(self, keras):
        return getattr(_keras_module(keras, self.module), self.name)


def _describe(value) -> str:
    if isinstance(value, S):
        dtype = value.dtype or ""
        return f"{dtype}[{'x'.join(map(str, value.shape))}]"
    if isinstance(value, np.ndarray):
        return f"{value.dtype}[{'x'.join(map(str, value.shape))}]"
    if isinstance(value, torch.Tensor):
        return f"t{str(value.dtype)[6:]}[{'x'.join(map(str, value.shape))}]"
    if callable(value):
        return getattr(value, "__name__", "fn")
    if isinstance(value, (list, tuple)):
        inner = ",".join(_describe(v) for v in value)
        return f"[{inner}]" if isinstance(value, list) else f"({inner})"
    return repr(value)


def _our_module(module: str):
    if module == "random":
        import lamina.random

        return lamina.random
    import lamina.ops

    return getattr(lamina.ops, module) if module else lamina.ops


def _keras_module(keras, module: str):
    if module == "random":
        return keras.random
    if module in ("", "core", "math"):
        return keras.ops
    return getattr(keras.ops, module)


def expand(case: OpCase) -> list[OpCase]:
    """One row per dtype when the case has dtype-less placeholders."""

    def open_slots(values):
        for v in values:
            if isinstance(v, S) and v.dtype is None:
                return True
            if isinstance(v, (list, tuple)) and open_slots(v):
                return True
        return False

    if not open_slots((*case.args, *case.kwargs.values())):
        return [case]
    return [replace(case, dtype=d, note=f"{d}{'-' + case.note if case.note else ''}")
            for d in case.dtypes]


def to_torch(value):
    """numpy arrays (also inside lists and tuples) as torch tensors."""
    if isinstance(value, np.ndarray):
        if value.dtype.name == "bfloat16":  # ml_dtypes' bfloat16 has no torch.from_numpy
            return torch.from_numpy(value.astype(np.float32)).to(torch.bfloat16)
        return torch.from_numpy(value.copy())
    if isinstance(value, tuple):
        return tuple(to_torch(v) for v in value)
    if isinstance(value, list) and any(isinstance(v, np.ndarray) for v in value):
        return [to_torch(v) for v in value]
    return value


def flatten(out) -> list:
    if isinstance(out, dict):
        return [leaf for key in sorted(out) for leaf in flatten(out[key])]
    if isinstance(out, (list, tuple)):
        return [leaf for item in out for leaf in flatten(item)]
    return [out]


def _as_numpy(value):
    if isinstance(value, torch.Tensor):
        value = value.detach().cpu()
        if value.dtype == torch.bfloat16:
            value = value.float()
        return value.numpy()
    return np.asarray(value)


def _dtype_name(value) -> str:
    if isinstance(value, torch.Tensor):
        return lamina.ops.dtypes.standardize_dtype(value.dtype)
    return type(value).__name__


def assert_same(case: OpCase, ours, theirs) -> None:
    """Structure, type, dtype, shape and value equality of two op results."""
    ours_flat, theirs_flat = flatten(ours), flatten(theirs)
    assert len(ours_flat) == len(theirs_flat), f"{len(ours_flat)} outputs vs {len(theirs_flat)}"
    for i, (a, b) in enumerate(zip(ours_flat, theirs_flat)):
        where = f"{case.id} output {i}"
        if isinstance(b, torch.Tensor):
            assert isinstance(a, torch.Tensor), f"{where}: {type(a).__name__}, not a tensor"
        if case.check_dtype:
            assert _dtype_name(a) == _dtype_name(b), f"{where}: {_dtype_name(a)} vs {_dtype_name(b)}"
        if not isinstance(a, (torch.Tensor, np.ndarray, np.generic)):
            assert a == b, f"{where}: {a!r} vs {b!r}"  # shapes, dtype names, flags
            continue
        a, b = _as_numpy(a), _as_numpy(b)
        if case.post is not None:
            a, b = np.asarray(case.post(a)), np.asarray(case.post(b))
        assert a.shape == b.shape, f"{where}: shape {a.shape} vs {b.shape}"
        if case.exact or a.dtype.kind in "biu" and b.dtype.kind in "biu":
            np.testing.assert_array_equal(a, b, err_msg=where)
        else:
            np.testing.assert_allclose(a, b, rtol=case.rtol, atol=case.atol, err_msg=where)


def _load(path: pathlib.Path):
    spec = importlib.util.spec_from_file_location(f"lamina_op_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CASES: list[OpCase] = []
EXCLUDED: dict[str, str] = {}
SOURCES: dict[str, Any] = {}
for _path in sorted(pathlib.Path(__file__).parent.glob("cases_*.py")):
    _module = _load(_path)
    SOURCES[_path.stem] = _module
    CASES += getattr(_module, "CASES", [])
    EXCLUDED.update(getattr(_module, "EXCLUDED", {}))

ROWS = [row for case in CASES for row in expand(case)]
ROW_IDS = [row.id for row in ROWS]
