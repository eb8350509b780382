"""Resetting global state between experiments."""

from ..naming import reset_names


def clear_session() -> None:
    """Restarts automatic layer naming (`dense`, `dense_1`, ... begin again)."""
    reset_names()
