"""Weight initializers with Keras's names, defaults and fan arithmetic.

Each initializer is a callable `initializer(shape, dtype) -> torch.Tensor`. The lower-case
names (`glorot_uniform`, ...) and the `*Initializer` aliases are the classes themselves,
as in Keras.
"""

from .. import registry
from ..naming import to_snake_case
from .constant_initializers import STFT as STFT
from .constant_initializers import Constant as Constant
from .constant_initializers import Identity as Identity
from .constant_initializers import Ones as Ones
from .constant_initializers import Zeros as Zeros
from .initializer import Initializer as Initializer
from .random_initializers import GlorotNormal as GlorotNormal
from .random_initializers import GlorotUniform as GlorotUniform
from .random_initializers import HeNormal as HeNormal
from .random_initializers import HeUniform as HeUniform
from .random_initializers import LecunNormal as LecunNormal
from .random_initializers import LecunUniform as LecunUniform
from .random_initializers import Orthogonal as Orthogonal
from .random_initializers import RandomNormal as RandomNormal
from .random_initializers import RandomUniform as RandomUniform
from .random_initializers import TruncatedNormal as TruncatedNormal
from .random_initializers import VarianceScaling as VarianceScaling
from .random_initializers import compute_fans as compute_fans

for _cls in (
    Zeros, Ones, Constant, Identity, RandomNormal, RandomUniform, TruncatedNormal,
    VarianceScaling, GlorotUniform, GlorotNormal, HeUniform, HeNormal, LecunUniform, LecunNormal,
    Orthogonal, STFT,
):
    # Keras accepts each class under its snake_case name too ("glorot_uniform").
    registry.register_builtin("initializers", _cls, to_snake_case(_cls.__name__))
registry.register_builtin("initializers", Identity, "IdentityInitializer")
registry.register_builtin("initializers", Orthogonal, "OrthogonalInitializer")
registry.register_builtin("initializers", STFT, "STFTInitializer", "stft")

# Keras's other public names for the same classes (`keras.initializers.glorot_uniform`).
IdentityInitializer = identity = Identity
OrthogonalInitializer = orthogonal = Orthogonal
STFTInitializer = stft = STFT
constant, zeros, ones = Constant, Zeros, Ones
random_normal, random_uniform, truncated_normal = RandomNormal, RandomUniform, TruncatedNormal
variance_scaling = VarianceScaling
glorot_uniform, glorot_normal = GlorotUniform, GlorotNormal
he_uniform, he_normal = HeUniform, HeNormal
lecun_uniform, lecun_normal = LecunUniform, LecunNormal


def get(identifier) -> Initializer:
    """A name (`"glorot_uniform"`), a config dict, an Initializer or a callable -> an initializer."""
    if isinstance(identifier, Initializer) or (callable(identifier) and not isinstance(identifier, type)):
        return identifier
    if isinstance(identifier, type) and issubclass(identifier, Initializer):
        return identifier()  # a class, as Keras accepts: `kernel_initializer=GlorotUniform`
    if isinstance(identifier, str):
        cls = registry.lookup("initializers", identifier)
        if cls is None:
            raise registry.unknown("initializers", identifier)
        return cls()
    if isinstance(identifier, dict):
        return deserialize(identifier)
    raise TypeError(f"Could not interpret initializer identifier: {identifier!r}")


def serialize(initializer):
    return registry.serialize_keras_object(initializer)


def deserialize(config, custom_objects=None):
    return registry.deserialize_keras_object(config, custom_objects, kind="initializers")
