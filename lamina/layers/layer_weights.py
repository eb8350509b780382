"""A layer's weights: Keras variables registered as torch parameters and buffers.

`add_weight` registers each variable on the module (trainable ones as parameters,
non-trainable ones as buffers) under its attribute name, so `state_dict` keys read like
Keras weight paths; the Keras-ordered lists (`weights`, `trainable_weights`, ...) and
`get_weights`/`set_weights` read the same objects.
"""

import numpy as np
import torch

from ..tensors import to_numpy
from .variable import Variable, create_variable, weight_arguments


class LayerWeights:
    """The weight half of `Layer` (a mixin before `torch.nn.Module` in its bases)."""

    def _apply(self, fn, recurse=True):
        # Variables keep their identity across `.to()`, `.double()`, ...: torch replaces
        # buffers (and some parameters) with new tensors, so the old objects take the new data.
        own = [(key, self._parameters.get(key, self._buffers.get(key))) for key in self._own_weights]
        result = super()._apply(fn, recurse)
        for key, variable in own:
            table = self._parameters if key in self._parameters else self._buffers
            new = table.get(key)
            if isinstance(variable, Variable) and new is not variable and new is not None:
                variable.data = new.data
                table[key] = variable
        # `.double()`, `.to(torch.float64)` ...: torch users expect the module to compute in
        # the new dtype, so inputs follow the weights from then on.
        dtype = next((t.dtype for t in self.parameters() if t.is_floating_point()), None)
        if dtype is not None:
            for module in self.modules():
                if hasattr(module, "_cast_dtype"):
                    module._cast_dtype = dtype
        return result

    def __setattr__(self, name, value):
        # `self.w = self.add_weight(...)`: the variable is registered under `w` (its Keras
        # name stays), parameter or buffer as created; torch's setattr would re-register it.
        if isinstance(value, Variable) and "_own_weights" in self.__dict__:
            key = next((k for k in self._own_weights if self._lookup(k) is value), None)
            if key is not None:
                if key != name and name not in self._parameters and name not in self._buffers \
                        and name not in self._modules:
                    self.__dict__.pop(name, None)
                    self._rename_weight(key, name)
                    return
                if key == name:
                    return
        elif isinstance(value, torch.Tensor) and "_own_weights" in self.__dict__ and name in self._own_weights:
            # `load_state_dict(assign=True)` and hand assignments of a plain tensor keep the
            # weight a Variable (same name, path and flags), parameter or buffer as before.
            old = self._lookup(name)
            if isinstance(old, Variable) and not isinstance(value, Variable):
                table = self._parameters if name in self._parameters else self._buffers
                table[name] = old.twin(value.detach())
                return
        super().__setattr__(name, value)

    def _lookup(self, key):
        return self._parameters[key] if key in self._parameters else self._buffers.get(key)

    def _rename_weight(self, old: str, new: str) -> None:
        table = self._parameters if old in self._parameters else self._buffers
        items = [(new if k == old else k, v) for k, v in table.items()]
        table.clear()
        table.update(items)
        self._own_weights = [new if k == old else k for k in self._own_weights]
        self._regularized = [new if k == old else k for k in self._regularized]

    def add_weight(self, *args, shape=None, initializer=None, dtype=None, trainable: bool = True,
                   autocast: bool = True, regularizer=None, constraint=None, aggregation="none",
                   overwrite_with_gradient: bool = False, name: str | None = None,
                   memory_order: tuple[int, ...] | None = None) -> Variable:
        """Creates a weight (a `Variable`, which is a `torch.nn.Parameter`) in Keras layout.

        Keras 3's signature and defaults: `shape` defaults to a scalar, `initializer` to
        `"glorot_uniform"` for float weights and `"zeros"` otherwise, `name` to
        `variable`, `variable_1`, ... Positional `(shape, initializer, dtype)` work, and so
        does Lamina's older `add_weight(name, shape, initializer)`.

        `memory_order` stores the weight's axes in another order in memory while its shape
        stays Keras's: Dense keeps its `(in, units)` kernel as `(units, in)` in memory, which
        is what the matmul kernels read fastest. `get_weights` and saving see Keras arrays.
        """
        shape, initializer, dtype, name = weight_arguments(self, args, shape, initializer, dtype, name)
        variable = create_variable(self, shape, initializer, dtype, trainable, name, regularizer, constraint,
                                   aggregation, autocast, overwrite_with_gradient, memory_order)
        key = _free_key(self, variable.name)
        if trainable:
            self.register_parameter(key, variable)
        else:
            variable.requires_grad_(False)
            self.register_buffer(key, variable)
        self._own_weights.append(key)
        if variable.regularizer is not None:
            self._regularized.append(key)
        return variable

    def add_variable(self, shape, initializer, dtype=None, trainable=True, autocast=True,
                     regularizer=None, constraint=None, name=None) -> Variable:
        """Keras's alias of `add_weight` (used by metrics and custom layers)."""
        return self.add_weight(shape=shape, initializer=initializer, dtype=dtype, trainable=trainable,
                               autocast=autocast, regularizer=regularizer, constraint=constraint, name=name)

    def _sublayers(self) -> list:
        return [m for m in self.children() if isinstance(m, LayerWeights)]

    def _own(self, created_trainable: bool | None):
        """This layer's weights created trainable (parameters) or not (buffers); all of
        them in creation order for `None`."""
        keys = self._own_weights
        if created_trainable is not None:
            keys = [key for key in keys if (key in self._parameters) == created_trainable]
        return [self._lookup(key) for key in keys]

    @property
    def weights(self) -> list[Variable]:
        """All weights in Keras order: per layer, those created trainable then the others,
        then the sublayers'; a weight shared by two sublayers is listed once."""
        weights, seen = [], set()
        for weight in self._own(True) + self._own(False) + [w for layer in self._sublayers() for w in layer.weights]:
            if id(weight) not in seen:
                seen.add(id(weight))
                weights.append(weight)
        return weights

    @property
    def trainable_weights(self) -> list[Variable]:
        if not self.trainable:
            return []
        return [w for w in self.weights if getattr(w, "trainable", True)]

    @property
    def non_trainable_weights(self) -> list[Variable]:
        if not self.trainable:
            return self.weights
        return [w for w in self.weights if not getattr(w, "trainable", True)]

    @property
    def trainable(self) -> bool:
        return self._trainable

    @trainable.setter
    def trainable(self, value: bool) -> None:
        self._trainable = bool(value)
        for key in self._own_weights:
            if key in self._parameters:  # created trainable; moving statistics stay frozen
                weight = self._parameters[key]
                if isinstance(weight, Variable):
                    weight.trainable = self._trainable
                else:
                    weight.requires_grad_(self._trainable)
        for layer in self._sublayers():
            layer.trainable = value

    def get_weights(self) -> list[np.ndarray]:
        """Copies of the weights as numpy arrays, in Keras order and layout (as in Keras, later
        training does not change arrays already returned)."""
        return [np.array(to_numpy(w), copy=True) for w in self.weights]

    def set_weights(self, weights) -> None:
        """Sets the weights from arrays in Keras order and layout (as `get_weights` returns)."""
        targets = self.weights
        weights = list(weights)
        if len(weights) != len(targets):
            raise ValueError(
                f"Layer '{self.name}' expects {len(targets)} weights, but set_weights received "
                f"{len(weights)}. Expected shapes: {[tuple(t.shape) for t in targets]}."
            )
        values = [torch.as_tensor(np.asarray(w)) for w in weights]
        for i, (target, value) in enumerate(zip(targets, values)):
            if tuple(value.shape) != tuple(target.shape):
                raise ValueError(
                    f"Layer '{self.name}' weight {i} has shape {tuple(target.shape)}, but set_weights "
                    f"received an array of shape {tuple(value.shape)}. Nothing was changed."
                )
        with torch.no_grad():
            for target, value in zip(targets, values):
                target.copy_(value)

    def count_params(self) -> int:
        if not self.built:
            raise ValueError(
                f"You tried to call `count_params` on layer '{self.name}', but the layer isn't "
                "built. You can build it manually via: `layer.build(input_shape)`."
            )
        return count_params(self.weights)


def count_params(weights) -> int:
    """The one parameter-count rule: elements of distinct tensors (a weight shared by two
    layers counts once). `count_params`, `summary`, `analysis` and `fit`'s size warning use it."""
    return int(sum({id(w): w.numel() for w in weights}.values()))


def _free_key(layer, name: str) -> str:
    """The attribute name a new weight is registered under: its name when free."""
    key, i = name, 0
    while (not key.isidentifier() or key in layer._parameters or key in layer._buffers
           or key in layer._modules or key in layer.__dict__ or hasattr(type(layer), key)):
        i += 1
        key = f"{name}_{i}"
    return key
