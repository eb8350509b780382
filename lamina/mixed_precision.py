"""Keras's mixed precision policies on torch.autocast.

`set_global_policy("mixed_float16")` (or `"mixed_bfloat16"`) makes layers created
afterwards keep float32 weights and compute in the lower precision under
`torch.autocast`. Softmax outputs come back in float32 and losses are computed in
float32; `fit` scales the loss dynamically for float16, as Keras's LossScaleOptimizer.
"""

import torch

from .tensors import standardize_dtype

_POLICIES = ("float32", "float64", "float16", "bfloat16", "mixed_float16", "mixed_bfloat16")
_GLOBAL = "float32"


class DTypePolicy:
    """A layer's dtype policy: the dtype of its weights and the dtype it computes in."""

    def __init__(self, name: str = "float32"):
        if name not in _POLICIES:
            raise ValueError(f"Unknown dtype policy {name!r}. Expected one of {_POLICIES}.")
        self.name = name

    @property
    def variable_dtype(self) -> str:
        return "float32" if self.name.startswith("mixed_") else self.name

    @property
    def compute_dtype(self) -> str:
        return self.name.removeprefix("mixed_")

    @property
    def is_mixed(self) -> bool:
        return self.name.startswith("mixed_")

    def __repr__(self):
        return f'<DTypePolicy "{self.name}">'


Policy = DTypePolicy


def set_global_policy(policy) -> None:
    """Sets the policy of layers created from now on (`"mixed_bfloat16"`, `"float32"`, ...)."""
    global _GLOBAL
    name = policy.name if isinstance(policy, DTypePolicy) else str(policy)
    DTypePolicy(name)  # validates
    _GLOBAL = name


def global_policy() -> DTypePolicy:
    return DTypePolicy(_GLOBAL)


def resolve(dtype) -> str:
    """A layer's `dtype=` argument (None, a name, a policy or Keras's config dict) -> a policy name."""
    if dtype is None:
        return _GLOBAL
    if isinstance(dtype, DTypePolicy):
        return dtype.name
    if isinstance(dtype, dict):
        dtype = (dtype.get("config") or {}).get("name", "float32")
    if isinstance(dtype, str) and dtype.startswith("mixed_"):
        return DTypePolicy(dtype).name
    return standardize_dtype(dtype)


def torch_compute_dtype(name: str) -> torch.dtype:
    return {"float16": torch.float16, "bfloat16": torch.bfloat16}[DTypePolicy(name).compute_dtype]
