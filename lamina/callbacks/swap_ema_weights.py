"""SwapEMAWeights: evaluate (and optionally checkpoint) with the optimizer's moving averages."""

import torch

from .. import registry
from .callback import Callback


class SwapEMAWeights(Callback):
    """Puts the optimizer's EMA weights into the model for evaluation, then swaps back.

    Use it with an optimizer created with `use_ema=True`. The swap is in place (no extra
    copy of the model is kept), so other callbacks must not change the weights or the
    averages while the EMA weights are in the model. Validation inside `fit` and
    `evaluate`/`predict` called with this callback then run on the averages.

    One deliberate difference: after `predict`, Keras 3.15 leaves the EMA weights in the
    model (its `on_predict_end` tests the wrong flag); here they are swapped back, as after
    `evaluate`.

    Args:
        swap_on_epoch: Also swap the EMA weights in at each epoch end and out at the next
            epoch's start, so callbacks placed after this one (e.g. `ModelCheckpoint`)
            see them.

    Example:

    >>> SwapEMAWeights(swap_on_epoch=True).swap_on_epoch
    True
    """

    def __init__(self, swap_on_epoch: bool = False) -> None:
        super().__init__()
        self.swap_on_epoch = swap_on_epoch
        self._ema_weights_in_model = False

    def on_epoch_begin(self, epoch, logs=None):
        if self.swap_on_epoch and self._ema_weights_in_model:
            self._swap_variables()
            self._ema_weights_in_model = False

    def on_epoch_end(self, epoch, logs=None):
        if self.swap_on_epoch and not self._ema_weights_in_model:
            self._swap_variables()
            self._ema_weights_in_model = True
            # `fit` ends by copying the averages into the weights; after the last epoch the
            # averages sit in the weights already, so the averages take the same values.
            if epoch == self.params["epochs"] - 1:
                self._finalize_ema_values()

    def on_test_begin(self, logs=None):
        if not self._ema_weights_in_model:
            self._swap_variables()
            self._ema_weights_in_model = True

    def on_test_end(self, logs=None):
        if self._ema_weights_in_model:
            self._swap_variables()
            self._ema_weights_in_model = False

    def on_predict_begin(self, logs=None):
        self.on_test_begin(logs)

    def on_predict_end(self, logs=None):
        self.on_test_end(logs)

    def _swap_variables(self):
        with torch.no_grad():
            for variables, averages in self._pairs():
                for variable, average in zip(variables, averages):
                    saved = variable.detach().clone()
                    variable.copy_(average)
                    average.copy_(saved)

    def _finalize_ema_values(self):
        with torch.no_grad():
            for variables, averages in self._pairs():
                torch._foreach_copy_(averages, variables)

    def _pairs(self):
        """`(weights, averages)` for every optimizer that keeps moving averages."""
        optimizer = self.model.optimizer
        optimizer = getattr(optimizer, "inner_optimizer", optimizer)  # LossScaleOptimizer
        inner = getattr(optimizer, "optimizers", None)  # MultiOptimizer
        if inner is not None:
            chosen = [opt for opt in inner if getattr(opt, "use_ema", False)]
            if not chosen:
                raise ValueError(
                    "SwapEMAWeights must be used when at least one inner optimizer has "
                    "`use_ema=True` set. Received a MultiOptimizer with all inner optimizers "
                    "having `use_ema=False`."
                )
        else:
            chosen = [optimizer]
        pairs = []
        for opt in chosen:
            if not getattr(opt, "use_ema", False):
                raise ValueError(
                    "SwapEMAWeights must be used when `use_ema=True` is set on the optimizer. "
                    f"Received: use_ema={getattr(opt, 'use_ema', None)} (optimizer "
                    f"'{getattr(opt, 'name', type(opt).__name__)}')."
                )
            averages = opt._slots.get("average") if opt.built else None
            if not averages:
                raise ValueError(
                    f"SwapEMAWeights found no moving averages on optimizer '{opt.name}': it has "
                    "not been built yet. Train the model (or call "
                    "`optimizer.build(model.trainable_weights)`) before swapping."
                )
            pairs.append((opt._trainable_variables, averages))
        return pairs


registry.register_builtin("callbacks", SwapEMAWeights)
