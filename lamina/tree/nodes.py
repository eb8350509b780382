"""Which Python values are containers in a nested structure, and how to take them apart.

Containers are `list`, `tuple`, namedtuples (and torch's `return_types`), `dict`,
`OrderedDict`, `defaultdict`, `deque` and `torch.Size`; everything else, `None` and
strings included, is a leaf. Exact types only: a subclass of `list` or `dict` is a leaf,
as in Keras on torch (it uses torch's pytree registry, which matches types exactly).
"""

import collections

import torch

_DICTS = (dict, collections.OrderedDict, collections.defaultdict)
_SEQUENCES = (list, tuple, collections.deque, torch.Size)


def is_namedtuple(value) -> bool:
    kind = type(value)
    return issubclass(kind, tuple) and kind is not tuple and (
        hasattr(kind, "_fields") or kind.__module__ == "torch.return_types"
    )


def is_node(value) -> bool:
    return type(value) in _DICTS or type(value) in _SEQUENCES or is_namedtuple(value)


def keys_of(node, sort_dicts: bool) -> list:
    """The child keys in visiting order: positions for sequences; dict keys sorted when
    `sort_dicts` (plain and default dicts; an `OrderedDict` keeps its own order)."""
    if type(node) in _DICTS:
        if sort_dicts and type(node) is not collections.OrderedDict:
            return sorted(node)
        return list(node)
    return list(range(len(node)))


def rebuild(node, keys: list, values: list):
    """A container like `node` holding `values` under `keys`."""
    kind = type(node)
    if kind is dict:
        return dict(zip(keys, values))
    if kind is collections.OrderedDict:
        return collections.OrderedDict(zip(keys, values))
    if kind is collections.defaultdict:
        return collections.defaultdict(node.default_factory, zip(keys, values))
    if kind is collections.deque:
        return collections.deque(values, maxlen=node.maxlen)
    if kind is list:
        return list(values)
    if kind in (tuple, torch.Size):  # torch.Size holds ints only; mapped, it is a tuple
        return tuple(values)
    return kind(*values) if hasattr(kind, "_fields") else kind(values)


def same_kind(a, b) -> bool:
    """Whether two containers can be walked together (the three dict types mix)."""
    if type(a) in _DICTS:
        return type(b) in _DICTS
    return type(a) is type(b)


def check_same_node(reference, other) -> None:
    """Raises a ValueError unless `other` is a container matching `reference`."""
    if not is_node(other) or not same_kind(reference, other):
        raise ValueError(
            "The structures don't have the same nested structure: expected a "
            f"{type(reference).__name__} here, but got a {type(other).__name__} "
            f"({_short(other)})."
        )
    if type(reference) in _DICTS:
        missing, extra = set(reference) - set(other), set(other) - set(reference)
        if missing or extra:
            raise ValueError(
                "The structures don't have the same nested structure: dict keys differ; "
                f"missing key(s): {sorted(map(repr, missing))}; extra key(s): "
                f"{sorted(map(repr, extra))}."
            )
    elif len(reference) != len(other):
        raise ValueError(
            "The structures don't have the same nested structure: expected a "
            f"{type(reference).__name__} of length {len(reference)}, but got length "
            f"{len(other)} ({_short(other)})."
        )


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
