"""Import-cost guard: what `import lamina` loads on top of `import torch`, counted, not timed.

`import lamina` resolves its namespaces and names on first use (PEP 562 tables in
`lamina/__init__.py`, `lamina/layers/__init__.py`, ...), so it loads a handful of modules
and none of the heavy optional dependencies. Counting modules in a fresh interpreter is
deterministic where a timing is not (the timing is `benchmarks/imports.py`).

Updating a budget: when a change makes `import lamina` (or building a first model) load
more modules on purpose, run `.venv/bin/python tests/test_import_cost.py`, which prints the
counts, and raise the budget with the reason in the commit message.
"""

import json
import os
import subprocess
import sys

import pytest

import lamina
from lamina import registry

# Modules of ours that `import lamina` may load: the package, its version, the registry
# (with the lazy tables' resolver) and the two packages that plug file formats into models.
IMPORT_BUDGET = 8  # 6 measured
# Building, compiling and fitting a first `Sequential([Input, Dense])` (verbose=0): the layer
# base, Dense, the model classes and the training engine, not every layer and op.
FIRST_MODEL_BUDGET = 115  # 99 measured (torch 2.13): the engine, Dense, Adam, losses, metrics
# Optional or heavy third-party packages that only some features need.
HEAVY = ("PIL", "h5py", "matplotlib", "rich", "tensorboard", "onnx", "onnxscript", "onnxruntime",
         "sklearn", "scipy", "pandas")

_PROBE = """
import json, sys
import torch
before = set(sys.modules)
import lamina
after_import = set(sys.modules) - before
import numpy as np
model = lamina.Sequential([lamina.Input((3,)), lamina.layers.Dense(2)])
model.compile(optimizer="adam", loss="mse")
model.fit(np.zeros((4, 3), "float32"), np.zeros((4, 2), "float32"), epochs=1, verbose=0)
after_model = set(sys.modules) - before
print(json.dumps({"import": sorted(after_import), "model": sorted(after_model)}))
"""


