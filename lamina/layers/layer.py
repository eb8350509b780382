"""The base of every Lamina layer and model: a `torch.nn.Module` that builds itself.

Keras creates weights in `build(input_shape)` once the input shape is known. Lamina does
the same: `Sequential([Input(...), ...])` and functional models build every layer at
construction, from shapes alone; without an `Input`, a layer builds on its first call
from the shape of the data (batch axis left unknown).

Layers start in eval mode (`self.training is False`), so that `layer(x)` is inference as
in Keras. `fit` passes `training=True` explicitly; a hand-written PyTorch loop can call
`model.train()` instead, and `training=None` then follows the module's mode.
"""

import functools
import inspect
import warnings

import numpy as np
import torch

from .. import initializers as initializers_module
from .. import mixed_precision
from .. import regularizers as regularizers_module
from ..naming import to_snake_case, unique_name
from ..shapes import as_shape
from ..tensors import to_numpy, to_tensor, torch_dtype
from .input_spec import check_input_shape
from .symbolic import Node, SymbolicTensor, dtype_name, is_symbolic, shape_of

_LEGACY_SHAPE_KWARGS = ("input_shape", "input_dim", "batch_input_shape", "batch_size")


class Layer(torch.nn.Module):
    """Base class for layers.

    Subclasses override, in this order: `__init__` (normalize and validate arguments),
    `build(input_shape)` (create weights with `add_weight`), `call(inputs, training)`
    (torch compute only), `compute_output_shape(input_shape)` and `get_config()`.

    Args:
        name: unique name; derived from the class name when omitted (`dense_1`).
        trainable: whether the layer's weights are updated by training.
        dtype: the dtype of the weights (`"float32"` by default), or a Keras
            `DTypePolicy` config dict.
    """

    _call_takes_training = True
    # Layers whose compute needs floats (matmul, conv, means) cast integer inputs, which
    # matches Keras, where the ops promote int inputs against float weights.
    _float_inputs = False
    # Merge layers and multi-input models take a list of tensors; other layers read a
    # (nested) list as one array.
    _list_inputs = False

    def __init__(self, *, name: str | None = None, trainable: bool = True, dtype=None, **kwargs):
        super().__init__()
        legacy = {key: kwargs.pop(key) for key in _LEGACY_SHAPE_KWARGS if key in kwargs}
        if kwargs:
            raise ValueError(f"Unrecognized keyword arguments passed to {type(self).__name__}: {kwargs}")
        if name is not None and (not isinstance(name, str) or not name or "/" in name or "." in name):
            raise ValueError(
                f"Layer names must be non-empty strings without '/' or '.'. Received: name={name!r}"
            )
        self.name = name or unique_name(to_snake_case(type(self).__name__))
        self.dtype_policy = mixed_precision.resolve(dtype)  # a policy name: "float32", "mixed_bfloat16", ...
        # Resolved once: forward runs on every call and must stay cheap.
        self._mixed = self.dtype_policy.startswith("mixed_")
        self._cast_dtype = self._torch_dtype  # float inputs are cast to this (see `_apply`)
        self._trainable = bool(trainable)
        self.built = False
        self.input_spec = None
        self._build_input_shape = None
        self._own_weights: list[str] = []  # Keras order: creation order
        self._regularized: list[tuple[str, object]] = []
        self._inbound_nodes: list[Node] = []
        self._build_device = None
        self._batch_shape = _legacy_batch_shape(type(self).__name__, legacy)
        self.train(False)  # Keras semantics: a plain call is inference
        if type(self).build is Layer.build:
            self.built = True  # nothing to create: built at construction, as Keras does

    # ----------------------------------------------------------------- subclass API
    def build(self, input_shape) -> None:
        """Creates the weights for `input_shape` (batch axis `None`)."""

    def call(self, inputs, training: bool = False):
        raise NotImplementedError(f"Layer {type(self).__name__} does not implement `call()`.")

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        return {
            "name": self.name,
            "trainable": self.trainable,
            "dtype": {
                "module": "keras",
                "class_name": "DTypePolicy",
                "config": {"name": self.dtype_policy},
                "registered_name": None,
            },
        }

    @classmethod
    def from_config(cls, config: dict):
        return cls(**config)

    # ----------------------------------------------------------------- calling
    def forward(self, inputs, *args, training: bool | None = None, **kwargs):
        if is_symbolic(inputs):
            return self._call_symbolic(inputs, *args, **kwargs)
        inputs = self._standardize(inputs)
        if not self.built:
            device = self._build_device = _device_of(inputs)
            self.build_from_shape(shape_of(inputs))
            if device is not None and device.type != "cpu":
                self.to(device)  # sublayers built from shapes alone start on the CPU
        elif self.input_spec is not None:
            check_input_shape(self.input_spec, tuple(inputs.shape), self)
        if training is None:
            training = self.training
        if self._call_takes_training:
            kwargs["training"] = training
        if self._mixed:
            device_type = _device_of(inputs).type
            if not torch.is_autocast_enabled(device_type):
                # The outermost mixed-precision layer opens autocast; layers inside inherit it.
                compute = mixed_precision.torch_compute_dtype(self.dtype_policy)
                with torch.autocast(device_type, dtype=compute):
                    return self.call(inputs, *args, **kwargs)
        return self.call(inputs, *args, **kwargs)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls._call_takes_training = "training" in inspect.signature(cls.call).parameters
        if "build" in cls.__dict__:
            cls.build = _marks_built(cls.__dict__["build"])

    def build_from_shape(self, input_shape) -> None:
        """Checks `input_shape` against the input spec, then builds (once)."""
        if self.input_spec is not None and not isinstance(input_shape, list):
            check_input_shape(self.input_spec, input_shape, self)
        self.build(input_shape)
        self._build_device = None

    def _standardize(self, inputs):
        if isinstance(inputs, dict):
            return {key: self._standardize(x) for key, x in inputs.items()}
        if isinstance(inputs, (list, tuple)) and (self._list_inputs or _holds_tensors(inputs)):
            return [self._standardize(x) for x in inputs]
        x = inputs if isinstance(inputs, torch.Tensor) else to_tensor(inputs)
        # Keras casts float inputs to the layer's dtype; under autocast, torch decides.
        target = self._cast_dtype
        if x.dtype != target and not torch.is_autocast_enabled(x.device.type) and (
            x.is_floating_point() or (self._float_inputs and x.dtype != torch.bool)
        ):
            x = x.to(target)
        return x

    def _apply(self, fn, recurse=True):
        # `.double()`, `.to(torch.float64)` ...: torch users expect the module to compute in
        # the new dtype, so inputs follow the weights from then on.
        result = super()._apply(fn, recurse)
        dtype = next((t.dtype for t in self.parameters() if t.is_floating_point()), None)
        if dtype is not None:
            for module in self.modules():
                if isinstance(module, Layer):
                    module._cast_dtype = dtype
        return result

    def _call_symbolic(self, inputs, *args, **kwargs):
        shape = shape_of(inputs)
        if not self.built:
            self.build_from_shape(shape)
        elif self.input_spec is not None and not isinstance(shape, list):
            check_input_shape(self.input_spec, shape, self)
        out_shape = self.compute_output_shape(shape)
        in_dtype = dtype_name(inputs[0] if isinstance(inputs, (list, tuple)) else inputs)
        out_dtype = self.compute_dtype if in_dtype.startswith(("float", "bfloat")) else in_dtype
        shapes = out_shape if isinstance(out_shape, list) else [out_shape]
        outputs = [SymbolicTensor(s, out_dtype) for s in shapes]
        node = Node(self, inputs, outputs)
        for i, tensor in enumerate(outputs):
            tensor.node, tensor.index = node, i
        self._inbound_nodes.append(node)
        return outputs if isinstance(out_shape, list) else outputs[0]

    @property
    def output(self):
        """The symbolic output of this layer's first call in a model (`.shape` has `None` batch)."""
        if not self._inbound_nodes:
            raise AttributeError(
                f"Layer '{self.name}' has never been called on a symbolic input, so it has no "
                "defined output. Build the model from `Input(...)` first."
            )
        outputs = self._inbound_nodes[0].outputs
        return outputs[0] if len(outputs) == 1 else outputs

    @property
    def input(self):
        if not self._inbound_nodes:
            raise AttributeError(f"Layer '{self.name}' has never been called and has no defined input.")
        return self._inbound_nodes[0].inputs

    # ----------------------------------------------------------------- weights
    def add_weight(
        self,
        name: str,
        shape,
        initializer="glorot_uniform",
        trainable: bool = True,
        regularizer=None,
        dtype=None,
        memory_order: tuple[int, ...] | None = None,
    ) -> torch.Tensor:
        """Creates a weight in the Keras layout and registers it under `name`.

        Trainable weights become `nn.Parameter`s; non-trainable ones (BatchNormalization's
        moving statistics) become buffers, so `state_dict` and DDP carry both.

        `memory_order` stores the weight's axes in another order in memory while its shape
        stays Keras's: Dense keeps its `(in, units)` kernel as `(units, in)` in memory, which
        is what the matmul kernels read fastest. Gradients and optimizer state follow the
        same strides; `get_weights` and saving see plain Keras arrays.
        """
        shape = tuple(int(d) if d is not None else None for d in shape)
        if any(d is None for d in shape):
            raise ValueError(
                f"Layer '{self.name}' ({type(self).__name__}) cannot create its weight '{name}': "
                f"shapes used to initialize weights must be fully defined (no `None` dimensions). "
                f"Received: shape={shape}."
            )
        init = initializers_module.get(initializer)
        value = init(shape, dtype=torch_dtype(dtype or self.dtype))
        if memory_order is not None:
            inverse = sorted(range(len(memory_order)), key=memory_order.__getitem__)
            value = value.permute(memory_order).contiguous().permute(inverse)
        if self._build_device is not None:
            value = value.to(self._build_device)
        if trainable:
            self.register_parameter(name, torch.nn.Parameter(value, requires_grad=self._trainable))
        else:
            self.register_buffer(name, value)
        self._own_weights.append(name)
        if regularizer is not None:
            self._regularized.append((name, regularizers_module.get(regularizer)))
        return getattr(self, name)

    def _sublayers(self) -> list["Layer"]:
        return [m for m in self.children() if isinstance(m, Layer)]

    def _own(self, trainable: bool | None):
        tensors = [getattr(self, name) for name in self._own_weights]
        if trainable is None:
            return tensors
        return [t for t in tensors if isinstance(t, torch.nn.Parameter) == trainable]

    @property
    def weights(self) -> list[torch.Tensor]:
        """All weights in Keras order: per layer, trainable then non-trainable."""
        own = self._own(True) + self._own(False)
        return own + [w for layer in self._sublayers() for w in layer.weights]

    @property
    def trainable_weights(self) -> list[torch.Tensor]:
        if not self.trainable:
            return []
        return self._own(True) + [w for layer in self._sublayers() for w in layer.trainable_weights]

    @property
    def non_trainable_weights(self) -> list[torch.Tensor]:
        if not self.trainable:
            return self.weights
        own = self._own(False)
        return own + [w for layer in self._sublayers() for w in layer.non_trainable_weights]

    @property
    def trainable(self) -> bool:
        return self._trainable

    @trainable.setter
    def trainable(self, value: bool) -> None:
        self._trainable = bool(value)
        for name in self._own_weights:
            weight = getattr(self, name)
            if isinstance(weight, torch.nn.Parameter):
                weight.requires_grad_(self._trainable)
        for layer in self._sublayers():
            layer.trainable = value

    @property
    def losses(self) -> list[torch.Tensor]:
        """Regularization penalties of this layer and its sublayers, added to the loss by `fit`."""
        # `fit` reads this every step: one walk over the modules, nothing built when no
        # layer has a regularizer.
        return [
            reg(getattr(layer, name))
            for layer in self.modules()
            if isinstance(layer, Layer) and layer._regularized and layer.trainable
            for name, reg in layer._regularized
        ]

    def get_weights(self) -> list[np.ndarray]:
        """The weights as numpy arrays, in Keras order and layout."""
        return [to_numpy(w) for w in self.weights]

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
        return int(sum(w.numel() for w in self.weights))

    # ----------------------------------------------------------------- misc
    @property
    def dtype(self) -> str:
        """The dtype of the weights (float32 under a mixed policy)."""
        return mixed_precision.DTypePolicy(self.dtype_policy).variable_dtype

    @property
    def compute_dtype(self) -> str:
        """The dtype the layer computes in (float16/bfloat16 under a mixed policy)."""
        return mixed_precision.DTypePolicy(self.dtype_policy).compute_dtype

    @property
    def _torch_dtype(self) -> torch.dtype:
        return torch_dtype(self.dtype)

    def get_build_config(self):
        if self._build_input_shape is None:
            return None
        return {"input_shape": _jsonable_shape(self._build_input_shape)}

    def extra_repr(self) -> str:
        return f"name={self.name!r}"


