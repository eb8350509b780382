"""A layer's losses: `add_loss` during `call`, activity penalties, weight penalties."""

import torch

from .call_context import LAYERS_WITH_LOSSES, LOSSES_HELD


class LayerLosses:
    """The loss half of `Layer` (a mixin): Keras's `add_loss` and `losses`."""

    def add_loss(self, loss) -> None:
        """Adds a scalar loss tensor (or a list of them) during `call`; `fit` adds it to the loss."""
        values = list(loss) if isinstance(loss, (list, tuple)) else [loss]
        for value in values:
            if not isinstance(value, torch.Tensor):
                raise ValueError(
                    "`add_loss()` can only be called from inside `build()` or `call()`, on a tensor "
                    f"input. Received invalid value: {value!r}"
                )
        self._losses = self._losses + values
        LAYERS_WITH_LOSSES.add(self)
        LOSSES_HELD[0] = True

    def _add_activity_loss(self, outputs) -> None:
        for output in outputs if isinstance(outputs, (list, tuple)) else [outputs]:
            if isinstance(output, torch.Tensor) and output.is_floating_point():
                penalty = self.activity_regularizer(output)
                if output.dim() > 0 and output.shape[0] > 0:
                    penalty = penalty / output.shape[0]  # per sample, as in Keras
                self.add_loss(penalty)

    def _clear_losses(self) -> None:
        for module in self.modules():
            if isinstance(module, LayerLosses) and module._losses:
                module._losses = []
                LAYERS_WITH_LOSSES.discard(module)
        LOSSES_HELD[0] = len(LAYERS_WITH_LOSSES) > 0

    @property
    def losses(self) -> list[torch.Tensor]:
        """`add_loss` losses of the last call (this layer's, then its sublayers'), then the
        regularization penalties of the trainable weights; `fit` adds them to the loss."""
        # `fit` reads this every step: one walk over the modules.
        layers = [m for m in self.modules() if isinstance(m, LayerLosses)]
        added = [loss for layer in layers for loss in layer._losses]
        penalties = [
            layer._lookup(key).regularizer(layer._lookup(key))
            for layer in layers
            if layer._regularized and layer.trainable
            for key in layer._regularized
        ]
        return added + penalties