def _run(code: str) -> str:
    env = {**os.environ, "KERAS_BACKEND": "torch"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                            check=False, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout.strip().splitlines()[-1]


def _loaded() -> dict[str, list[str]]:
    return json.loads(_run(_PROBE))


def _ours(modules):
    return [m for m in modules if m == "lamina" or m.startswith("lamina.")]


def _heavy(modules):
    return sorted({m.split(".")[0] for m in modules if m.split(".")[0] in HEAVY})


@pytest.fixture(scope="module")
def loaded():
    return _loaded()


def test_import_lamina_loads_a_handful_of_modules_and_no_heavy_dependency(loaded):
    ours = _ours(loaded["import"])
    assert len(ours) <= IMPORT_BUDGET, f"`import lamina` loads {len(ours)} lamina modules: {ours}"
    assert not _heavy(loaded["import"]), f"`import lamina` loads {_heavy(loaded['import'])}"


def test_a_first_model_loads_what_it_uses_not_every_layer(loaded):
    ours = _ours(loaded["model"])
    assert len(ours) <= FIRST_MODEL_BUDGET, (
        f"building and fitting Sequential([Input, Dense]) loads {len(ours)} lamina modules "
        f"(budget {FIRST_MODEL_BUDGET})"
    )
    assert "lamina.layers.convolutional.conv2d" not in ours
    assert not _heavy(loaded["model"]), f"a first model loads {_heavy(loaded['model'])}"


def test_lazily_resolved_names_are_the_objects_of_their_modules():
    from lamina.layers import Dense
    from lamina.layers.core.dense import Dense as dense_from_module
    from lamina.layers.symbolic import SymbolicTensor
    from lamina.models.sequential import Sequential
    from lamina.optimizers.adam import Adam

    assert Dense is dense_from_module is lamina.layers.Dense
    assert lamina.layers.Convolution2D is lamina.layers.Conv2D
    assert lamina.Sequential is Sequential is lamina.models.Sequential
    assert lamina.KerasTensor is SymbolicTensor
    assert lamina.device is lamina.config.device_scope
    assert lamina.optimizers.Adam is Adam
    assert lamina.utils.to_categorical is lamina.utils.numerical.to_categorical


def test_dir_and_star_import_list_every_lazy_name():
    for package in (lamina, lamina.layers, lamina.utils, lamina.callbacks, lamina.optimizers):
        assert set(package._EXPORTS) <= set(dir(package)), package.__name__
        assert set(package.__all__) <= set(dir(package)), package.__name__
    namespace = {}
    exec("from lamina.layers import *", namespace)  # noqa: S102 - the statement under test
    assert set(lamina.layers._EXPORTS) <= set(namespace)
    assert "wrappers" not in lamina.__all__  # `from lamina import *` leaves scikit-learn out


def test_the_ops_table_lists_every_op_of_its_families_once():
    """`lamina.ops` names each op's family in its table (`keras.ops` exposes them all at the
    top); an op added to a family's `__all__` must be added there too."""
    import importlib

    families = (".core", ".einops", ".linalg", ".math", ".nn", ".numpy")
    defined = {}
    for family in families:
        for name in importlib.import_module(family, "lamina.ops").__all__:
            defined.setdefault(name, []).append(family)
    listed = {name: where for name, where in lamina.ops._EXPORTS.items() if where != f".{name}"}
    assert set(listed) == set(defined)
    assert {name: [where] for name, where in listed.items()} == defined  # one family each
    for name, where in listed.items():
        assert getattr(lamina.ops, name) is getattr(importlib.import_module(where, "lamina.ops"), name)


def test_an_unknown_name_is_an_attribute_error():
    assert not hasattr(lamina.layers, "TFSMLayer")
    assert not hasattr(lamina, "no_such_name")
    with pytest.raises(AttributeError, match="no_such_name"):
        lamina.layers.no_such_name  # noqa: B018


_FRESH_REGISTRY = """
import json
import lamina
from lamina import registry
from lamina.layers.core.dense import Dense  # by module path: the package has not exported it
written = registry.serialize_keras_object(Dense(2))
conv = lamina.layers.deserialize({"class_name": "Conv2D", "config": {"filters": 3, "kernel_size": 2}})
print(json.dumps({
    "dense_module": written["module"],
    "conv": type(conv).__module__,
    "mse": registry.lookup("losses", "mse").__name__,
    "sgd": type(lamina.optimizers.get("sgd")).__name__,
    "schedule": registry.lookup("schedules", "CosineDecay").__name__,
    "callback": registry.lookup("callbacks", "TensorBoard").__name__,
    "any_kind": registry.lookup(None, "GlobalMaxPool2D").__name__,
    "missing": registry.lookup("layers", "NoSuchLayer"),
}))
"""


def test_configs_find_built_ins_whose_modules_nothing_has_imported_yet():
    found = json.loads(_run(_FRESH_REGISTRY))
    assert found == {
        "dense_module": "keras.layers",
        "conv": "lamina.layers.convolutional.conv2d",
        "mse": "mean_squared_error",
        "sgd": "SGD",
        "schedule": "CosineDecay",
        "callback": "TensorBoard",
        "any_kind": "GlobalMaxPooling2D",
        "missing": None,
    }


def test_every_kind_once_loaded_has_what_eager_imports_registered():
    """The fully loaded registry names every exported layer class under its exported name."""
    registry.load_builtins()
    for name in lamina.layers._EXPORTS:
        value = getattr(lamina.layers, name)
        if isinstance(value, type) and issubclass(value, lamina.layers.Layer):
            assert registry.lookup("layers", name) is value, name
    assert registry.lookup("optimizers", "adamw") is lamina.optimizers.AdamW


if __name__ == "__main__":
    counts = _loaded()
    print(f"IMPORT_BUDGET: {len(_ours(counts['import']))} lamina modules")
    print(f"FIRST_MODEL_BUDGET: {len(_ours(counts['model']))} lamina modules")
    print(f"heavy: import {_heavy(counts['import'])}, first model {_heavy(counts['model'])}")
