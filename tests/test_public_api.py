"""Lamina's public namespaces against Keras 3.15.1's: every public Keras name exists in
Lamina, or is listed here with the reason it is left out. A name Keras adds fails the test,
and so does an exclusion that has become stale.

Keras's namespaces are walked from `keras` down (`keras.ops.nn`, `keras.datasets.mnist`,
...); `keras.layers` and `keras.callbacks` have their own tests
(tests/layers/test_public_names.py, tests/callbacks/) and are skipped here.
"""

import types

import lamina

OWN_TESTS = {"layers", "callbacks"}

_QUANTIZATION = "quantization (int8/int4/float8/GPTQ/AWQ) is not built in Lamina"
_TO_COME = "not built yet; planned"

# "namespace.name" (the root has no prefix) -> why Lamina does not have it.
EXCLUDED = {
    # --- namespaces
    "src": "Keras's private implementation tree, not an API",
    "applications": "pretrained ImageNet models: the weights are downloads of TF/Keras "
                    "checkpoints and the 40 architectures are a project of their own",
    "distribution": "Keras's distribution API (DeviceMesh, LayoutMap) has JAX and TensorFlow "
                    "implementations only, none for torch; Lamina uses torch DDP "
                    "(`lamina.distribute`)",
    "legacy": "tf.keras 2 (legacy h5/JSON) serialization format",
    "quantizers": _QUANTIZATION,
    "distillation": _TO_COME + " (Distiller and its losses)",
    "visualization": "draw_bounding_boxes (and the galleries built on it) draws with OpenCV "
                     "(cv2), which is not a dependency",
    # --- root classes and scopes
    "Function": "Keras's symbolic op graph; Lamina's functional graph is `Model`, and "
                "STYLE.md 3.6 keeps Keras's backend indirection out",
    "Operation": "base of Keras's backend-neutral ops; Lamina's ops are torch functions",
    "Quantizer": _QUANTIZATION,
    "RematScope": "needs every layer to consult a rematerialization scope (layer base); "
                  "`remat` itself is here",
    "StatelessScope": "needs variables to read from and record assignments into a scope "
                      "(lamina/layers/variable.py); Lamina's variables update in place",
    "SymbolicScope": "Keras's backend tracing scope; Lamina traces on the meta device",
    "Variable": "Lamina's `Variable` (lamina.layers.variable) is a torch Parameter built as "
                "`Variable(tensor, trainable, name, path)`, not Keras's "
                "`Variable(initializer, shape, dtype, ...)`; exported once the constructor matches",
    "name_scope": "needs variable paths to read a name-scope stack (lamina/layers/variable.py)",
    # --- config
    "config.disable_traceback_filtering": "Lamina raises its own errors and never rewrites "
                                          "tracebacks, so there is nothing to filter",
    "config.enable_traceback_filtering": "as config.disable_traceback_filtering",
    "config.is_traceback_filtering_enabled": "as config.disable_traceback_filtering",
    # --- dtype policies
    "dtype_policies.AWQDTypePolicy": _QUANTIZATION,
    "dtype_policies.GPTQDTypePolicy": _QUANTIZATION,
    "dtype_policies.Int4DTypePolicy": _QUANTIZATION,
    "dtype_policies.QuantizedDTypePolicy": _QUANTIZATION,
    "dtype_policies.QuantizedFloat8DTypePolicy": _QUANTIZATION,
    "dtype_policies.DTypePolicyMap": "per-layer policies of quantized models; " + _QUANTIZATION,
    # --- utils
    "utils.FeatureSpace": "built on tf.data and TF preprocessing layers",
    "utils.model_to_dot": "returns a pydot graph (pydot and graphviz are not dependencies); "
                          "`plot_model` draws with matplotlib instead",
    "utils.legacy": "tf.keras 2 (legacy) serialization format",
    # --- export
    "export.ExportArchive": "writes TensorFlow SavedModels; Lamina exports through "
                            "torch.export and ONNX (`model.export`, `lamina.export`)",
    # --- saving
    "saving.KerasFileEditor": _TO_COME + " (an editor for .keras files' weights)",
}


