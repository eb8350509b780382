"""The exponential moving average of the model's weights (`use_ema=True`), as Keras keeps it."""

import torch


class MovingAverageMixin:
    """Mixed into `Optimizer`; relies on its `use_ema`, `ema_momentum`,
    `ema_overwrite_frequency`, `iterations`, `_slots["average"]` and `_trainable_variables`."""

    def finalize_variable_values(self, var_list) -> None:
        """With `use_ema`, copies the moving averages into `var_list` (end of training)."""
        if self.use_ema:
            with torch.no_grad():
                _overwrite(list(var_list), self._slots["average"])

    def _update_moving_average(self) -> None:
        """`average = m * average + (1 - m) * w` for every built variable (with or without
        a gradient, as Keras), with `m = 0` on the first update and `m` rounded to the
        variables' dtype; then, every `ema_overwrite_frequency` updates, `w = average`."""
        averages, variables = self._slots["average"], self._trainable_variables
        if not averages:
            return
        first = int(self.iterations) == 0
        m = torch.tensor(0.0 if first else self.ema_momentum, dtype=variables[0].dtype)
        torch._foreach_mul_(averages, float(m))
        torch._foreach_add_(averages, variables, alpha=float(1 - m))
        frequency = self.ema_overwrite_frequency
        if frequency and (int(self.iterations) + 1) % frequency == 0:
            _overwrite(variables, averages)


def _overwrite(variables, averages) -> None:
    if len(variables) != len(averages):
        raise ValueError(
            f"The length of model variables ({len(variables)}) to override does not match "
            f"the length of model variables stored in the optimizer ({len(averages)}). "
            "Check that the optimizer was built on this model's trainable weights."
        )
    torch._foreach_copy_(variables, averages)
