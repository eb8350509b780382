"""Moving models between Lamina (channels_last, Keras layouts) and PyTorch (channels_first).

The public names load on first use (`_EXPORTS`, one line per name).
"""

from .. import registry as _registry

_EXPORTS = {
    "from_torch": ".from_torch:from_torch",
    "to_torch": ".to_torch:to_torch",
    "RecurrentOutput": ".torch_modules",
    "SequencePooling": ".torch_modules",
}

__getattr__, __dir__, __all__ = _registry.lazy_exports(__name__, _EXPORTS)
