"""`lamina.tree` against `keras.tree` (Keras 3.15.1 on torch) on the same nested structures."""

import collections
import warnings

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from lamina import tree

Pair = collections.namedtuple("Pair", "a b")


def _structures():
    return {
        "leaf": 1,
        "none": None,
        "string": "text",
        "list_with_none": [1, None],
        "single": [7],
        "empty_list": [],
        "empty_dict": {},
        "nested_empty": [[], {"x": ()}],
        "dict_unsorted": {"b": 1, "a": [2, None], "c": (3, 4)},
        "ordered_dict": collections.OrderedDict([("b", 1), ("a", 2)]),
        "default_dict": collections.defaultdict(list, {"z": 1, "a": 2}),
        "namedtuple": Pair(1, [2, 3]),
        "deque": collections.deque([1, [2]]),
        "deep": [1, (2, {"k": None, "j": [3, {"y": 4, "x": 5}]})],
        "set_is_leaf": [{1, 2}],
        "arrays": [np.zeros(2), torch.ones(3)],
    }


STRUCTURES = _structures()


def _dict_below_dict(s, inside=False) -> bool:
    if isinstance(s, dict):
        return inside or any(_dict_below_dict(v, True) for v in s.values())
    if isinstance(s, (list, tuple, collections.deque)):
        return any(_dict_below_dict(v, inside) for v in s)
    return False


def _has_namedtuple(s) -> bool:
    if isinstance(s, Pair):
        return True
    if isinstance(s, dict):
        return any(_has_namedtuple(v) for v in s.values())
    return isinstance(s, (list, tuple)) and any(_has_namedtuple(v) for v in s)


def _oracle(keras, s):
    """`keras.tree`, except for dicts nested under dicts: Keras's torch tree sorts only
    the outermost dicts (a bug against its own docstring, "dict values sorted by key"),
    so there the oracle is Keras's optree implementation, which sorts every level."""
    if _dict_below_dict(s):
        from keras.src.tree import optree_impl

        return optree_impl, False
    return keras.tree, True


def _same(ours, theirs, key_order=True):
    """Equal values with equal container types at every level (tensors by identity)."""
    assert type(ours) is type(theirs), (ours, theirs)
    if isinstance(ours, dict):
        assert (list(ours) if key_order else set(ours)) == (list(theirs) if key_order else set(theirs))
        for key in ours:
            _same(ours[key], theirs[key], key_order)
    elif isinstance(ours, (list, tuple, collections.deque)):
        assert len(ours) == len(theirs)
        for x, y in zip(ours, theirs):
            _same(x, y, key_order)
    elif isinstance(ours, (np.ndarray, torch.Tensor)):
        assert ours is theirs
    else:
        assert ours == theirs


@pytest.mark.parametrize("name", list(STRUCTURES))
def test_flatten_is_nested_and_paths_match_keras(keras, name):
    s = STRUCTURES[name]
    oracle, _ = _oracle(keras, s)
    _same(tree.flatten(s), keras.tree.flatten(s) if oracle is keras.tree else oracle.flatten(s))
    assert tree.is_nested(s) == oracle.is_nested(s)
    _same(tree.flatten_with_path(s), oracle.flatten_with_path(s))


@pytest.mark.parametrize("name", list(STRUCTURES))
def test_map_structure_and_pack_sequence_as_match_keras(keras, name):
    s = STRUCTURES[name]

    def describe(x):
        return ("leaf", type(x).__name__)

    _same(tree.map_structure(describe, s), keras.tree.map_structure(describe, s))
    _same(tree.map_structure(describe, s, none_is_leaf=False),
          keras.tree.map_structure(describe, s, none_is_leaf=False))
    oracle, key_order = _oracle(keras, s)
    flat = list(range(len(tree.flatten(s))))
    _same(tree.pack_sequence_as(s, flat), oracle.pack_sequence_as(s, flat), key_order)


