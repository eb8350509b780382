"""`keras.tree`: walking, mapping and rebuilding nested structures of lists, tuples and dicts.

Plain dicts are visited in sorted key order by `flatten`, `flatten_with_path`,
`pack_sequence_as`, `traverse` and `map_shape_structure` (and those return dicts in sorted
key order), so a flattened dict packs back the same way; an `OrderedDict` keeps its own
order. `map_structure` keeps the first structure's key order and matches the other
structures' dicts by key. `None` is a leaf.
"""

import warnings

from .nodes import check_same_node, is_node, keys_of, rebuild


class MAP_TO_NONE:
    """Returned from a `traverse` function: replace this sub-structure with `None`."""


def is_nested(structure) -> bool:
    """Whether `structure` is a container (list, tuple, namedtuple, dict, deque)."""
    return is_node(structure)


def flatten(structure) -> list:
    """The leaves of `structure`, depth first; plain dicts in sorted key order.

    >>> flatten({"b": [1, 2], "a": 3})
    [3, 1, 2]
    """
    return [leaf for _, leaf in _leaves_with_paths(structure, ())]


def flatten_with_path(structure) -> list:
    """`(path, leaf)` pairs in `flatten` order; a path is a tuple of keys and positions.

    >>> flatten_with_path({"a": [1, 2]})
    [(('a', 0), 1), (('a', 1), 2)]
    """
    return list(_leaves_with_paths(structure, ()))


def _leaves_with_paths(structure, path):
    if not is_node(structure):
        yield path, structure
        return
    for key in keys_of(structure, sort_dicts=True):
        yield from _leaves_with_paths(structure[key], (*path, key))


def map_structure(func, *structures, none_is_leaf: bool = True):
    """Calls `func` on the leaves of `structures` side by side; returns the first one's shape.

    Args:
        func: takes one argument per structure.
        *structures: structures nested the same way (dicts are matched by key).
        none_is_leaf: when False, `None` leaves are kept as `None` without calling
            `func`; then every structure must have `None` at that place.
    """
    if not structures:
        raise ValueError("map_structure: must provide at least one structure.")
    if not callable(func):
        raise TypeError(f"map_structure: `func` must be callable. Received: func={func!r}")
    call = func
    if not none_is_leaf:
        def call(*leaves):
            if leaves[0] is None:
                if any(leaf is not None for leaf in leaves):
                    raise ValueError(
                        "Structure mismatch: some arguments are None, others are not. "
                        f"Received arguments: {leaves}."
                    )
                return None
            return func(*leaves)
    return _map_together(call, structures[0], structures[1:])


def map_structure_up_to(shallow_structure, func, *structures):
    """Like `map_structure`, but stops at the leaves of `shallow_structure`: `func` gets
    the (possibly nested) parts of `structures` found there."""
    if not structures:
        raise ValueError("map_structure_up_to: must provide at least one structure.")
    return _map_together(lambda _, *parts: func(*parts), shallow_structure, structures)


def _map_together(func, reference, others):
    if not is_node(reference):
        return func(reference, *others)
    for other in others:
        check_same_node(reference, other)
    keys = keys_of(reference, sort_dicts=False)
    values = [_map_together(func, reference[k], [o[k] for o in others]) for k in keys]
    return rebuild(reference, keys, values)


def assert_same_structure(a, b, check_types=None) -> None:
    """Raises a ValueError unless `a` and `b` are nested the same way, with the same
    container types (list and tuple differ; the dict types mix) and dict keys."""
    if check_types is not None:
        warnings.warn(
            "The `check_types` argument is deprecated and no longer has any effect. For a "
            "looser check, use `keras.tree.assert_same_paths()`.",
            DeprecationWarning,
            stacklevel=2,
        )

    def both_leaves(x, y):
        if is_node(y):
            raise ValueError(
                f"The structures don't have the same nested structure: {x!r} in the first "
                f"is a leaf, but the second has a {type(y).__name__} there."
            )

    _map_together(both_leaves, a, [b])


def assert_same_paths(a, b) -> None:
    """Raises a ValueError unless `a` and `b` have the same leaf paths (container types
    may differ: a list matches a tuple)."""
    a_paths = {path for path, _ in flatten_with_path(a)}
    b_paths = {path for path, _ in flatten_with_path(b)}
    if a_paths != b_paths:
        message = "`a` and `b` don't have the same paths."
        if a_paths - b_paths:
            message += f"\nPaths in `a` missing in `b`:\n{a_paths - b_paths}"
        if b_paths - a_paths:
            message += f"\nPaths in `b` missing in `a`:\n{b_paths - a_paths}"
        raise ValueError(message)


def pack_sequence_as(structure, flat_sequence):
    """Fills `structure`'s shape with `flat_sequence`, in `flatten` order.

    >>> pack_sequence_as({"b": 0, "a": [0, 0]}, [1, 2, 3])
    {'a': [1, 2], 'b': 3}
    """
    flat_sequence = list(flat_sequence)
    count = len(flatten(structure))
    if len(flat_sequence) != count:
        raise ValueError(
            f"pack_sequence_as: `flat_sequence` has {len(flat_sequence)} items, but "
            f"`structure` holds {count} leaves. Received structure: {structure!r}"
        )
    leaves = iter(flat_sequence)
    return _sorted_copy(structure, lambda _: next(leaves))


def _sorted_copy(structure, leaf_func, is_leaf=lambda x: False):
    """`structure` rebuilt with plain dicts in sorted key order and `leaf_func` on leaves."""
    if not is_node(structure) or is_leaf(structure):
        return leaf_func(structure)
    keys = keys_of(structure, sort_dicts=True)
    return rebuild(structure, keys, [_sorted_copy(structure[k], leaf_func, is_leaf) for k in keys])


def traverse(func, structure, top_down: bool = True):
    """Visits every sub-structure (leaves included) and may replace it.

    Top-down, `func(sub)` returning None goes on into `sub`; any other value replaces
    `sub` without visiting inside it. Bottom-up, children are visited first and
    `func(rebuilt_sub)` returning None keeps it. Return `MAP_TO_NONE` to put `None`.
    """
    if not callable(func):
        raise TypeError(f"traverse: `func` must be callable. Received: func={func!r}")
    return _traverse(func, _sorted_copy(structure, lambda leaf: leaf), top_down)


def _traverse(func, structure, top_down):
    if top_down:
        result = func(structure)
        if result is None:
            result = structure = _traverse_children(func, structure, top_down)
    else:
        structure = _traverse_children(func, structure, top_down)
        result = func(structure)
        if result is None:
            result = structure
    return None if result is MAP_TO_NONE else result


def _traverse_children(func, structure, top_down):
    if not is_node(structure):
        return structure
    keys = keys_of(structure, sort_dicts=False)  # already sorted by `traverse`
    return rebuild(structure, keys, [_traverse(func, structure[k], top_down) for k in keys])


def lists_to_tuples(structure):
    """The same structure with every list turned into a tuple (deepest first)."""
    return traverse(lambda x: tuple(x) if isinstance(x, list) else None, structure, top_down=False)


def map_shape_structure(func, structure):
    """Calls `func` on every shape (a list or tuple of ints and `None`s) in a structure of
    shapes, and on any other leaf."""
    def is_shape(x):
        return isinstance(x, (list, tuple)) and all(isinstance(d, (int, type(None))) for d in x)

    return _sorted_copy(structure, func, is_leaf=is_shape)
