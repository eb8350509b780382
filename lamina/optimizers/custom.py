"""Keras's API for writing an optimizer: `build` with `add_variable*`, then
`update_step(gradient, variable, learning_rate)` with `assign*` (the subclassing guide)."""

import torch

from lamina import config


def _initial(initializer, shape, dtype) -> torch.Tensor:
    """A tensor from "zeros", "ones", a number, a `Constant`-like object, or a callable."""
    if isinstance(initializer, str) and initializer.lower() in ("zeros", "ones"):
        return (torch.zeros if initializer.lower() == "zeros" else torch.ones)(shape, dtype=dtype)
    if isinstance(initializer, (int, float)):
        return torch.full(shape, float(initializer), dtype=dtype)
    if hasattr(initializer, "value") and not callable(initializer.value):
        return torch.full(shape, float(initializer.value), dtype=dtype)
    if callable(initializer):
        return torch.as_tensor(initializer(shape, dtype=dtype), dtype=dtype).clone()
    raise ValueError(
        "An optimizer variable's `initializer` must be 'zeros', 'ones', a number or a "
        f"callable `f(shape, dtype)`. Received: initializer={initializer!r}"
    )


class CustomOptimizerMixin:
    """Mixed into `Optimizer`. Variables made with `add_variable*` are saved after the
    built-in state, in creation order, as Keras saves them."""

    def add_variable(self, shape, initializer="zeros", dtype=None, aggregation="none",
                     layout=None, name=None) -> torch.Tensor:
        """A new optimizer state tensor of `shape` (dtype defaults to floatx)."""
        dtype = getattr(torch, dtype or config.floatx()) if not isinstance(dtype, torch.dtype) else dtype
        variable = _initial(initializer, tuple(shape), dtype)
        self.__dict__.setdefault("_custom_variables", []).append(variable)
        return variable

    def add_variable_from_reference(self, reference_variable, name=None, initializer="zeros"):
        """A new state tensor with the shape, dtype and device of `reference_variable`."""
        variable = self.add_variable(
            reference_variable.shape, initializer, reference_variable.dtype, name=name
        )
        variable.data = variable.data.to(reference_variable.device)
        return variable

    def add_optimizer_variables(self, trainable_variables, name, initializer="zeros"):
        """One state tensor per variable for each name in `name` (a string or a list, then
        interleaved per variable and returned as a tuple of lists)."""
        names = [name] if isinstance(name, str) else list(name)
        inits = initializer if isinstance(initializer, (list, tuple)) else [initializer] * len(names)
        if len(names) != len(inits):
            raise ValueError(
                "The number of provided names must match the number of provided "
                f"initializers. Received name='{name}', initializer='{initializer}'"
            )
        lists = [[] for _ in names]
        for variable in trainable_variables:
            for created, n, init in zip(lists, names, inits):
                created.append(self.add_variable_from_reference(variable, n, init))
        return lists[0] if isinstance(name, str) else tuple(lists)

    def assign(self, variable, value) -> None:
        variable.copy_(torch.as_tensor(value, dtype=variable.dtype))

    def assign_add(self, variable, value) -> None:
        variable.add_(torch.as_tensor(value, dtype=variable.dtype))

    def assign_sub(self, variable, value) -> None:
        variable.sub_(torch.as_tensor(value, dtype=variable.dtype))

    def _get_variable_index(self, variable) -> int:
        return self._index[id(variable)]

    def update_step(self, gradient, variable, learning_rate) -> None:
        """Updates one built `variable` from `gradient` (Keras's per-variable entry point;
        no clipping, weight decay or iteration increment)."""
        i = self._get_variable_index(variable)
        slots = {name: [s[i]] for name, s in self._slots.items()}
        with torch.no_grad():
            self._update_step([gradient], [variable], slots, float(learning_rate))

    def _update_step(self, grads, variables, slots, lr: float) -> None:
        """Calls a Keras-style `update_step(gradient, variable, learning_rate)` per variable."""
        if type(self).update_step is CustomOptimizerMixin.update_step:
            raise NotImplementedError(
                f"{type(self).__name__} defines no update rule: implement "
                "`update_step(self, gradient, variable, learning_rate)`."
            )
        rate = torch.tensor(lr, dtype=getattr(torch, config.floatx()))
        for grad, variable in zip(grads, variables):
            self.update_step(grad, variable, rate)