def _marks_built(build):
    """Wraps a subclass's `build` so that calling it directly (`layer.build(shape)`, as Keras
    users do) also marks the layer built and records the shape, as Keras's decorator does."""

    @functools.wraps(build)
    def wrapper(self, input_shape=None, *args, **kwargs):
        build(self, input_shape, *args, **kwargs)
        self.built = True
        self._build_input_shape = input_shape

    return wrapper


def _holds_tensors(items) -> bool:
    return any(isinstance(x, (torch.Tensor, np.ndarray, dict)) for x in items)


def _legacy_batch_shape(class_name: str, legacy: dict):
    """Keras still accepts `input_shape=` on a first layer; Sequential turns it into an Input."""
    if not legacy:
        return None
    warnings.warn(
        f"Do not pass an `input_shape`/`input_dim` argument to a layer ({class_name}). When using "
        "Sequential models, prefer using an `Input(shape)` object as the first layer in the model "
        "instead.",
        UserWarning,
        stacklevel=4,
    )
    if "batch_input_shape" in legacy:
        return as_shape(legacy["batch_input_shape"], "batch_input_shape")
    if "input_shape" in legacy:
        shape = as_shape(legacy["input_shape"], "input_shape")
    elif "input_dim" in legacy:
        shape = (int(legacy["input_dim"]),)
    else:
        return None
    return (legacy.get("batch_size"), *shape)


def _device_of(inputs):
    while isinstance(inputs, (list, tuple, dict)):
        inputs = next(iter(inputs.values())) if isinstance(inputs, dict) else inputs[0]
    return inputs.device if isinstance(inputs, torch.Tensor) else torch.device("cpu")


def _jsonable_shape(shape):
    if isinstance(shape, list):
        return [_jsonable_shape(s) for s in shape]
    return list(shape)
