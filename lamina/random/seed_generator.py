"""`SeedGenerator`: the state behind reproducible random ops, as a `torch.nn.Module`.

Its `state` is a non-trainable int32 buffer `[seed, counter]` (Keras's layout on torch), so a
layer that owns one saves and restores it with its `state_dict`. Each `next()` returns the
current state and advances the counter, so successive draws differ but replay exactly.
"""

import random as python_random

import torch

from .. import naming

_INT32 = 0xFFFFFFFF


def _as_int32(value: int) -> int:
    """`value` wrapped to a signed 32-bit int (what a Keras int32 seed tensor holds)."""
    return ((value & _INT32) ^ 0x80000000) - 0x80000000


def make_default_seed() -> int:
    """A fresh seed from Python's `random` (seeded by `lamina.utils.set_random_seed`)."""
    return python_random.randint(1, int(1e9))


class SeedGenerator(torch.nn.Module):
    """Hands out a new seed on every call of a random op that receives it.

    Args:
        seed: int initial seed; `None` picks one from Python's `random`.
        name: optional name (default `seed_generator`, numbered).

    Example:

    >>> gen = SeedGenerator(42)
    >>> gen.state.tolist()
    [42, 0]
    >>> _ = gen.next(); gen.state.tolist()
    [42, 1]
    """

    def __init__(self, seed: int | None = None, name: str | None = None, **kwargs):
        super().__init__()
        kwargs.pop("backend", None)  # Keras's per-backend hook; there is one backend here
        if kwargs:
            raise ValueError(f"SeedGenerator: unrecognized keyword arguments: {sorted(kwargs)}")
        self.name = name or naming.unique_name("seed_generator")
        self._initial_seed = seed
        if seed is None:
            seed = make_default_seed()
        if not isinstance(seed, int) or isinstance(seed, bool):
            raise ValueError(
                f"SeedGenerator: argument `seed` must be an integer. Received: seed={seed!r}"
            )
        self.register_buffer("state", torch.tensor([_as_int32(seed), 0], dtype=torch.int32))

    def next(self, ordered: bool = True) -> torch.Tensor:
        """The current state (a copy); then advance it (counter + 1, or Keras's hash step)."""
        value = self.state.clone()
        with torch.no_grad():
            if ordered:
                self.state[1] += 1
            else:
                self.state.copy_((self.state.long() + 1) * 5387 % 933199)
        return value

    def get_config(self) -> dict:
        return {"seed": self._initial_seed, "name": self.name}

    @classmethod
    def from_config(cls, config: dict) -> "SeedGenerator":
        return cls(**config)

    def extra_repr(self) -> str:
        return f"name={self.name!r}, seed={self._initial_seed}"


def draw_seed(seed) -> int | None:
    """The 32-bit torch seed for one draw from `seed` (int, SeedGenerator), or `None`.

    `None` means "use torch's global generator", which `lamina.utils.set_random_seed` seeds.
    """
    if seed is None:
        return None
    if isinstance(seed, SeedGenerator):
        first, second = seed.next().tolist()
        return (first + second) & _INT32
    if isinstance(seed, int):
        return seed & _INT32
    raise ValueError(
        "Argument `seed` must be either an integer or an instance of `SeedGenerator`. "
        f"Received: seed={seed!r} (of type {type(seed)})"
    )
