"""One table of layer cases, run through the generic tests (like torch's `module_db`).

Every row was checked against Keras 3 (`KERAS_BACKEND=torch`); the parameter counts and
output shapes follow the tables in KERAS_SEMANTICS (C3, P1, P3, P5, D3, F1, R2).
"""

import importlib
import pathlib
from dataclasses import dataclass, field

import numpy as np
import torch

from lamina import layers


def sample(shape, seed=0, dtype="float32", high=10) -> torch.Tensor:
    rng = np.random.default_rng(seed)
    if dtype.startswith(("int", "uint")):
        return torch.from_numpy(rng.integers(0, high, shape).astype(dtype))
    return torch.from_numpy(rng.standard_normal(shape).astype(dtype))


@dataclass(frozen=True)
class LayerCase:
    """One layer configuration and what Keras says it does.

    Args:
        layer: the Lamina layer class (Keras has a class of the same name).
        kwargs: constructor arguments, valid for both libraries.
        input_shape: a concrete input shape, batch included.
        output_shape: the expected output shape for `input_shape`.
        params: expected `count_params()`.
        trainable: number of trainable weight tensors.
        non_trainable: number of non-trainable weight tensors.
        exact: the layer only moves data (or is the identity in inference), so outputs are
            compared with `torch.equal`, no tolerance.
        input_dtype: dtype of the sampled input ("float32"; "int32"/"int64" for
            Embedding-like layers, sampled uniformly from `[0, input_high)`).
        input_high: exclusive upper bound of sampled integer inputs.
        rtol, atol: tolerance of the Keras parity comparison (float32 arithmetic by
            default; convolutions pass Keras's own conv-test tolerance, 5e-4 / 1e-5).
    """

    layer: type
    kwargs: dict = field(default_factory=dict)
    input_shape: tuple = ()
    output_shape: tuple = ()
    params: int = 0
    trainable: int = 0
    non_trainable: int = 0
    exact: bool = False
    input_dtype: str = "float32"
    input_high: int = 10
    rtol: float = 1e-5
    atol: float = 1e-6

    @property
    def id(self) -> str:
        args = ",".join(f"{k}={v}" for k, v in self.kwargs.items())
        return f"{self.layer.__name__}({args})-{'x'.join(map(str, self.input_shape))}"

    def sample(self, seed=0) -> torch.Tensor:
        """A deterministic input of `input_shape` and `input_dtype`."""
        return sample(self.input_shape, seed, self.input_dtype, self.input_high)

    @property
    def has_weights(self) -> bool:
        return self.trainable + self.non_trainable > 0

    def make(self):
        return make(self.layer, self.kwargs)

    def oracle(self, keras):
        """The Keras layer of the same class and arguments."""
        return make(getattr(keras.layers, self.layer.__name__), self.kwargs)


def make(cls, kwargs):
    # A fixed name keeps the session's auto-naming counters (dense, dense_1, ...) where
    # tests that compare auto names with Keras's expect them.
    return cls(**{"name": "case", **kwargs})


