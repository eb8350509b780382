"""Which variables decoupled weight decay applies to: `exclude_from_weight_decay`."""

import re

import torch


class WeightDecayMixin:
    """Mixed into `Optimizer`; relies on its `built`, `weight_decay` and `_current_learning_rate`."""

    def exclude_from_weight_decay(self, var_list=None, var_names=None) -> None:
        """Leaves some variables out of weight decay; call it before the optimizer is built.

        Args:
            var_list: Variables (tensors) to exclude.
            var_names: Strings; a variable whose `name` contains any of them (as a regular
                expression search) is excluded, e.g. `var_names=["bias"]`.
        """
        if self.built:
            raise ValueError(
                f"`exclude_from_weight_decay()` can only be configured before optimizer "
                f"'{self.name}' is built. Call it before `build()` or the first step."
            )
        self._excluded_ids = {id(variable) for variable in var_list or ()}
        self._excluded_pattern = re.compile("|".join(set(var_names))) if var_names else None

    def _use_weight_decay(self, variable: torch.Tensor) -> bool:
        if id(variable) in getattr(self, "_excluded_ids", ()):
            return False
        pattern = getattr(self, "_excluded_pattern", None)
        name = getattr(variable, "name", None)
        return not (pattern is not None and isinstance(name, str) and pattern.search(name))

    def _apply_weight_decay(self, variables: list[torch.Tensor], lr: torch.Tensor) -> None:
        if self.weight_decay is None:
            return
        decayed = [v for v in variables if self._use_weight_decay(v)]
        if decayed:
            # Keras forms the factor from the float32 learning rate; do the same so the
            # decayed weights match it to the last bit.
            torch._foreach_mul_(decayed, float(1 - self.weight_decay * lr))
