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
            "slots": self._ordered_slots() + self._extra_variables(),
        }

    def load_state_dict(self, state_dict: Mapping) -> None:
        """Restores a `state_dict()`; the optimizer must be built on matching weights."""
        targets, values = [self._iterations], [state_dict["iterations"]]
        if state_dict["learning_rate"] is not None and not callable(self._learning_rate):
            targets.append(self._learning_rate)
            values.append(state_dict["learning_rate"])
        slots = self._ordered_slots() + self._extra_variables()
        self._assign(targets + slots, values + list(state_dict["slots"]))

    def stateless_apply(self, optimizer_variables, grads, trainable_variables):
        """One step on copies: returns `(new trainable variables, new optimizer variables)`
        computed from the given values, leaving the optimizer and the weights unchanged."""
        if not self.built:
            raise ValueError(
                f"To call `stateless_apply`, optimizer '{self.name}' must be built. Call "
                "`optimizer.build(trainable_variables)` first."
            )
        weights = self._trainable_variables
        saved = [v.detach().clone() for v in self.variables]
        saved_weights = [w.detach().clone() for w in weights]
        try:
            self._assign(self.variables, list(optimizer_variables))
            self._assign(weights, [torch.as_tensor(np.asarray(v)) if not torch.is_tensor(v)
                                   else v.detach() for v in trainable_variables])
            with torch.no_grad():
                self.apply(list(grads))
            return ([w.detach().clone() for w in weights],
                    [v.detach().clone() for v in self.variables])
        finally:
            self._assign(self.variables, saved)
            self._assign(weights, saved_weights)

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
