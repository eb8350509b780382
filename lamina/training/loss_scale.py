"""Dynamic loss scaling for float16 training, with Keras LossScaleOptimizer's defaults."""

import torch


class DynamicLossScale:
    """Multiplies the loss before backward so float16 gradients don't underflow.

    After each backward, the gradients are unscaled and checked: a step with inf/NaN
    gradients is skipped and the scale halved; after `growth_steps` good steps in a row
    the scale doubles.
    """

    def __init__(self, initial_scale: float = 2.0**15, growth_steps: int = 2000):
        self.scale = float(initial_scale)
        self.growth_steps = growth_steps
        self._good_steps = 0

    def unscale_(self, grads: list[torch.Tensor]) -> bool:
        """Unscales `grads` in place; returns whether the step may be applied."""
        grads = [g for g in grads if g is not None]
        if not grads:
            return True
        found_inf = torch.zeros(1, device=grads[0].device)
        inv_scale = torch.full((1,), 1.0 / self.scale, device=grads[0].device)
        torch._amp_foreach_non_finite_check_and_unscale_(grads, found_inf, inv_scale)
        if found_inf.item():
            self.scale /= 2.0
            self._good_steps = 0
            return False
        self._good_steps += 1
        if self._good_steps >= self.growth_steps:
            self.scale *= 2.0
            self._good_steps = 0
        return True
