"""Shared pieces of the saving tests: one table of single-layer models, model builders
that run on Keras or Lamina alike, and helpers to read and rewrite `.keras` archives.

Every builder takes the library module (`keras` or `lamina`) as its first argument, so
the same code makes the oracle's model and ours.
"""

import io
import json
import zipfile
from dataclasses import dataclass, field

import h5py
import numpy as np
import torch

# Tolerances (STYLE §3.4): float32 arithmetic vs. convolutions, which Keras's own conv
# tests compare at 5e-4 against their numpy reference.
DENSE_TOL = dict(rtol=1e-5, atol=1e-6)
CONV_TOL = dict(rtol=5e-4, atol=1e-5)


@dataclass(frozen=True)
class LayerCase:
    """A one-layer model `Sequential([Input(input_shape), Layer(**kwargs)])`.

    Args:
        layer: Keras class name (Lamina has a class of the same name).
        kwargs: constructor arguments, valid for both libraries.
        input_shape: one sample's shape (no batch axis).
        tol: `assert_close` tolerances; `None` means the layer only moves data and the
            outputs must be equal bit for bit.
    """

    layer: str
    kwargs: dict = field(default_factory=dict)
    input_shape: tuple = ()
    tol: dict | None = None

    @property
    def id(self) -> str:
        args = ",".join(f"{k}={v}" for k, v in self.kwargs.items())
        return f"{self.layer}({args})"

    def model(self, k):
        return k.Sequential([k.Input(self.input_shape), getattr(k.layers, self.layer)(**self.kwargs)])


LAYER_CASES = [
    LayerCase("Dense", dict(units=3, activation="relu"), (8,), DENSE_TOL),
    LayerCase("Dense", dict(units=5, use_bias=False), (2, 6), DENSE_TOL),
    LayerCase("Conv2D", dict(filters=4, kernel_size=3), (8, 8, 3), CONV_TOL),
    LayerCase("Conv2D", dict(filters=4, kernel_size=3, padding="same", strides=2), (9, 9, 3), CONV_TOL),
    LayerCase("Conv2D", dict(filters=6, kernel_size=3, groups=2, use_bias=False), (7, 7, 4), CONV_TOL),
    LayerCase("Conv2D", dict(filters=4, kernel_size=(3, 2), padding="same", data_format="channels_first"),
              (3, 8, 7), CONV_TOL),
    LayerCase("MaxPooling2D", dict(pool_size=2), (8, 8, 3)),
    LayerCase("MaxPooling2D", dict(pool_size=3, strides=2, padding="same"), (8, 7, 3)),
    LayerCase("MaxPooling2D", dict(pool_size=2, data_format="channels_first"), (3, 8, 8)),
    # Valid padding only: Keras-on-torch replicates edges for asymmetric "same" average
    # pooling, a known difference (tests/layers/test_keras_parity.py).
    LayerCase("AveragePooling2D", dict(pool_size=2), (8, 8, 3), DENSE_TOL),
    LayerCase("AveragePooling2D", dict(pool_size=3, strides=1, data_format="channels_first"), (3, 8, 8),
              DENSE_TOL),
    LayerCase("GlobalAveragePooling2D", dict(), (5, 5, 3), DENSE_TOL),
    LayerCase("GlobalAveragePooling2D", dict(keepdims=True, data_format="channels_first"), (3, 5, 5),
              DENSE_TOL),
    LayerCase("GlobalMaxPooling2D", dict(), (5, 5, 3)),
    LayerCase("GlobalMaxPooling2D", dict(data_format="channels_first", keepdims=True), (3, 5, 5)),
    LayerCase("Flatten", dict(), (4, 4, 3)),
    LayerCase("Flatten", dict(data_format="channels_first"), (3, 4, 4)),
    LayerCase("Reshape", dict(target_shape=(3, -1)), (12,)),
    LayerCase("Permute", dict(dims=(2, 1)), (3, 4)),
    LayerCase("Dropout", dict(rate=0.5), (8,)),
    LayerCase("Activation", dict(activation="tanh"), (8,), DENSE_TOL),
    LayerCase("BatchNormalization", dict(), (4, 4, 3), DENSE_TOL),
    LayerCase("BatchNormalization", dict(axis=1, momentum=0.5, epsilon=1e-2), (3, 4, 4), DENSE_TOL),
    LayerCase("Identity", dict(), (8,)),
    LayerCase("ZeroPadding2D", dict(padding=((1, 2), (0, 1))), (4, 4, 3)),
    LayerCase("ZeroPadding2D", dict(padding=1, data_format="channels_first"), (3, 4, 4)),
]
LAYER_IDS = [case.id for case in LAYER_CASES]


def fresh(k, builder, *args):
    """`builder(k, *args)` with automatic names counted from scratch (`dense`, `dense_1`, ...),
    so that a Keras model and a Lamina model built this way have the same names."""
    k.utils.clear_session()
    return builder(k, *args)


def random_weights(model, seed=0):
    """Non-trivial weights in Keras order; positive where a BatchNormalization variance sits."""
    rng = np.random.default_rng(seed)
    return [(rng.random(w.shape) + 0.5).astype("float32") for w in model.get_weights()]


def sample(shape, seed=1):
    return np.random.default_rng(seed).standard_normal(shape).astype("float32")


def assert_same_outputs(ours, theirs, tol):
    """Outputs of two models (arrays or lists of arrays) at `tol`, or exactly when `tol` is None."""
    ours = ours if isinstance(ours, list) else [ours]
    theirs = theirs if isinstance(theirs, list) else [theirs]
    assert len(ours) == len(theirs)
    for a, b in zip(ours, theirs):
        a, b = torch.as_tensor(np.asarray(a)), torch.as_tensor(np.asarray(b))
        if tol is None:
            assert torch.equal(a, b)
        else:
            torch.testing.assert_close(a, b, **tol)


