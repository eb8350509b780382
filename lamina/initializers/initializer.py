"""The `Initializer` base class and the dtype names initializers accept."""

import torch

from .. import config


def _torch_dtype(dtype):
    """A torch dtype from `None` (`floatx()`), a torch dtype or a name such as `"float64"`."""
    if dtype is None:
        return getattr(torch, config.floatx())
    if isinstance(dtype, str):
        found = getattr(torch, dtype.removeprefix("torch."), None)
        if not isinstance(found, torch.dtype):
            raise ValueError(f"Unknown dtype {dtype!r} for an initializer. Use e.g. 'float32'.")
        return found
    return dtype


class Initializer:
    """Base class: `initializer(shape, dtype)` returns a new torch tensor."""

    def __call__(self, shape, dtype=torch.float32) -> torch.Tensor:
        raise NotImplementedError

    def get_config(self) -> dict:
        return {}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def clone(self):
        """A new initializer with the same config."""
        return type(self).from_config(self.get_config())
