"""Keras 3's weights layout in HDF5, shared by `.weights.h5` files and `.keras` archives.

    layers/<snake_case class name>[_n]/vars/0, 1, ...   (each layer's weights, Keras order)
    layers/<model>/layers/...                           (nested models)
    optimizer/vars/0, 1, ...                            (iterations, learning rate, slots)
    vars                                                (attribute `name`: the model's name)

Groups are numbered by class name in layer order (`dense`, `dense_1`, ...), not by layer
name, exactly as Keras writes them, so files move between Keras and Lamina both ways.
"""

import contextlib
import io
import os
from collections import defaultdict
from typing import NamedTuple

import h5py
import numpy as np
import torch

from ..naming import to_snake_case
from ..tensors import to_numpy
from .atomic import atomic_write
from .h5_inspection import dataset_problem, inspect_h5
from .hostile import open_regular


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
        _write_layer(layer, layers.create_group(key))


def _write_layer(layer, group):
    """A layer's own variables under `vars`, and each sublayer under its attribute name
    (`layer`, `cell`, `forward_layer`, ...), as Keras's saving walks its objects."""
    if _is_model(layer):
        _write_layers(layer, group)
        return
    variables = group.create_group("vars")
    variables.attrs["name"] = layer.name
    for i, weight in enumerate(own_saved_weights(layer)):
        variables.create_dataset(str(i), data=to_numpy(weight))
    if getattr(layer, "_named_own_variables", False):  # Keras's `save_own_variables` keys
        store = {}
        layer.save_own_variables(store)
        for name, value in store.items():
            variables.create_dataset(name, data=np.asarray(value))
    for key, child in child_layers(layer):
        _write_layer(child, group.create_group(key))


def own_saved_weights(layer) -> list:
    """What Keras's `save_own_variables` writes for `layer`: its own variables (a layer
    may name others, as SpectralNormalization does for the kernel it normalizes)."""
    saved = getattr(layer, "_saved_own_weights", None)
    if saved is not None:
        return saved()
    if not child_layers(layer):
        return layer.weights
    return layer._own(True) + layer._own(False)


def child_layers(layer) -> list:
    """`(key, sublayer)` pairs: attributes holding a layer keep their name; a list of layers
    becomes `name/<snake_case class>[_n]` entries, as Keras names container members."""
    from ..layers.layer import Layer

    pairs, seen = [], set()
    for name, child in layer.named_children():
        if isinstance(child, Layer):
            if id(child) not in seen:
                seen.add(id(child))
                pairs.append((name, child))
        elif isinstance(child, (torch.nn.ModuleList, torch.nn.Sequential)):
            counts = defaultdict(int)
            for member in child:
                if isinstance(member, Layer) and id(member) not in seen:
                    seen.add(id(member))
                    base = to_snake_case(type(member).__name__)
                    count = counts[base]
                    counts[base] += 1
                    pairs.append((f"{name}/{base if count == 0 else f'{base}_{count}'}", member))
    return pairs


def read_state(model, group, source: str, skip_mismatch: bool = False) -> None:
    """Loads weights (and optimizer state) from an h5 group into `model`: all or nothing.

    The file is inspected (`h5_inspection.py`) and every layer's weights and the
    optimizer's state are matched by shape and dtype against the file's datasets before any
    data is read; any missing group, wrong count, wrong shape or malformed entry is reported
    together (layer, expected and found shapes). Then everything is read, then assigned.
    """
    layer_plan, optimizer_plan = check_state(model, group, source, skip_mismatch)
    values = [_read(dataset, where, source) for _, dataset, where in layer_plan]
    optimizer_values = None
    if optimizer_plan is not None:
        optimizer_values = [_read(dataset, where, source) for _, dataset, where in optimizer_plan]
    named = {}
    with torch.no_grad():
        for (target, _, _), value in zip(layer_plan, values):
            if isinstance(target, NamedVariable):
                named.setdefault(id(target.layer), (target.layer, {}))[1][target.name] = value.numpy()
            else:
                target.copy_(value)
    for layer, store in named.values():
        layer.load_own_variables(store)
    if optimizer_values is not None:
        model.optimizer.load_own_variables({str(i): v for i, v in enumerate(optimizer_values)})


def check_state(model, group, source: str, skip_mismatch: bool = False):
    """`(layer plan, optimizer plan)`: `(variable, dataset, path)` triples, nothing read yet.

    Raises `ValueError` naming `source` if the file is unsafe (`inspect_h5`) or, unless
    `skip_mismatch`, if it does not fit the model. Works on a model built on the meta
    device, which is how `load_model` learns a config's shapes before allocating them.
    """
    assignments, problems = [], []
    try:
        inspect_h5(group.file, source)
        _plan_layers(model, group, "", assignments, problems)
        optimizer_plan = _plan_optimizer(model, group, problems)
    except (KeyError, AttributeError, TypeError, OSError, RuntimeError) as error:
        # Dangling links, datasets where groups belong, unreadable objects...
        raise ValueError(f"'{source}': the weights file is malformed ({type(error).__name__}: {error}).") from None
    if problems and not skip_mismatch:
        raise ValueError(
            f"The weights in '{source}' do not fit model '{model.name}'; nothing was loaded.\n  "
            + "\n  ".join(problems)
        )
    return assignments, optimizer_plan