# ----------------------------------------------------------------- model builders


def conv_classifier(k):
    """Conv, BatchNormalization, pooling, Flatten, Dense: a small image classifier."""
    L = k.layers
    return k.Sequential(
        [
            k.Input((6, 6, 2)),
            L.Conv2D(3, 3, padding="same", name="c1"),
            L.BatchNormalization(),
            L.MaxPooling2D(),
            L.Conv2D(4, 2),
            L.Flatten(),
            L.Dense(5, activation="relu"),
            L.Dense(3, activation="softmax"),
        ],
        name="classifier",
    )


def two_in_two_out(k):
    """Two inputs, Concatenate and Add branches, two outputs."""
    L = k.layers
    a, b = k.Input((8,), name="a"), k.Input((4,), name="b")
    h1 = L.Dense(6, activation="relu", name="h1")(a)
    h2 = L.Dense(6, name="h2")(b)
    joined = L.Concatenate(name="cat")([h1, h2])
    summed = L.Add(name="add")([h1, h2])
    return k.Model([a, b], [L.Dense(3, name="o1")(joined), L.Dense(2, name="o2")(summed)], name="two")


def nested_sequential(k):
    """A functional model that calls a Sequential model as one of its layers."""
    L = k.layers
    inner = k.Sequential([k.Input((6,)), L.Dense(5, activation="relu"), L.Dense(6)], name="inner")
    a, b = k.Input((8,), name="a"), k.Input((4,), name="b")
    h1 = L.Dense(6, activation="relu", name="h1")(a)
    h2 = L.Dense(6, name="h2")(b)
    summed = L.Add(name="add")([h1, inner(h2)])
    joined = L.Concatenate(name="cat")([summed, h2])
    return k.Model([a, b], [L.Dense(3, name="o1")(joined), L.Dense(2, name="o2")(summed)], name="outer")


def image_functional(k):
    """A single-input functional model over images with a Flatten/GlobalPooling fork."""
    L = k.layers
    x = k.Input((8, 8, 3), name="image")
    h = L.Conv2D(4, 3, padding="same", activation="relu")(x)
    h = L.BatchNormalization()(h)
    left = L.Flatten()(L.AveragePooling2D(2)(h))
    right = L.GlobalMaxPooling2D()(h)
    joined = L.Concatenate()([L.Dense(4)(left), right])
    return k.Model(x, L.Dense(2)(L.Dropout(0.25)(joined)), name="image_net")


MODELS = {
    "sequential": conv_classifier,
    "two_in_two_out": two_in_two_out,
    "nested_sequential": nested_sequential,
    "image_functional": image_functional,
}


def model_inputs(model, seed=1):
    """Random inputs of the right shapes for a (Keras or Lamina) model, batch of 5."""
    shapes = [tuple(t.shape) for t in model.inputs]
    arrays = [sample((5, *shape[1:]), seed + i) for i, shape in enumerate(shapes)]
    return arrays[0] if len(arrays) == 1 else arrays


# ----------------------------------------------------------------- configs


def normalized(value):
    """A config as JSON sees it: tuples are lists, and Keras's run-specific
    `shared_object_id` is left out."""
    if isinstance(value, dict):
        return {k: normalized(v) for k, v in value.items() if k != "shared_object_id"}
    if isinstance(value, (list, tuple)):
        return [normalized(v) for v in value]
    return value


def config_differences(theirs, ours, path=""):
    """Every key path where two configs differ, as readable lines (empty when equal)."""
    if isinstance(theirs, dict) and isinstance(ours, dict):
        lines = []
        for key in sorted(set(theirs) | set(ours)):
            if key not in ours:
                lines.append(f"{path}/{key}: missing in Lamina")
            elif key not in theirs:
                lines.append(f"{path}/{key}: not in Keras")
            else:
                lines += config_differences(theirs[key], ours[key], f"{path}/{key}")
        return lines
    if isinstance(theirs, list) and isinstance(ours, list) and len(theirs) == len(ours):
        return [line for i, (a, b) in enumerate(zip(theirs, ours)) for line in config_differences(a, b, f"{path}[{i}]")]
    return [] if theirs == ours else [f"{path}: Keras {theirs!r} != Lamina {ours!r}"]


# ----------------------------------------------------------------- archives


def read_members(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def write_members(path, members: dict[str, bytes]):
    """A stored zip with exactly these members (CRCs computed, so only content is off)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def with_config(path, target, edit):
    """Copies the archive at `path` to `target`, with `edit(config_dict)` applied to config.json."""
    members = read_members(path)
    config = json.loads(members["config.json"])
    edit(config)
    members["config.json"] = json.dumps(config).encode()
    write_members(target, members)
    return target


def h5_bytes(build) -> bytes:
    """An in-memory HDF5 file filled by `build(h5py.File)`."""
    buffer = io.BytesIO()
    with h5py.File(buffer, "w") as handle:
        build(handle)
    return buffer.getvalue()


def h5_tree(path_or_bytes) -> dict[str, object]:
    """`{path: shape}` for datasets and `{path: {attrs}}` for groups with attributes."""
    source = io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else path_or_bytes
    tree = {}
    with h5py.File(source, "r") as handle:

        def visit(name, obj):
            if isinstance(obj, h5py.Dataset):
                tree[name] = (tuple(obj.shape), str(obj.dtype))
            elif obj.attrs:
                tree[name] = {key: str(value) for key, value in obj.attrs.items()}
            else:
                tree[name] = "group"

        handle.visititems(visit)
    return tree
