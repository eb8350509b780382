"""Resetting global state between experiments."""

from ..backend import clear_session as clear_session
