"""Model-size and overfitting insight: where the parameters, compute and memory go.

The public names load on first use (`_EXPORTS`, one line per name).
"""

from .. import registry as _registry

_EXPORTS = {
    "layer_macs": ".costs",
    "HotSpot": ".hot_spot",
    "LayerProfile": ".profile",
    "ModelProfile": ".profile",
    "profile": ".profile:profile",
    "OverparameterizedWarning": ".size_warning",
    "set_overparameterized_warning": ".size_warning",
    "warn_if_overparameterized": ".size_warning",
}

__getattr__, __dir__, __all__ = _registry.lazy_exports(__name__, _EXPORTS)