@pytest.mark.parametrize("name", list(STRUCTURES))
@pytest.mark.parametrize("top_down", [True, False])
def test_traverse_and_lists_to_tuples_match_keras(keras, name, top_down):
    s = STRUCTURES[name]
    seen_ours, seen_theirs = [], []

    def visit(seen, map_to_none):
        def func(x):
            seen.append(type(x).__name__)
            if isinstance(x, int):
                return x * 10
            if isinstance(x, list) and len(x) == 1:
                return map_to_none
            return None
        return func

    ours = tree.traverse(visit(seen_ours, tree.MAP_TO_NONE), s, top_down=top_down)
    theirs = keras.tree.traverse(visit(seen_theirs, keras.tree.MAP_TO_NONE), s, top_down=top_down)
    _same(ours, theirs)
    assert seen_ours == seen_theirs  # visiting order
    _same(tree.lists_to_tuples(s), keras.tree.lists_to_tuples(s))


def test_map_structure_matches_dicts_by_key_and_keeps_first_order(keras):
    a = {"b": 1, "a": 2}
    b = collections.OrderedDict([("a", 3), ("b", 4)])
    pairs = [(x, y) for x, y in [(a, b), (b, a)]]
    for x, y in pairs:
        _same(tree.map_structure(lambda p, q: (p, q), x, y),
              keras.tree.map_structure(lambda p, q: (p, q), x, y))
    # A leaf in the first structure takes the whole part of the others.
    _same(tree.map_structure(lambda p, q: (p, q), 1, [1]), keras.tree.map_structure(lambda p, q: (p, q), 1, [1]))


MISMATCHES = [
    ([1, 2], (1, 2)),        # list vs tuple
    ([1, 2], [1, 2, 3]),     # length
    ({"a": 1}, {"b": 1}),    # keys
    ([1, [2]], [1, 2]),      # container vs leaf
    ([1, 2], [1, [2]]),      # leaf vs container
    (Pair(1, 2), (1, 2)),    # namedtuple vs tuple
    ([1], collections.deque([1])),
]


@pytest.mark.parametrize("a,b", MISMATCHES, ids=range(len(MISMATCHES)))
def test_mismatches_raise_where_keras_raises(keras, a, b):
    for module in (tree, keras.tree):
        with pytest.raises(ValueError):
            module.assert_same_structure(a, b)
    same_paths = (a, b) in [([1, 2], (1, 2)), (Pair(1, 2), (1, 2)), ([1], collections.deque([1]))]
    for module in (tree, keras.tree):
        if same_paths:
            module.assert_same_paths(a, b)  # paths ignore container types
        else:
            with pytest.raises(ValueError):
                module.assert_same_paths(a, b)


def test_matching_structures_pass_and_dict_types_mix(keras):
    for a, b in [([1, (2, None)], [3, (4, 5)]), ({"a": 1}, collections.OrderedDict(a=2)),
                 ({"a": 1}, collections.defaultdict(int, a=1))]:
        tree.assert_same_structure(a, b)
        keras.tree.assert_same_structure(a, b)


def test_check_types_is_deprecated_like_keras(keras):
    for module in (tree, keras.tree):
        with pytest.warns(DeprecationWarning):
            module.assert_same_structure([1], [2], check_types=True)


def test_none_is_leaf_false_requires_none_everywhere(keras):
    for module in (tree, keras.tree):
        assert module.map_structure(lambda x, y: x + y, [1, None], [2, None], none_is_leaf=False) == [3, None]
        with pytest.raises(ValueError, match="None"):
            module.map_structure(lambda x, y: x, [1, None], [2, 3], none_is_leaf=False)
        with pytest.raises(ValueError):
            module.map_structure(lambda x: x)


