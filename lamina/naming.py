"""Keras-style automatic names: `dense`, `dense_1`, `dense_2`, ..."""

import re
from collections import defaultdict

_counters: defaultdict[str, int] = defaultdict(int)


def to_snake_case(name: str) -> str:
    """`Conv2D` -> `conv2d`, `MaxPooling2D` -> `max_pooling2d`, `InputLayer` -> `input_layer`."""
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


def unique_name(prefix: str) -> str:
    """The next free name for `prefix` in this session, as Keras numbers them."""
    count = _counters[prefix]
    _counters[prefix] += 1
    return prefix if count == 0 else f"{prefix}_{count}"


def reset_names() -> None:
    """Starts numbering again (used by `lamina.utils.clear_session`)."""
    _counters.clear()


_uids: defaultdict[str, int] = defaultdict(int)


def get_uid(prefix: str = "") -> int:
    """A number unique for `prefix` in this session, starting at 1 (Keras's `get_uid`)."""
    _uids[prefix] += 1
    return _uids[prefix]


def reset_uids() -> None:
    _uids.clear()


def snapshot() -> dict[str, int]:
    """The automatic-name counters, for `restore` after a trial build (loading builds on
    the meta device first, and that build must not use up names)."""
    return dict(_counters)


def restore(counters: dict[str, int]) -> None:
    _counters.clear()
    _counters.update(counters)
