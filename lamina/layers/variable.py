"""Layer weights: `torch.nn.Parameter`s that also behave as Keras variables.

`add_weight` returns a `Variable`. It is a `Parameter` (a subclass), so `state_dict`,
`model.parameters()`, torch optimizers, DDP, `torch.compile` and `torch.export` see a
plain parameter; and it has Keras's variable API: `value`, `assign`, `assign_add`,
`assign_sub`, `numpy()`, `name`, `path`, `trainable`, `regularizer`, `constraint`.

Two deliberate differences from Keras: `dtype` and `shape` are torch's (`torch.float32`,
`torch.Size`, which compares equal to a tuple), because torch itself reads them on every
parameter; `standardize_dtype(v.dtype)` gives Keras's string.
"""

import numpy as np
import torch

from .. import initializers as initializers_module
from .. import regularizers as regularizers_module
from ..naming import unique_name
from ..tensors import standardize_dtype, torch_dtype
from .call_context import STATE

_AGGREGATIONS = (None, "none", "mean", "sum", "only_first_replica")
_META = ("_keras_name", "_path", "_trainable", "regularizer", "constraint", "aggregation",
         "autocast", "overwrite_with_gradient")


class Variable(torch.nn.Parameter):
    """A layer weight with Keras's variable API (see the module docstring).

    Trainable variables are registered on their layer as parameters; non-trainable ones
    (moving statistics, counters) as buffers, with `requires_grad=False`, so they are
    saved in `state_dict` and broadcast by DDP but never handed to an optimizer.
    """

    # Looked up by torch on every op that takes a weight: found here, not two classes up.
    __torch_function__ = torch._C._disabled_torch_function_impl

    def __new__(cls, data, trainable: bool = True, name: str = "variable", path: str | None = None):
        grad = bool(trainable) and (data.is_floating_point() or data.is_complex())
        self = super().__new__(cls, data, grad)
        self._keras_name = name
        self._path = path or name
        self._trainable = bool(trainable)
        self.regularizer = None
        self.constraint = None
        self.aggregation = "none"
        self.autocast = True
        self.overwrite_with_gradient = False
        return self

    # ----------------------------------------------------------------- Keras API
    @property
    def value(self) -> "Variable":
        """The tensor itself: its `.grad` is the gradient after `loss.backward()`."""
        return self

    @property
    def name(self) -> str:
        return self._keras_name

    @property
    def path(self) -> str:
        """`layer_name/weight_name`, with enclosing layers first as in Keras (`model/dense/kernel`)."""
        return self._path

    @property
    def trainable(self) -> bool:
        return self._trainable

    @trainable.setter
    def trainable(self, value: bool) -> None:
        self._trainable = bool(value)
        if self.is_floating_point() or self.is_complex():
            self.requires_grad_(self._trainable)

    def assign(self, value):
        """Copies `value` (same shape; cast to this variable's dtype) into the variable."""
        value = self._converted(value, "assign")
        with torch.no_grad():
            self.copy_(value)
        return value

    def assign_add(self, value):
        with torch.no_grad():
            return self.assign(self + self._converted(value, "assign_add"))

    def assign_sub(self, value):
        with torch.no_grad():
            return self.assign(self - self._converted(value, "assign_sub"))

    def numpy(self, *, force: bool = False) -> np.ndarray:
        """A copy of the value as a numpy array (bfloat16 comes back as float32); `force` is
        torch's argument, accepted for callers that pass it (the copy is always made)."""
        tensor = self.detach()
        if tensor.dtype == torch.bfloat16:
            tensor = tensor.float()
        return tensor.cpu().numpy().copy()

    def __array__(self, dtype=None, copy=None):
        array = self.numpy()
        return array.astype(dtype) if dtype is not None else array

    def __repr__(self):
        value = repr(self.detach()).replace("\n", "\n ")
        dtype = str(self.dtype).removeprefix("torch.")
        return f"<Variable path={self.path}, shape={tuple(self.shape)}, dtype={dtype}, value={value}>"

    # ----------------------------------------------------------------- torch plumbing
    def _converted(self, value, method: str) -> torch.Tensor:
        if isinstance(value, torch.Tensor):
            value = value.detach()
        else:
            value = torch.as_tensor(np.asarray(value))
        value = value.to(device=self.device, dtype=self.dtype)
        if tuple(value.shape) != tuple(self.shape) and method == "assign":
            raise ValueError(
                "The shape of the target variable and the shape of the target value in "
                f"`variable.assign(value)` must match. variable.shape={tuple(self.shape)}, "
                f"Received: value.shape={tuple(value.shape)}. Target variable: {self.path}"
            )
        return value

    def twin(self, data: torch.Tensor) -> "Variable":
        """A Variable holding `data` with this one's name, path, flags and attributes."""
        other = type(self)(data, self._trainable, self._keras_name, self._path)
        for key in _META[3:]:
            setattr(other, key, getattr(self, key))
        other.requires_grad_(self.requires_grad)
        return other

    def __deepcopy__(self, memo):
        if id(self) not in memo:
            memo[id(self)] = self.twin(self.data.clone(memory_format=torch.preserve_format))
        return memo[id(self)]

    def __reduce_ex__(self, protocol):
        state = {key: getattr(self, key) for key in _META}
        return (_rebuild, (self.data, self.requires_grad, state))