def _match(obj, variable, where, problems) -> bool:
    """Whether the dataset `obj` can fill `variable`: shape and dtype, read from the header only."""
    if not isinstance(obj, h5py.Dataset):
        problems.append(f"{where}: expected a numeric array, found {type(obj).__name__}")
        return False
    problem = dataset_problem(obj)
    if problem is not None:
        problems.append(f"{where}: the dataset {problem}")
        return False
    if tuple(obj.shape) != tuple(variable.shape):
        problems.append(f"{where}: expected shape {tuple(variable.shape)}, found {tuple(obj.shape)}")
        return False
    if not (variable.is_floating_point() or variable.is_complex()) and obj.dtype.kind == "f":
        problems.append(f"{where}: expected {variable.dtype} values, found dtype {obj.dtype}")
        return False
    return True


def _read(dataset, where, source) -> torch.Tensor:
    try:
        return torch.as_tensor(np.asarray(dataset[()]))
    except (OSError, ValueError, TypeError, RuntimeError) as error:
        raise ValueError(f"'{source}': the dataset {where} cannot be read ({error}).") from None


def _plan_optimizer(model, group, problems):
    """The stored optimizer datasets, checked against the (built) optimizer; None to skip."""
    optimizer = getattr(model, "optimizer", None)
    if "optimizer" not in group or optimizer is None or not model.trainable_weights:
        return None
    store = group["optimizer"]["vars"]
    optimizer.build(model.trainable_weights)
    expected = optimizer.variables
    if len(store) != len(expected):
        return _count_mismatch(optimizer, store)
    plan = []
    for i, variable in enumerate(expected):
        where = f"optimizer/vars/{i} ({optimizer.name})"
        dataset = store[str(i)]
        if _match(dataset, variable, where, problems):
            plan.append((variable, dataset, where))
    return plan if len(plan) == len(expected) else None


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
        entry = layers[key] if key in present else None
        _plan_layer(layer, entry, where, label, assignments, problems)
    for key in sorted(present - {key for key, _ in expected}):
        if _has_datasets(layers[key]):
            problems.append(f"{path}layers/{key}: the file has weights for a layer the model does not have")


def _plan_layer(layer, entry, where, label, assignments, problems):
    if _is_model(layer):
        if isinstance(entry, h5py.Group):
            _plan_layers(layer, entry, f"{where}/", assignments, problems)
        elif layer.weights:
            problems.append(f"{label}: missing from the file")
        return
    weights = own_saved_weights(layer)
    stored = entry.get("vars") if isinstance(entry, h5py.Group) else None
    if not isinstance(stored, h5py.Group):
        if weights:
            problems.append(f"{label}: missing from the file")
    else:
        keys = sorted(stored.keys(), key=lambda k: int(k) if k.isdigit() else -1)
        if getattr(layer, "_named_own_variables", False):
            keys = _plan_named(layer, stored, keys, where, label, assignments, problems)
        if len(keys) != len(weights) or keys != [str(i) for i in range(len(keys))]:
            found = [getattr(stored[k], "shape", "?") for k in keys]
            problems.append(
                f"{label}: expected {len(weights)} weights {[tuple(w.shape) for w in weights]}, "
                f"found {len(keys)} {found}"
            )
        else:
            for i, weight in enumerate(weights):
                dataset = stored[str(i)]
                if _match(dataset, weight, f"{label} weight {i}", problems):
                    assignments.append((weight, dataset, f"{where}/vars/{i}"))
    for key, child in child_layers(layer):
        sub = entry.get(key) if isinstance(entry, h5py.Group) else None
        _plan_layer(child, sub, f"{where}/{key}", f"{where}/{key} ({child.name}, {type(child).__name__})",
                    assignments, problems)


class NamedVariable(NamedTuple):
    """A plan target that is not a tensor: the value `layer.load_own_variables` gets under
    `name` (TextVectorization's `idf_weights`, as Keras stores it)."""

    layer: object
    name: str
    shape: tuple = ()


def _plan_named(layer, stored, keys, where, label, assignments, problems) -> list:
    """Plans the named datasets of a layer that saves some (checked like any dataset, and
    at most 1-D numbers); returns the numbered keys left for the weights."""
    for name in (k for k in keys if not k.isdigit()):
        dataset = stored[name]
        problem = dataset_problem(dataset) if isinstance(dataset, h5py.Dataset) else "is not a dataset"
        if problem is None and (dataset.ndim > 1 or dataset.dtype.kind not in "fiu"):
            problem = f"holds {dataset.dtype} values of shape {dataset.shape}; expected at most 1-D numbers"
        if problem is not None:
            problems.append(f"{label} variable {name!r}: the dataset {problem}")
        else:
            assignments.append((NamedVariable(layer, name), dataset, f"{where}/vars/{name}"))
    return [k for k in keys if k.isdigit()]


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


@contextlib.contextmanager
def open_h5(fileobj, source: str):
    """An HDF5 file read from an open binary file object, as an h5py handle."""
    try:
        handle = h5py.File(fileobj, "r")
    except (OSError, ValueError) as error:
        raise ValueError(f"'{source}' does not contain a readable HDF5 weights file: {error}") from None
    with handle:
        yield handle


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
        from .keras_archive import open_archive

        with open_archive(filepath) as archive:
            read_state(model, archive.weights, filepath, skip_mismatch)
        return
    if not filepath.endswith(".weights.h5"):
        raise ValueError(
            f"`load_weights` reads `.weights.h5` files (or `.keras` archives). Received: filepath={filepath}"
        )
    with open_regular(filepath, "`.weights.h5` file") as raw, open_h5(raw, filepath) as handle:
        read_state(model, handle, filepath, skip_mismatch)
