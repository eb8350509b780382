"""Every public name of `keras.ops` (and its families) and `keras.random` exists in Lamina
with a parity case, or is listed in some `EXCLUDED` table with the reason."""

import types

import pytest
from op_cases import CASES, EXCLUDED

import lamina.ops

SUBMODULES = ("numpy", "nn", "image", "linalg")
FAMILIES = ("core", "math")  # modules of keras/src/ops whose names Keras puts at the top


def _public(module) -> set[str]:
    return {
        name
        for name in dir(module)
        if not name.startswith("_") and not isinstance(getattr(module, name), types.ModuleType)
    }


def _keras_names(keras) -> dict[str, set[str]]:
    names = {sub: _public(getattr(keras.ops, sub)) for sub in SUBMODULES}
    top = _public(keras.ops)
    for family in FAMILIES:
        source = f"keras.src.ops.{family}"
        names[family] = {n for n in top if getattr(keras.ops, n).__module__ == source}
    grouped = set().union(*names.values())
    names[""] = top - grouped  # top-level names from elsewhere (einops.rearrange)
    names["random"] = _public(keras.random)
    return names


def _excluded(module: str, name: str) -> bool:
    return name in EXCLUDED or f"{module}.{name}" in EXCLUDED


def _covered(keras) -> dict[str, set[str]]:
    covered: dict[str, set[str]] = {}
    for case in CASES:
        covered.setdefault(case.module, set()).add(case.name)
    return covered


def test_every_keras_op_is_implemented_or_excluded(keras):
    missing = []
    for module, names in _keras_names(keras).items():
        if module == "random":
            import lamina.random as ours
        else:
            ours = getattr(lamina.ops, module) if module else lamina.ops
        missing += [f"{module}.{n}" for n in sorted(names) if not hasattr(ours, n)
                    and not _excluded(module, n)]
    assert not missing, f"{len(missing)} Keras names missing from Lamina: {missing}"


def test_every_keras_op_has_a_case_or_a_reason(keras):
    covered = _covered(keras)
    uncovered = [
        f"{module}.{n}"
        for module, names in _keras_names(keras).items()
        for n in sorted(names)
        if n not in covered.get(module, set()) and not _excluded(module, n)
    ]
    assert not uncovered, f"{len(uncovered)} Keras names without a case: {uncovered}"


def test_top_level_names_match_keras(keras):
    top = _public(keras.ops)
    missing = sorted(n for n in top if not hasattr(lamina.ops, n) and not _excluded("", n))
    assert not missing, f"lamina.ops lacks these top-level Keras names: {missing}"
    for sub in (*SUBMODULES, *FAMILIES):
        assert isinstance(getattr(lamina.ops, sub), types.ModuleType), sub
    # Keras keeps `image` a submodule only; so do we.
    image_only = _public(keras.ops.image) - top
    assert not image_only & _public(lamina.ops)


@pytest.mark.parametrize("key", sorted(EXCLUDED))
def test_exclusions_give_a_reason(key):
    assert isinstance(EXCLUDED[key], str) and len(EXCLUDED[key]) > 10
