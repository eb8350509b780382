"""Reading and writing an optimizer's state: `set_weights`, Keras's saving store, and
torch-style `state_dict`; every write checks counts and shapes before touching a tensor."""

import warnings
from collections.abc import Mapping, Sequence

import numpy as np
import torch


class StateMixin:
    """Mixed into `Optimizer`; relies on its `variables`, `_iterations`, `_learning_rate`
    and `_ordered_slots()`."""

    def set_weights(self, weights: Sequence) -> None:
        """Overwrites `variables` with `weights` (arrays or tensors, same order and shapes)."""
        if not self.built and len(weights) > len(self.variables):
            raise ValueError(
                f"Optimizer '{self.name}' is not built yet, so it has no state to load "
                f"{len(weights)} values into. Call `optimizer.build(trainable_weights)` first."
            )
        self._assign(self.variables, weights)

    def save_own_variables(self, store) -> None:
        """Writes `variables` into `store` under the keys `"0"`, `"1"`, ... (Keras's layout)."""
        for i, variable in enumerate(self.variables):
            store[str(i)] = variable.detach().cpu().numpy()

    def load_own_variables(self, store: Mapping) -> None:
        """Reads `variables` back from a store written by Keras or `save_own_variables`.

        As in Keras, a store with a different number of entries is skipped with a warning.
        """
        variables = self.variables
        if len(store.keys()) != len(variables):
            message = (
                f"Skipping variable loading for optimizer '{self.name}', because it has "
                f"{len(variables)} variables whereas the saved optimizer has "
                f"{len(store.keys())} variables."
            )
            if not self.built:
                message += " This is likely because the optimizer has not been built yet."
            warnings.warn(message, stacklevel=2)
            return
        self._assign(variables, [np.asarray(store[str(i)]) for i in range(len(variables))])

    def state_dict(self) -> dict:
        """The state as a dict of tensors (references, as torch's optimizers return)."""
        return {
            "iterations": self._iterations,
            "learning_rate": None if callable(self._learning_rate) else self._learning_rate,
            "slots": self._ordered_slots(),
        }

    def load_state_dict(self, state_dict: Mapping) -> None:
        """Restores a `state_dict()`; the optimizer must be built on matching weights."""
        targets, values = [self._iterations], [state_dict["iterations"]]
        if state_dict["learning_rate"] is not None and not callable(self._learning_rate):
            targets.append(self._learning_rate)
            values.append(state_dict["learning_rate"])
        self._assign(targets + self._ordered_slots(), values + list(state_dict["slots"]))

    def _assign(self, targets: list[torch.Tensor], values: Sequence) -> None:
        if len(values) != len(targets):
            raise ValueError(
                f"Optimizer '{self.name}' has {len(targets)} state tensors here, but "
                f"{len(values)} values were given. Build the optimizer on the same weights "
                "that the state was saved from."
            )
        values = [v if torch.is_tensor(v) else torch.as_tensor(np.asarray(v)) for v in values]
        for i, (target, value) in enumerate(zip(targets, values)):
            if tuple(value.shape) != tuple(target.shape):
                raise ValueError(
                    f"Optimizer '{self.name}' state tensor {i} has shape "
                    f"{tuple(target.shape)}, but the value given for it has shape "
                    f"{tuple(value.shape)}."
                )
        with torch.no_grad():
            for target, value in zip(targets, values):
                target.copy_(value)