def _rebuild(data, requires_grad, state):
    variable = Variable(data, state["_trainable"], state["_keras_name"], state["_path"])
    for key, value in state.items():
        setattr(variable, key, value)
    variable.requires_grad_(requires_grad)
    return variable


def weight_arguments(layer, args, shape, initializer, dtype, name):
    """Keras 3's `add_weight(shape, initializer, dtype)` positional forms, plus Lamina's
    older `add_weight(name, shape, initializer)` (a string first means a name)."""
    args = list(args)
    if args and isinstance(args[0], str):
        if name is not None:
            raise ValueError(f"Layer '{layer.name}': `name` was passed both positionally and by keyword.")
        name = args.pop(0)
    if len(args) > 3:
        raise TypeError(f"add_weight() takes at most 3 positional arguments but {len(args)} were given.")
    given = dict(zip(("shape", "initializer", "dtype"), args))
    keywords = {"shape": shape, "initializer": initializer, "dtype": dtype}
    for key, value in given.items():
        if keywords[key] is not None:
            raise ValueError(f"`{key}` was passed both positionally and as a keyword argument.")
        keywords[key] = value
    return keywords["shape"], keywords["initializer"], keywords["dtype"], name


def create_variable(layer, shape, initializer, dtype, trainable, name, regularizer,
                    constraint, aggregation, autocast, overwrite_with_gradient,
                    memory_order=None) -> Variable:
    """Builds the initial value (on the layer's build device) and wraps it in a Variable."""
    if name is not None and (not isinstance(name, str) or "/" in name or not name):
        raise ValueError(
            f"Argument `name` must be a non-empty string and cannot contain character `/`. Received: name={name!r}"
        )
    if aggregation not in _AGGREGATIONS:
        raise ValueError(
            "Invalid value for argument `aggregation`. Expected one of `None`, `'none'`, `'mean'`, "
            f"`'sum'`, `'only_first_replica'`. Received: aggregation={aggregation!r}"
        )
    name = name or unique_name("variable")
    shape = () if shape is None else shape
    shape = (shape,) if isinstance(shape, int) else tuple(shape)
    if any(d is None for d in shape):
        raise ValueError(
            f"Layer '{layer.name}' ({type(layer).__name__}) cannot create its weight '{name}': shapes "
            "used to initialize weights must be fully defined (no `None` dimensions). "
            f"Received: shape={shape}."
        )
    dtype = standardize_dtype(dtype) if dtype is not None else layer.dtype
    if initializer is None:
        initializer = "glorot_uniform" if "float" in dtype else "zeros"
    try:
        value = _initial_value(initializer, tuple(int(d) for d in shape), dtype)
    except (RuntimeError, MemoryError, OverflowError) as error:  # a size no device can hold
        raise ValueError(
            f"Layer '{layer.name}' ({type(layer).__name__}) could not allocate its weight '{name}' "
            f"of shape {shape} ({dtype}): {type(error).__name__}: {str(error)[:200]}. Check the "
            "layer's size arguments."
        ) from None
    if memory_order is not None:
        inverse = sorted(range(len(memory_order)), key=memory_order.__getitem__)
        value = value.permute(memory_order).contiguous().permute(inverse)
    if layer._build_device is not None:
        value = value.to(layer._build_device)
    scope = [running.name for running, _ in STATE.frames]
    if not STATE.frames or STATE.frames[-1][0] is not layer:
        scope.append(layer.name)
    path = "/".join([*scope, name])
    variable = Variable(value, trainable and layer._trainable, name, path)
    variable.regularizer = regularizers_module.get(regularizer)
    variable.constraint = constraint
    variable.aggregation = aggregation or "none"
    variable.autocast = bool(autocast)
    variable.overwrite_with_gradient = bool(overwrite_with_gradient)
    return variable


def _initial_value(initializer, shape, dtype) -> torch.Tensor:
    if isinstance(initializer, (torch.Tensor, np.ndarray)) or (
        not isinstance(initializer, str) and not callable(initializer)
    ):
        value = torch.as_tensor(np.asarray(initializer) if not isinstance(initializer, torch.Tensor) else initializer)
        if tuple(value.shape) != shape:
            raise ValueError(f"The initial value has shape {tuple(value.shape)}, but the weight's shape is {shape}.")
        return value.to(torch_dtype(dtype)).clone()
    init = initializers_module.get(initializer)
    return init(shape, dtype=torch_dtype(dtype))


def meta_twin(tensor: torch.Tensor) -> torch.Tensor:
    """A meta-device stand-in with `tensor`'s shape, dtype and (for variables) metadata."""
    data = torch.empty_like(tensor, device="meta")
    if isinstance(tensor, Variable):
        return tensor.twin(data)
    if isinstance(tensor, torch.nn.Parameter):
        return torch.nn.Parameter(data, tensor.requires_grad)
    return data
