"""Keras 3's weights layout in HDF5, shared by `.weights.h5` files and `.keras` archives.

    layers/<snake_case class name>[_n]/vars/0, 1, ...   (each layer's weights, Keras order)
    layers/<model>/layers/...                           (nested models)
    optimizer/vars/0, 1, ...                            (iterations, learning rate, slots)
    vars                                                (attribute `name`: the model's name)

Groups are numbered by class name in layer order (`dense`, `dense_1`, ...), not by layer
name, exactly as Keras writes them, so files move between Keras and Lamina both ways.
"""

import io
import os
from collections import defaultdict

import h5py
import numpy as np
import torch

from ..naming import to_snake_case
from ..tensors import to_numpy
from .atomic import atomic_write


def keyed_layers(model):
    """`(group name, layer)` pairs in Keras's order and numbering."""
    from ..layers.input_layer import InputLayer
    from ..models.sequential import Sequential

    counts = defaultdict(int)
    pairs = []
    for layer in model.layers:
        if isinstance(layer, InputLayer) and isinstance(model, Sequential):
            continue
        base = to_snake_case(type(layer).__name__)
        count = counts[base]
        counts[base] += 1
        pairs.append((base if count == 0 else f"{base}_{count}", layer))
    return pairs


def _is_model(layer) -> bool:
    from ..models.model import Model

    return isinstance(layer, Model)


def write_state(model, group, include_optimizer: bool = True) -> None:
    """Writes the model's weights (and optimizer state) into an open h5 group."""
    _write_layers(model, group)
    optimizer = getattr(model, "optimizer", None)
    if include_optimizer and optimizer is not None and optimizer.built:
        variables = group.create_group("optimizer").create_group("vars")
        variables.attrs["name"] = optimizer.name
        for i, value in enumerate(optimizer.variables):
            variables.create_dataset(str(i), data=to_numpy(value))


def _write_layers(model, group):
    group.create_group("vars").attrs["name"] = model.name
    layers = group.create_group("layers")
    for key, layer in keyed_layers(model):
        sub = layers.create_group(key)
        if _is_model(layer):
            _write_layers(layer, sub)
            continue
        variables = sub.create_group("vars")
        variables.attrs["name"] = layer.name
        for i, weight in enumerate(layer.weights):
            variables.create_dataset(str(i), data=to_numpy(weight))


def read_state(model, group, source: str, skip_mismatch: bool = False) -> None:
    """Loads weights from an h5 group into `model`: all of them or none.

    Every layer's weights are matched and checked first; any missing group, wrong count or
    wrong shape is reported together (layer, expected and found shapes) before anything
    is assigned.
    """
    assignments, problems = [], []
    _plan_layers(model, group, "", assignments, problems)
    if problems and not skip_mismatch:
        raise ValueError(
            f"The weights in '{source}' do not fit model '{model.name}'; nothing was loaded.\n  "
            + "\n  ".join(problems)
        )
    with torch.no_grad():
        for target, value in assignments:
            target.copy_(torch.as_tensor(value))
    optimizer = getattr(model, "optimizer", None)
    if "optimizer" in group and optimizer is not None and model.trainable_weights:
        optimizer.build(model.trainable_weights)
        store = group["optimizer"]["vars"]
        optimizer.load_own_variables({key: store[key][()] for key in store})


def _plan_layers(model, group, path, assignments, problems):
    layers = group.get("layers")
    expected = keyed_layers(model)
    present = set(layers.keys()) if layers is not None else set()
    for key, layer in expected:
        where = f"{path}layers/{key}"
        if _is_model(layer):
            if key in present:
                _plan_layers(layer, layers[key], f"{where}/", assignments, problems)
            elif layer.weights:
                problems.append(f"{where} ({layer.name}, {type(layer).__name__}): missing from the file")
            continue
        weights = layer.weights
        stored = layers[key]["vars"] if key in present and "vars" in layers[key] else None
        if stored is None:
            if weights:
                problems.append(f"{where} ({layer.name}, {type(layer).__name__}): missing from the file")
            continue
        values = [stored[str(i)] for i in range(len(stored)) if str(i) in stored]
        if len(values) != len(weights):
            problems.append(
                f"{where} ({layer.name}, {type(layer).__name__}): expected {len(weights)} weights "
                f"{[tuple(w.shape) for w in weights]}, found {len(values)} {[v.shape for v in values]}"
            )
            continue
        for i, (weight, value) in enumerate(zip(weights, values)):
            if tuple(weight.shape) != tuple(value.shape):
                problems.append(
                    f"{where} ({layer.name}, {type(layer).__name__}) weight {i}: expected shape "
                    f"{tuple(weight.shape)}, found {tuple(value.shape)}"
                )
            else:
                assignments.append((weight, np.asarray(value[()])))
    extra = present - {key for key, _ in expected}
    for key in sorted(extra):
        if _has_datasets(layers[key]):
            problems.append(f"{path}layers/{key}: the file has weights for a layer the model does not have")


def _has_datasets(group) -> bool:
    found = []
    group.visititems(lambda _, obj: found.append(1) if isinstance(obj, h5py.Dataset) else None)
    return bool(found)


def state_bytes(model, include_optimizer: bool = True) -> bytes:
    buffer = io.BytesIO()
    with h5py.File(buffer, "w") as handle:
        write_state(model, handle, include_optimizer)
    return buffer.getvalue()


def open_h5(data: bytes, source: str):
    try:
        return h5py.File(io.BytesIO(data), "r")
    except OSError as error:
        raise ValueError(f"'{source}' does not contain a readable HDF5 weights file: {error}") from None


def save_weights(model, filepath, overwrite: bool = True) -> None:
    filepath = os.fspath(filepath)
    if not filepath.endswith(".weights.h5"):
        raise ValueError(
            f"The filename must end in `.weights.h5`. Received: filepath={filepath}"
        )
    data = state_bytes(model)
    with atomic_write(filepath, overwrite=overwrite) as handle:
        handle.write(data)


def load_weights(model, filepath, skip_mismatch: bool = False) -> None:
    filepath = os.fspath(filepath)
    if filepath.endswith(".keras"):
        from .keras_archive import read_archive

        archive = read_archive(filepath)
        with open_h5(archive.weights, filepath) as handle:
            read_state(model, handle, filepath, skip_mismatch)
        return
    if not filepath.endswith(".weights.h5"):
        raise ValueError(
            f"`load_weights` reads `.weights.h5` files (or `.keras` archives). Received: filepath={filepath}"
        )
    if not os.path.exists(filepath):
        raise FileNotFoundError(f"No weights file at '{filepath}'.")
    with open(filepath, "rb") as raw:
        data = raw.read()
    with open_h5(data, filepath) as handle:
        read_state(model, handle, filepath, skip_mismatch)
