"""`DTypePolicy`: the dtype a layer keeps its weights in and the dtype it computes in.

`"mixed_float16"` and `"mixed_bfloat16"` keep float32 weights and compute in the lower
precision (under `torch.autocast`); any other dtype name uses that dtype for both. The
global policy starts as `floatx()` the first time it is read, as in Keras.
"""

import torch

from ..tensors import standardize_dtype

_MIXED = {"mixed_float16": "float16", "mixed_bfloat16": "bfloat16"}
_GLOBAL = None  # a DTypePolicy once read or set


class DTypePolicy:
    """A layer's dtype policy.

    Args:
        name: `"mixed_float16"`, `"mixed_bfloat16"`, or a dtype name such as `"float32"`
            (both dtypes). `None` takes the global policy's name.

    Example:

    >>> DTypePolicy("mixed_bfloat16").variable_dtype
    'float32'
    """

    def __init__(self, name: str | None = None):
        if name is None:
            name = dtype_policy().name
        if not isinstance(name, str):
            raise TypeError(
                "'name' must be a string, such as 'mixed_float16'. "
                f"Received: name={name!r} (of type {type(name)})"
            )
        self._name = name
        self._compute_dtype, self._variable_dtype = _parse(name)
        self._quantization_mode = None

    @property
    def name(self) -> str:
        return self._name

    @property
    def variable_dtype(self) -> str:
        return self._variable_dtype

    @property
    def compute_dtype(self) -> str:
        return self._compute_dtype

    @property
    def quantization_mode(self):
        """Always `None`: Lamina has no quantized policies."""
        return self._quantization_mode

    @property
    def is_mixed(self) -> bool:
        return self._name in _MIXED

    def convert_input(self, x, autocast: bool, dtype):
        """`x` cast to `dtype` when `autocast` is on and `x` is a float tensor of another
        dtype; integer and bool inputs, and non-tensors, are returned unchanged."""
        target = standardize_dtype(dtype)
        if isinstance(x, torch.Tensor) and autocast and x.is_floating_point():
            if standardize_dtype(x.dtype) != target:
                return x.to(_TORCH_FLOATS[target])
        return x

    def get_config(self) -> dict:
        return {"name": self._name}

    @classmethod
    def from_config(cls, config: dict) -> "DTypePolicy":
        return cls(**config)

    def __eq__(self, other):
        kinds = (DTypePolicy, FloatDTypePolicy)
        return type(self) in kinds and type(other) in kinds and self._name == other._name

    def __hash__(self):
        return hash(self._name)

    def __repr__(self):
        return f'<DTypePolicy "{self._name}">'


class FloatDTypePolicy(DTypePolicy):
    """The same policy under its older name; it equals a `DTypePolicy` of the same name."""


_TORCH_FLOATS = {"float16": torch.float16, "bfloat16": torch.bfloat16,
                 "float32": torch.float32, "float64": torch.float64}


def _parse(name: str) -> tuple[str, str]:
    """(compute dtype, variable dtype) for a policy name."""
    if name in _MIXED:
        return _MIXED[name], "float32"
    try:
        if name == "float":  # Keras's standardize_dtype has no bare "float" (but maps "int")
            raise ValueError(name)
        dtype = standardize_dtype("int32" if name == "int" else name)
    except (ValueError, TypeError):
        raise ValueError(
            f"Cannot convert {name!r} to a mixed precision DTypePolicy. Valid policies include "
            "'mixed_float16', 'mixed_bfloat16', and the name of any float dtype such as 'float32'."
        ) from None
    return dtype, dtype


def set_dtype_policy(policy) -> None:
    """Sets the policy of layers created from now on (`"mixed_bfloat16"`, `"float32"`, ...)."""
    global _GLOBAL
    if isinstance(policy, str):
        policy = DTypePolicy(policy)
    if not isinstance(policy, DTypePolicy):
        raise ValueError(
            "Invalid `policy` argument. Expected the string name of a policy (such as "
            f"'mixed_float16') or a `DTypePolicy` instance. Received: policy={policy!r} "
            f"(of type {type(policy)})"
        )
    _GLOBAL = policy


def dtype_policy() -> DTypePolicy:
    """The global policy; `DTypePolicy(floatx())` until one is set."""
    global _GLOBAL
    if _GLOBAL is None:
        from ..config import floatx  # config re-exports this module's functions

        _GLOBAL = DTypePolicy(floatx())
    return _GLOBAL


def resolve(dtype) -> str:
    """A layer's `dtype=` argument (None, a name, a policy or Keras's config dict) -> a policy name."""
    if dtype is None:
        return dtype_policy().name
    if isinstance(dtype, DTypePolicy):
        return dtype.name
    if isinstance(dtype, dict):
        dtype = (dtype.get("config") or {}).get("name", "float32")
    if isinstance(dtype, str) and dtype in _MIXED:
        return dtype
    return standardize_dtype(dtype)


def torch_compute_dtype(name: str) -> torch.dtype:
    """The torch dtype a mixed policy computes in (`torch.float16` or `torch.bfloat16`)."""
    return _TORCH_FLOATS[DTypePolicy(name).compute_dtype]
