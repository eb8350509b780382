"""Imports go down the floors, never up (STYLE.md 3.7), function-level imports included.

Every module of `lamina/` is parsed with `ast`; each import of another lamina module is an
edge, wherever it stands in the file. An edge from a lower floor to a higher one fails.

Two deliberate differences from STYLE.md's list. `analysis/` (and the plots drawn from
it) needs only layers, so it sits right above them, where `fit`'s size warning and
`History.plot` can use it. And the training engine (compile containers,
data adapters, the step function, the loops, and the callbacks they drive) sits *under*
`models/`, because `Model` inherits its `fit`/`evaluate`/`predict` from `Trainer`, as
Keras's `Model` inherits from its backend trainer. Nothing in the engine imports a model
class; it only calls methods on `self`.
"""

import ast
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2] / "lamina"

# Bottom to top. A module's floor is the first prefix that matches its dotted name.
FLOORS = [
    ["lamina.version", "lamina.config", "lamina.shapes",
     "lamina.tensors", "lamina.naming", "lamina.registry", "lamina.dtype_policies", "lamina.tree",
     "lamina.distribute", "lamina.file_formats"],
    ["lamina.ops", "lamina.random"],
    ["lamina.activations", "lamina.initializers", "lamina.regularizers", "lamina.constraints",
     "lamina.losses", "lamina.metrics", "lamina.optimizers", "lamina.mixed_precision"],
    ["lamina.layers", "lamina.backend"],
    ["lamina.analysis", "lamina.utils.plotting"],
    ["lamina.training", "lamina.callbacks"],
    ["lamina.models"],
    ["lamina.saving", "lamina.analysis", "lamina.interop", "lamina.datasets", "lamina.utils",
     "lamina.export", "lamina.preprocessing", "lamina.wrappers"],
    ["lamina.cli", "lamina.demo", "lamina.__main__", "lamina"],
]


def module_name(path: pathlib.Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def floor_of(name: str) -> int:
    best, best_len = None, -1
    for level, prefixes in enumerate(FLOORS):
        for prefix in prefixes:
            matches = name == prefix or (prefix != "lamina" and name.startswith(prefix + "."))
            if matches and len(prefix) > best_len:
                best, best_len = level, len(prefix)
    if best is None:
        raise AssertionError(f"{name} is on no floor: add it to FLOORS")
    return best


def imports_of(path: pathlib.Path) -> set[str]:
    """Every lamina module this file imports, at any depth in the file."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "lamina")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "lamina":
                continue
            # `from . import layers` names a module; `from .x import Y` names module x.
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                found.add(candidate if _exists(candidate) else target)
    return {_existing_module(f) for f in found}


def _exists(name: str) -> bool:
    path = ROOT.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def _existing_module(name: str) -> str:
    while not _exists(name) and "." in name:
        name = name.rpartition(".")[0]
    return name


def graph() -> dict[str, set[str]]:
    return {module_name(p): imports_of(p) for p in sorted(ROOT.rglob("*.py"))}


def largest_cycle(edges: dict[str, set[str]]) -> set[str]:
    """The largest strongly connected component (Tarjan), for the knot's size."""
    index, low, stack, on_stack, best = {}, {}, [], set(), set()
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in edges.get(v, ()):
            if w not in edges:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            nonlocal best
            if len(component) > len(best):
                best = component

    for v in edges:
        if v not in index:
            visit(v)
    return best


def test_no_module_imports_a_higher_floor():
    upward = [
        f"{src} (floor {floor_of(src)}) imports {dst} (floor {floor_of(dst)})"
        for src, targets in graph().items()
        for dst in sorted(targets)
        if floor_of(dst) > floor_of(src)
    ]
    assert not upward, "Imports must go down the floors:\n" + "\n".join(upward)


def test_the_largest_import_cycle_stays_within_one_package():
    """Cycles inside one package (a layer family and its base) are allowed; a knot that
    spans floors is what the floor test forbids, and this names it if one appears."""
    knot = largest_cycle(graph())
    floors = {floor_of(m) for m in knot}
    assert len(floors) <= 1, f"an import cycle spans floors {sorted(floors)}: {sorted(knot)}"


@pytest.mark.parametrize("path", sorted(ROOT.rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_passes_400_lines(path):
    lines = len(path.read_text().splitlines())
    assert lines <= 400, f"{path.relative_to(ROOT.parent)} has {lines} lines; split it by idea"
