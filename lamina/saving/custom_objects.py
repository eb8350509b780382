"""The custom-object scope lives in the one registry (`lamina.registry`); re-exported here
for the loaders."""

from ..registry import current, custom_object_scope

__all__ = ["current", "custom_object_scope"]