def test_map_structure_up_to_matches_keras(keras):
    shallow, deep, other = [0, 0], [[1, 2], [3]], [4, 5]
    f = lambda x, y: (x, y)  # noqa: E731
    _same(tree.map_structure_up_to(shallow, f, deep, other), keras.tree.map_structure_up_to(shallow, f, deep, other))
    for module in (tree, keras.tree):
        with pytest.raises(ValueError):
            module.map_structure_up_to([0, [0]], lambda x: x, [[1, 2], 3])


def test_pack_sequence_as_with_the_wrong_count_raises(keras):
    for module in (tree, keras.tree):
        with pytest.raises(ValueError):
            module.pack_sequence_as([0, 0], [5, 6, 7])
    with pytest.raises(ValueError, match="3 items.*2 leaves"):
        tree.pack_sequence_as([0, 0], [5, 6, 7])


def test_map_shape_structure_matches_keras(keras):
    shapes = {"b": [(2, 3), [4]], "a": (1, None), "c": (), "d": 5}
    f = lambda s: ("shape", tuple(s)) if isinstance(s, (list, tuple)) else s  # noqa: E731
    _same(tree.map_shape_structure(f, shapes), keras.tree.map_shape_structure(f, shapes))


def test_namedtuple_paths_are_positions(keras):
    """Documented difference: Keras on torch numbers namedtuple fields by their sorted
    names across the whole structure (a torch-pytree artefact); Keras's optree backend
    and Lamina use the field position. They agree when field names are in sorted order."""
    s = [Pair(1, 2)]
    _same(tree.flatten_with_path(s), keras.tree.flatten_with_path(s))
    Swapped = collections.namedtuple("Swapped", "z a")
    assert tree.flatten_with_path(Swapped(1, 2)) == [((0,), 1), ((1,), 2)]


leaves = st.one_of(st.integers(-5, 5), st.none(), st.text(max_size=2))
nested = st.recursive(
    leaves,
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.lists(children, max_size=3).map(tuple),
        st.dictionaries(st.sampled_from("abcde"), children, max_size=3),
        st.dictionaries(st.sampled_from("abcde"), children, max_size=3).map(collections.OrderedDict),
        st.tuples(children, children).map(lambda t: Pair(*t)),
    ),
    max_leaves=10,
)


@given(nested)
def test_random_structures_flatten_pack_and_map_like_keras(s):
    import keras

    oracle, key_order = _oracle(keras, s)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if oracle is keras.tree or oracle.is_nested(s):  # optree_impl.flatten(leaf) is not special-cased
            _same(tree.flatten(s), oracle.flatten(s))
        if not _has_namedtuple(s) or oracle is not keras.tree:
            _same(tree.flatten_with_path(s), oracle.flatten_with_path(s))
        flat = list(range(len(tree.flatten(s))))
        _same(tree.pack_sequence_as(s, flat), oracle.pack_sequence_as(s, flat), key_order)
        _same(tree.map_structure(repr, s), keras.tree.map_structure(repr, s))
        if key_order:
            _same(tree.lists_to_tuples(s), keras.tree.lists_to_tuples(s))
        # Round trip: packing the flat leaves rebuilds the structure (dicts sorted).
        assert tree.flatten(tree.pack_sequence_as(s, tree.flatten(s))) == tree.flatten(s)


@given(nested, nested)
def test_random_pairs_match_or_mismatch_as_in_keras(a, b):
    import keras

    def outcome(module, name, other):
        try:
            if name == "map_structure":
                module.map_structure(lambda *x: None, a, other)
            else:
                getattr(module, name)(a, other)
        except ValueError:
            return "mismatch"
        return "match"

    # Random pairs mostly differ; pairs derived from `a` mostly agree (tuples for lists differ).
    for other in (b, tree.map_structure(lambda x: 0, a), tree.lists_to_tuples(a)):
        names = ["assert_same_structure", "map_structure"]
        if not (_has_namedtuple(a) or _has_namedtuple(other)):
            names.append("assert_same_paths")  # see test_namedtuple_paths_are_positions
        for name in names:
            assert outcome(tree, name, other) == outcome(keras.tree, name, other), (name, other)