def _keras_namespaces(keras):
    """`(path, keras module)` for every public Keras namespace, root first."""
    found, seen = [("", keras)], {id(keras)}
    for path, module in found:
        for name in sorted(dir(module)):
            value = getattr(module, name)
            full = f"{path}.{name}" if path else name
            if (name.startswith("_") or not isinstance(value, types.ModuleType)
                    or not value.__name__.startswith("keras") or id(value) in seen
                    or full in OWN_TESTS or full in EXCLUDED):
                continue
            seen.add(id(value))
            found.append((full, value))
    return found


def _lamina_at(path):
    value = lamina
    for part in filter(None, path.split(".")):
        value = getattr(value, part, None)
    return value


def _public(module):
    return {n for n in dir(module) if not n.startswith("_")}


def test_every_keras_name_exists_in_lamina_or_is_excluded_with_a_reason(keras):
    missing = []
    for path, module in _keras_namespaces(keras):
        ours = _lamina_at(path)
        for name in sorted(_public(module)):
            full = f"{path}.{name}" if path else name
            if full.split(".")[0] in OWN_TESTS or full in EXCLUDED:
                continue
            if ours is None or not hasattr(ours, name):
                missing.append(full)
    assert not missing, f"Keras names missing from lamina (add them or exclude with a reason): {missing}"


def test_exclusions_are_not_stale(keras):
    """An excluded name that Lamina now has, or that Keras no longer has, leaves the list."""
    stale = []
    for full in EXCLUDED:
        path, _, name = full.rpartition(".")
        theirs = keras
        for part in filter(None, path.split(".")):
            theirs = getattr(theirs, part, None)
        if theirs is None or not hasattr(theirs, name):
            stale.append(f"{full} (not in Keras)")
        elif _lamina_at(full) is not None:
            stale.append(f"{full} (Lamina has it)")
    assert not stale, f"remove from EXCLUDED: {stale}"


# Keras objects exported under several names where Lamina has two objects on purpose.
NOT_SHARED = {
    frozenset({"backend.backend", "config.backend"}):
        "lamina.backend.backend predates config.backend; both return 'torch'",
    frozenset({"models.load_model", "saving.load_model"}):
        "models sits below saving (import floors): models.load_model forwards to saving's",
    frozenset({"models.save_model", "saving.save_model"}):
        "models sits below saving (import floors): models.save_model forwards to saving's",
    frozenset({"saving.CustomObjectScope", "saving.custom_object_scope",
               "utils.CustomObjectScope", "utils.custom_object_scope"}):
        "custom_object_scope is a context-manager function and CustomObjectScope its class "
        "form; they open the same scope",
}


def _split_aliases(keras):
    """Groups of paths that are one object in Keras but several in Lamina."""
    paths_of = {}
    for path, module in _keras_namespaces(keras):
        for name in _public(module):
            full = f"{path}.{name}" if path else name
            value = getattr(module, name)
            if isinstance(value, (type, types.FunctionType)) and full.split(".")[0] not in OWN_TESTS:
                paths_of.setdefault(id(value), []).append(full)
    split = set()
    for paths in paths_of.values():
        ours = [(p, _lamina_at(p)) for p in paths if _lamina_at(p) is not None]
        if len(ours) > 1 and len({id(v) for _, v in ours}) > 1:
            split.add(frozenset(p for p, _ in ours))
    return split


def test_names_that_keras_shares_are_shared_in_lamina(keras):
    """Where Keras exports one class or function under several names (`keras.Loss` and
    `keras.losses.Loss`, `keras.ops.relu` and `keras.ops.nn.relu`), Lamina's names are one
    object too, so `isinstance` and identity checks port."""
    split = sorted(sorted(group) for group in _split_aliases(keras) - set(NOT_SHARED))
    assert not split, f"Keras shares these objects, Lamina does not: {split}"


def test_not_shared_entries_are_not_stale(keras):
    stale = sorted(sorted(group) for group in set(NOT_SHARED) - _split_aliases(keras))
    assert not stale, f"remove from NOT_SHARED (now shared, or gone from Keras): {stale}"


def test_namespaces_are_walked(keras):
    """The walk reaches the nested namespaces (not only the root)."""
    paths = {p for p, _ in _keras_namespaces(keras)}
    assert {"ops.nn", "datasets.mnist", "preprocessing.image", "optimizers.schedules", "tree"} <= paths