CASES = [
    # Dense: D2/D3. in*units + units.
    LayerCase(layers.Dense, dict(units=4), (2, 3), (2, 4), 16, 2),
    LayerCase(layers.Dense, dict(units=5), (2, 3, 4), (2, 3, 5), 25, 2),
    LayerCase(layers.Dense, dict(units=7, use_bias=False, activation="relu"), (2, 2, 3, 4), (2, 2, 3, 7), 28, 1),
    # Conv2D: C2/C3. kh*kw*(in/groups)*filters + filters.
    LayerCase(layers.Conv2D, dict(filters=4, kernel_size=3), (2, 8, 8, 3), (2, 6, 6, 4), 112, 2),
    LayerCase(layers.Conv2D, dict(filters=4, kernel_size=3, padding="same"), (2, 7, 7, 3), (2, 7, 7, 4), 112, 2),
    LayerCase(layers.Conv2D, dict(filters=4, kernel_size=3, strides=2), (2, 7, 7, 3), (2, 3, 3, 4), 112, 2),
    LayerCase(layers.Conv2D, dict(filters=4, kernel_size=3, strides=2, padding="same"), (2, 7, 7, 3), (2, 4, 4, 4), 112, 2),
    LayerCase(layers.Conv2D, dict(filters=4, kernel_size=3, strides=2, padding="same"), (2, 8, 8, 3), (2, 4, 4, 4), 112, 2),
    LayerCase(layers.Conv2D, dict(filters=4, kernel_size=2, padding="same"), (2, 7, 7, 3), (2, 7, 7, 4), 52, 2),
    LayerCase(layers.Conv2D, dict(filters=4, kernel_size=4, strides=2, padding="same"), (2, 9, 9, 3), (2, 5, 5, 4), 196, 2),
    LayerCase(layers.Conv2D, dict(filters=4, kernel_size=3, dilation_rate=2), (2, 9, 9, 3), (2, 5, 5, 4), 112, 2),
    LayerCase(layers.Conv2D, dict(filters=4, kernel_size=3, dilation_rate=2, padding="same"), (2, 9, 9, 3), (2, 9, 9, 4), 112, 2),
    LayerCase(layers.Conv2D, dict(filters=8, kernel_size=3, groups=2), (2, 8, 8, 4), (2, 6, 6, 8), 152, 2),
    LayerCase(layers.Conv2D, dict(filters=4, kernel_size=3, data_format="channels_first"), (2, 3, 8, 8), (2, 4, 6, 6), 112, 2),
    LayerCase(layers.Conv2D, dict(filters=4, kernel_size=3, strides=2, padding="same", data_format="channels_first"), (2, 3, 8, 7), (2, 4, 4, 4), 112, 2),
    LayerCase(layers.Conv2D, dict(filters=8, kernel_size=(3, 5), strides=(1, 2)), (2, 8, 9, 3), (2, 6, 3, 8), 368, 2),
    LayerCase(layers.Conv2D, dict(filters=4, kernel_size=3, use_bias=False, activation="relu"), (2, 6, 6, 2), (2, 4, 4, 4), 72, 1),
    # Pooling: P1. Max pooling only selects values, so it is exact.
    LayerCase(layers.MaxPooling2D, dict(), (2, 8, 8, 3), (2, 4, 4, 3), exact=True),
    LayerCase(layers.MaxPooling2D, dict(pool_size=2), (2, 7, 7, 3), (2, 3, 3, 3), exact=True),
    LayerCase(layers.MaxPooling2D, dict(pool_size=2, padding="same"), (2, 7, 7, 3), (2, 4, 4, 3), exact=True),
    LayerCase(layers.MaxPooling2D, dict(pool_size=3, strides=2, padding="same"), (2, 8, 8, 3), (2, 4, 4, 3), exact=True),
    LayerCase(layers.MaxPooling2D, dict(pool_size=3, strides=1), (2, 7, 7, 3), (2, 5, 5, 3), exact=True),
    LayerCase(layers.MaxPooling2D, dict(pool_size=2, data_format="channels_first"), (2, 3, 8, 8), (2, 3, 4, 4), exact=True),
    LayerCase(layers.AveragePooling2D, dict(pool_size=2), (2, 15, 15, 8), (2, 7, 7, 8)),
    LayerCase(layers.AveragePooling2D, dict(pool_size=3, strides=2), (2, 7, 7, 3), (2, 3, 3, 3)),
    LayerCase(layers.AveragePooling2D, dict(pool_size=2, padding="same"), (2, 7, 7, 3), (2, 4, 4, 3)),
    LayerCase(layers.AveragePooling2D, dict(pool_size=3, strides=2, padding="same"), (2, 8, 8, 3), (2, 4, 4, 3)),
    LayerCase(layers.AveragePooling2D, dict(pool_size=3, strides=1, padding="same"), (2, 6, 6, 3), (2, 6, 6, 3)),
    LayerCase(layers.AveragePooling2D, dict(pool_size=2, data_format="channels_first"), (2, 3, 8, 8), (2, 3, 4, 4)),
    # Global pooling: P3.
    LayerCase(layers.GlobalAveragePooling2D, dict(), (2, 7, 7, 6), (2, 6)),
    LayerCase(layers.GlobalAveragePooling2D, dict(keepdims=True), (2, 7, 7, 6), (2, 1, 1, 6)),
    LayerCase(layers.GlobalAveragePooling2D, dict(data_format="channels_first"), (2, 6, 7, 7), (2, 6)),
    LayerCase(layers.GlobalMaxPooling2D, dict(), (2, 5, 5, 4), (2, 4), exact=True),
    LayerCase(layers.GlobalMaxPooling2D, dict(keepdims=True, data_format="channels_first"), (2, 4, 5, 5), (2, 4, 1, 1), exact=True),
    # Reshaping: F1/F3/F7, R2, Permute.
    LayerCase(layers.Flatten, dict(), (2, 3, 4, 5), (2, 60), exact=True),
    LayerCase(layers.Flatten, dict(data_format="channels_first"), (2, 3, 4, 5), (2, 60), exact=True),
    LayerCase(layers.Flatten, dict(), (2, 6), (2, 6), exact=True),
    LayerCase(layers.Flatten, dict(), (5,), (5, 1), exact=True),
    LayerCase(layers.Reshape, dict(target_shape=(-1, 2)), (2, 3, 4), (2, 6, 2), exact=True),
    LayerCase(layers.Reshape, dict(target_shape=(3, 2, 2)), (2, 12), (2, 3, 2, 2), exact=True),
    LayerCase(layers.Permute, dict(dims=(2, 1)), (2, 3, 4), (2, 4, 3), exact=True),
    LayerCase(layers.Permute, dict(dims=(3, 1, 2)), (2, 3, 4, 5), (2, 5, 3, 4), exact=True),
    LayerCase(layers.ZeroPadding2D, dict(), (2, 4, 5, 3), (2, 6, 7, 3), exact=True),
    LayerCase(layers.ZeroPadding2D, dict(padding=((0, 1), (2, 3))), (2, 4, 5, 3), (2, 5, 10, 3), exact=True),
    LayerCase(layers.ZeroPadding2D, dict(padding=(1, 2), data_format="channels_first"), (2, 3, 4, 5), (2, 3, 6, 9), exact=True),
    # Dropout is the identity at inference (P4), so exact.
    LayerCase(layers.Dropout, dict(rate=0.5), (2, 3, 4), (2, 3, 4), exact=True),
    LayerCase(layers.Activation, dict(activation="relu"), (2, 3, 4), (2, 3, 4), exact=True),
    LayerCase(layers.Activation, dict(activation="softmax"), (2, 5), (2, 5)),
    LayerCase(layers.Activation, dict(activation="gelu"), (2, 5), (2, 5)),
    # BatchNormalization: P5. 4*C params, 2*C of them non-trainable.
    LayerCase(layers.BatchNormalization, dict(), (4, 3), (4, 3), 12, 2, 2),
    LayerCase(layers.BatchNormalization, dict(), (4, 5, 5, 16), (4, 5, 5, 16), 64, 2, 2),
    LayerCase(layers.BatchNormalization, dict(axis=1), (4, 3, 5, 5), (4, 3, 5, 5), 12, 2, 2),
    LayerCase(layers.BatchNormalization, dict(center=False, momentum=0.9), (4, 6), (4, 6), 18, 1, 2),
    LayerCase(layers.Identity, dict(), (2, 3), (2, 3), exact=True),
]


