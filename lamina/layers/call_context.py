"""What a layer call inherits from the calls around it, kept per thread.

Keras resolves a layer's `training` flag from, in order: the argument, the enclosing
layer call, the call signature's default. The enclosing call is thread state, never
module state, so a `predict` in one thread cannot see or change the mode of a `fit` in
another (issue 9 item 10). The same state holds the name scope (`model/dense/kernel`
variable paths) and tells the outermost call to clear the `add_loss` losses of the
previous call, as Keras's CallContext does.

Masks travel as Keras-on-torch carries them: a `_keras_mask` attribute on the tensor.
"""

import threading
import weakref

import torch

# One lock for every first build: building is rare and short, and a single re-entrant
# lock cannot deadlock two layers that build each other (a model building its sublayers).
BUILD_LOCK = threading.RLock()

# Layers that hold `add_loss` losses right now; the outermost call clears them. The flag
# makes that a single check for every model that never calls `add_loss`.
LAYERS_WITH_LOSSES: "weakref.WeakSet" = weakref.WeakSet()
LOSSES_HELD = [False]


class _CallState(threading.local):
    def __init__(self):
        # `(layer, training)` for each running build or call, outermost first: the name
        # scope of new variables, and the `training` an inner call inherits.
        self.frames: list = []


STATE = _CallState()


def get_mask(value):
    """The Keras mask a tensor (or a list of tensors) carries, or None."""
    if isinstance(value, (list, tuple)):
        masks = [getattr(v, "_keras_mask", None) for v in value]
        return None if all(m is None for m in masks) else masks
    return getattr(value, "_keras_mask", None)


def set_mask(value, mask) -> None:
    """Attaches `mask` (a tensor, or a list matching a list of outputs) to `value`."""
    if isinstance(value, (list, tuple)):
        masks = mask if isinstance(mask, (list, tuple)) else [mask] * len(value)
        for v, m in zip(value, masks):
            set_mask(v, m)
    elif mask is not None and getattr(value, "_keras_mask", None) is None:
        try:
            value._keras_mask = mask
        except AttributeError:  # a Python number or another object that takes no attributes
            pass


def traced() -> bool:
    """Whether torch.compile or torch.export is tracing this call: shapes may be symbolic,
    so per-shape memos (`layout.shape_plan`, the last input shape that passed a check)
    neither read nor write, lest comparing a symbolic size specializes it."""
    return torch.compiler.is_compiling() or torch.compiler.is_exporting()
