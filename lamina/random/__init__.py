"""`keras.random` on torch: seeded, reproducible random draws and `SeedGenerator`."""

from .random import beta as beta
from .random import binomial as binomial
from .random import categorical as categorical
from .random import dropout as dropout
from .random import gamma as gamma
from .random import normal as normal
from .random import randint as randint
from .random import shuffle as shuffle
from .random import truncated_normal as truncated_normal
from .random import uniform as uniform
from .seed_generator import SeedGenerator as SeedGenerator

__all__ = [
    "SeedGenerator", "beta", "binomial", "categorical", "dropout", "gamma", "normal",
    "randint", "shuffle", "truncated_normal", "uniform",
]  # fmt: skip