@dataclass(frozen=True)
class MergeCase:
    """A merge layer, called on a list of inputs."""

    layer: type
    kwargs: dict
    input_shapes: tuple
    output_shape: tuple

    @property
    def id(self) -> str:
        args = ",".join(f"{k}={v}" for k, v in self.kwargs.items())
        shapes = "+".join("x".join(map(str, s)) for s in self.input_shapes)
        return f"{self.layer.__name__}({args})-{shapes}"

    def make(self):
        return make(self.layer, self.kwargs)

    def oracle(self, keras):
        return make(getattr(keras.layers, self.layer.__name__), self.kwargs)


MERGE_CASES = [
    MergeCase(layers.Add, dict(), ((2, 3), (2, 3)), (2, 3)),
    MergeCase(layers.Add, dict(), ((2, 4, 4, 3), (2, 4, 4, 3), (2, 4, 4, 3)), (2, 4, 4, 3)),
    MergeCase(layers.Concatenate, dict(), ((2, 3), (2, 5)), (2, 8)),
    MergeCase(layers.Concatenate, dict(axis=1), ((2, 3, 4), (2, 2, 4)), (2, 5, 4)),
    MergeCase(layers.Concatenate, dict(axis=-1), ((2, 4, 4, 3), (2, 4, 4, 1), (2, 4, 4, 2)), (2, 4, 4, 6)),
]

# Each layer family keeps its rows in `cases_<family>.py` beside this file (a `CASES` list
# and optionally `MERGE_CASES`); they join the one table here.
for _path in sorted(pathlib.Path(__file__).parent.glob("cases_*.py")):
    _module = importlib.import_module(_path.stem)
    CASES += getattr(_module, "CASES", [])
    MERGE_CASES += getattr(_module, "MERGE_CASES", [])

CASE_IDS = [case.id for case in CASES]
MERGE_IDS = [case.id for case in MERGE_CASES]
WEIGHTED = [case for case in CASES if case.has_weights]
WEIGHTED_IDS = [case.id for case in WEIGHTED]
