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
    """Loads weights (and optimizer state) from an h5 group into `model`: all or nothing.

    Every layer's weights and the optimizer's state are read, type-checked and matched
    first; any missing group, wrong count, wrong shape or malformed entry is reported
    together (layer, expected and found shapes) before anything is assigned.
    """
    assignments, problems = [], []
    try:
        _plan_layers(model, group, "", assignments, problems)
        optimizer_values = _plan_optimizer(model, group, problems)
    except (KeyError, AttributeError, TypeError, OSError, RuntimeError) as error:
        # Dangling links, datasets where groups belong, unreadable objects...
        raise ValueError(f"'{source}': the weights file is malformed ({type(error).__name__}: {error}).") from None
    if problems and not skip_mismatch:
        raise ValueError(
            f"The weights in '{source}' do not fit model '{model.name}'; nothing was loaded.\n  "
            + "\n  ".join(problems)
        )
    with torch.no_grad():
        for target, value in assignments:
            target.copy_(value)
    if optimizer_values is not None:
        model.optimizer.load_own_variables({str(i): v for i, v in enumerate(optimizer_values)})


def _read_array(obj, where, problems):
    """A stored weight as a tensor, or None (with a problem noted) if it is not numeric data."""
    if not isinstance(obj, h5py.Dataset) or obj.dtype.kind not in "biuf":
        kind = type(obj).__name__ if not isinstance(obj, h5py.Dataset) else f"dtype {obj.dtype}"
        problems.append(f"{where}: expected a numeric array, found {kind}")
        return None
    return torch.as_tensor(np.asarray(obj[()]))


def _plan_optimizer(model, group, problems):
    """The stored optimizer values, checked against the (built) optimizer; None to skip."""
    optimizer = getattr(model, "optimizer", None)
    if "optimizer" not in group or optimizer is None or not model.trainable_weights:
        return None
    store = group["optimizer"]["vars"]
    optimizer.build(model.trainable_weights)
    expected = optimizer.variables
    if len(store) != len(expected):
        return _count_mismatch(optimizer, store)
    values = []
    for i, variable in enumerate(expected):
        value = _read_array(store[str(i)], f"optimizer/vars/{i}", problems)
        if value is not None and tuple(value.shape) != tuple(variable.shape):
            problems.append(
                f"optimizer/vars/{i} ({optimizer.name}): expected shape {tuple(variable.shape)}, "
                f"found {tuple(value.shape)}"
            )
        values.append(value)
    return values


def _count_mismatch(optimizer, store):
    # Keras's behaviour: a different number of optimizer variables is skipped with a warning
    # (the optimizer's own loader says so and assigns nothing).
    optimizer.load_own_variables({key: None for key in store})
    return None


def _plan_layers(model, group, path, assignments, problems):
    layers = group.get("layers")
    if layers is not None and not isinstance(layers, h5py.Group):
        problems.append(f"{path}layers: expected a group, found {type(layers).__name__}")
        return
    expected = keyed_layers(model)
    present = set(layers.keys()) if layers is not None else set()
    for key, layer in expected:
        where = f"{path}layers/{key}"
        label = f"{where} ({layer.name}, {type(layer).__name__})"
        if _is_model(layer):
            if key in present:
                _plan_layers(layer, layers[key], f"{where}/", assignments, problems)
            elif layer.weights:
                problems.append(f"{label}: missing from the file")
            continue
        weights = layer.weights
        entry = layers[key] if key in present else None
        stored = entry.get("vars") if isinstance(entry, h5py.Group) else None
        if not isinstance(stored, h5py.Group):
            if weights:
                problems.append(f"{label}: missing from the file")
            continue
        keys = sorted(stored.keys(), key=lambda k: int(k) if k.isdigit() else -1)
        if len(keys) != len(weights) or keys != [str(i) for i in range(len(keys))]:
            found = [getattr(stored[k], "shape", "?") for k in keys]
            problems.append(
                f"{label}: expected {len(weights)} weights {[tuple(w.shape) for w in weights]}, "
                f"found {len(keys)} {found}"
            )
            continue
        for i, weight in enumerate(weights):
            value = _read_array(stored[str(i)], f"{label} weight {i}", problems)
            if value is None:
                continue
            if tuple(weight.shape) != tuple(value.shape):
                problems.append(
                    f"{label} weight {i}: expected shape {tuple(weight.shape)}, found {tuple(value.shape)}"
                )
            else:
                assignments.append((weight, value))
    for key in sorted(present - {key for key, _ in expected}):
        if _has_datasets(layers[key]):
            problems.append(f"{path}layers/{key}: the file has weights for a layer the model does not have")


def _has_datasets(obj) -> bool:
    if isinstance(obj, h5py.Dataset):
        return True
    found = []
    obj.visititems(lambda _, item: found.append(1) if isinstance(item, h5py.Dataset) else None)
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
