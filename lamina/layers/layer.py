"""The base of every Lamina layer and model: a `torch.nn.Module` that builds itself.

Keras creates weights in `build(input_shape)` once the input shape is known. Lamina does
the same: `Sequential([Input(...), ...])` and functional models build every layer at
construction, from shapes alone; without an `Input`, a layer builds on its first call
from the shape of the data (batch axis left unknown), once, under a lock.

Layers start in eval mode (`self.training is False`), so that `layer(x)` is inference as
in Keras. A call's `training` comes from its argument, else from the enclosing layer call
(per thread, see `call_context.py`), else from the module's mode: a hand-written PyTorch
loop can call `model.train()`.
"""

import functools
import inspect

import numpy as np
import torch

from .. import mixed_precision
from .. import regularizers as regularizers_module
from ..naming import to_snake_case, unique_name
from ..tensors import is_text, to_tensor, torch_dtype
from . import layer_config
from .call_context import BUILD_LOCK, LOSSES_HELD, STATE, get_mask, set_mask, traced
from .input_spec import check_input_shape
from .layer_losses import LayerLosses
from .layer_weights import LayerWeights
from .symbolic import SymbolicTensor, any_symbolic, is_symbolic, meta_weights, shape_of
from .symbolic_call import call_symbolic, mask_warning


class Layer(LayerWeights, LayerLosses, torch.nn.Module):
    """Base class for layers.

    Subclasses override, in this order: `__init__` (normalize and validate arguments),
    `build(input_shape)` (create weights with `add_weight`), `call(inputs, training)`
    (torch compute only), `compute_output_shape(input_shape)` and `get_config()`.

    Args:
        name: unique name; derived from the class name when omitted (`dense_1`).
        trainable: whether the layer's weights are updated by training.
        dtype: the dtype of the weights (`"float32"` by default), or a Keras
            `DTypePolicy` config dict.
        activity_regularizer: optional penalty on the outputs, added to `losses` at
            each call (divided by the batch size, as in Keras).
        autocast: accepted for Keras compatibility (mixed precision uses torch.autocast).
    """

    _call_takes_training = True
    _call_takes_mask = False
    _first_arg = "inputs"
    _shape_passed = None  # (input_spec, shape) of the last call that passed the spec check
    _computes_mask = False  # `compute_mask` overridden: supports masking by default (Keras)
    _traces_output_shape = False  # no `compute_output_shape`: traced on meta tensors
    # Layers whose compute needs floats (matmul, conv, means) cast integer and bool inputs,
    # which matches Keras, where the ops promote them against float weights.
    _float_inputs = False
    # Layers whose output is float whatever the input (Embedding's lookups of int ids).
    _float_outputs = False
    # Merge layers and multi-input models take a list of tensors; other layers read a
    # (nested) list as one array.
    _list_inputs = False
    # Text layers (StringLookup, TextVectorization) take numpy str arrays / lists of str as
    # they are: torch has no string tensors.
    _accepts_text = False

    def __init__(self, *, activity_regularizer=None, trainable: bool = True, dtype=None,
                 autocast: bool = True, name: str | None = None, **kwargs):
        super().__init__()
        legacy = {key: kwargs.pop(key) for key in layer_config.LEGACY_SHAPE_KWARGS if key in kwargs}
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
        self.activity_regularizer = regularizers_module.get(activity_regularizer)
        self.autocast = bool(autocast)
        self.built = False
        self.input_spec = None
        self._build_input_shape = None
        self._own_weights: list[str] = []  # registration keys, in creation (Keras) order
        self._regularized: list[str] = []
        self._losses: list[torch.Tensor] = []
        self._inbound_nodes = []
        self._build_device = None
        self.__dict__.setdefault("_supports_masking", self._computes_mask)
        self._batch_shape = layer_config.legacy_batch_shape(type(self).__name__, legacy)
        self.train(False)  # Keras semantics: a plain call is inference
        if type(self).build is Layer.build:
            self.built = True  # nothing to create: built at construction, as Keras does

    # ----------------------------------------------------------------- subclass API
    def build(self, input_shape) -> None:
        """Creates the weights for `input_shape` (batch axis `None`)."""

    def call(self, inputs, training: bool = False):
        raise NotImplementedError(f"Layer {type(self).__name__} does not implement `call()`.")

    def compute_output_shape(self, input_shape):
        """Lamina's own layers keep the input shape unless they say otherwise; a user's
        layer without this method is traced on meta tensors, as Keras traces it."""
        if not self._traces_output_shape:
            return input_shape
        inputs = [SymbolicTensor(s) for s in input_shape] if isinstance(input_shape, list) else SymbolicTensor(input_shape)
        outputs = call_symbolic(self, inputs, (), {}, None, record=False)
        return [o.shape for o in outputs] if isinstance(outputs, list) else outputs.shape

    def compute_mask(self, inputs, mask=None):
        """The mask of the outputs; by default the input's mask passes through unchanged."""
        return mask

    def get_config(self) -> dict:
        config = {
            **layer_config.auto_config(self),
            "trainable": self.trainable,
            "dtype": {
                "module": "keras",
                "class_name": "DTypePolicy",
                "config": {"name": self.dtype_policy},
                "registered_name": None,
            },
        }
        if self.activity_regularizer is not None:
            config["activity_regularizer"] = regularizers_module.serialize(self.activity_regularizer)
        return config

    get_config._is_default = True

    @classmethod
    def from_config(cls, config: dict):
        return cls(**config)

    # ----------------------------------------------------------------- calling
    def forward(self, inputs=None, *args, **kwargs):
        # `inputs` stays a named first parameter: torch.export matches `dynamic_shapes` to it.
        if inputs is None:
            if self._first_arg not in kwargs:
                raise TypeError(f"Layer '{self.name}' was called without an input tensor (`{self._first_arg}`).")
            inputs = kwargs.pop(self._first_arg)
        training = kwargs.pop("training", None)
        if type(inputs) is not torch.Tensor and is_symbolic(inputs) or (
            (args or kwargs) and any_symbolic(args, kwargs)
        ):
            return call_symbolic(self, inputs, args, kwargs, training)
        # A tensor already in the layer's dtype (the usual case) needs no standardizing.
        if type(inputs) is not torch.Tensor or inputs.dtype is not self._cast_dtype:
            inputs = self._standardize(inputs)
        if args:
            args = tuple(self._standardize(a) if isinstance(a, (torch.Tensor, np.ndarray)) else a for a in args)
        if kwargs:
            for key, value in kwargs.items():
                if isinstance(value, np.ndarray):
                    kwargs[key] = self._standardize(value)
        meta = inputs.is_meta if type(inputs) is torch.Tensor else _is_meta(inputs)
        if not self.built:
            self._build_on_first_call(inputs, meta)
        elif self.input_spec is not None:
            self._check_input(inputs)
        frames = STATE.frames  # (layer, training) of the running calls, outermost first
        if frames:
            outer = frames[-1][1]
        else:
            outer = None
            if LOSSES_HELD[0]:
                self._clear_losses()  # a new outermost call: Keras forgets the last call's losses
        if training is None:
            training = outer if outer is not None else self.training
        if self._call_takes_training:
            kwargs["training"] = training
        previous = kwargs.get("mask") if self._call_takes_mask else kwargs.pop("mask", None)
        if previous is None:
            previous = getattr(inputs, "_keras_mask", None) if type(inputs) is torch.Tensor else get_mask(inputs)
            if previous is not None and self._call_takes_mask:
                kwargs["mask"] = previous
        frames.append((self, training))
        try:
            if meta:  # shapes only: the weights are swapped for meta twins, never copied out
                with meta_weights(self):
                    outputs = self._call_in_policy(inputs, args, kwargs)
            elif self._mixed:
                outputs = self._call_in_policy(inputs, args, kwargs)
            else:
                outputs = self.call(inputs, *args, **kwargs)
        finally:
            frames.pop()
        if self.activity_regularizer is not None:
            self._add_activity_loss(outputs)
        if previous is not None or self._computes_mask:
            self._attach_mask(inputs, outputs, previous)
        return outputs

    def _check_input(self, inputs) -> None:
        # The last shape that passed is remembered with its spec: calls in a loop check once.
        spec, shape = self.input_spec, inputs.shape
        if traced():
            check_input_shape(spec, tuple(shape), self)
            return
        if self._shape_passed is not None and self._shape_passed[0] is spec and self._shape_passed[1] == shape:
            return
        check_input_shape(spec, tuple(shape), self)
        self.__dict__["_shape_passed"] = (spec, shape)

    def _call_in_policy(self, inputs, args, kwargs):
        if self._mixed:
            device_type = _device_of(inputs).type
            if not torch.is_autocast_enabled(device_type):
                # The outermost mixed-precision layer opens autocast; layers inside inherit it.
                compute = mixed_precision.torch_compute_dtype(self.dtype_policy)
                with torch.autocast(device_type, dtype=compute):
                    return self.call(inputs, *args, **kwargs)
        return self.call(inputs, *args, **kwargs)

    def _build_on_first_call(self, inputs, meta: bool) -> None:
        with BUILD_LOCK:  # four threads making the first call build one set of weights
            if self.built:
                return
            device = _device_of(inputs)
            # Meta inputs ask for shapes only: the weights are built for real, on the CPU.
            self._build_device = None if meta or device.type == "cpu" else device
            self.build_from_shape(shape_of(inputs))
            if device.type not in ("cpu", "meta"):
                self.to(device)  # sublayers built from shapes alone start on the CPU

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        parameters = inspect.signature(cls.call).parameters
        names = list(parameters)[1:]
        cls._call_takes_training = "training" in parameters
        cls._call_takes_mask = "mask" in parameters
        if names and parameters[names[0]].kind in (inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                                   inspect.Parameter.KEYWORD_ONLY):
            cls._first_arg = names[0]
        cls._computes_mask = cls.compute_mask is not Layer.compute_mask
        cls._traces_output_shape = (
            cls.compute_output_shape is Layer.compute_output_shape and not cls.__module__.startswith("lamina.")
        )
        if "build" in cls.__dict__:
            cls.build = _marks_built(cls.__dict__["build"])
        if "__init__" in cls.__dict__:
            cls.__init__ = layer_config.records_init_args(cls.__dict__["__init__"])

    def build_from_shape(self, input_shape) -> None:
        """Checks `input_shape` against the input spec, then builds (once)."""
        if self.input_spec is not None and not isinstance(input_shape, list):
            check_input_shape(self.input_spec, input_shape, self)
        with BUILD_LOCK:
            self.build(input_shape)
        self._build_device = None

    def _standardize(self, inputs):
        if isinstance(inputs, dict):
            return {key: self._standardize(x) for key, x in inputs.items()}
        if isinstance(inputs, (list, tuple)) and (self._list_inputs or _holds_tensors(inputs)):
            return [self._standardize(x) for x in inputs]
        if self._accepts_text and is_text(inputs):
            return inputs  # strings stay numpy arrays / lists: the text layer converts them
        x = inputs if isinstance(inputs, torch.Tensor) else to_tensor(inputs)
        if x.is_complex():
            raise TypeError(
                f"Layer '{self.name}' ({type(self).__name__}) received a complex tensor (dtype "
                f"{x.dtype}, shape {tuple(x.shape)}); Lamina layers compute on real numbers. "
                "Pass `x.real` and `x.imag` as real inputs."
            )
        # Keras casts float inputs to the layer's dtype; under autocast, torch decides.
        target = self._cast_dtype
        if x.dtype != target and (x.is_floating_point() or self._float_inputs) and not torch.is_autocast_enabled(
            x.device.type
        ):
            mask = getattr(x, "_keras_mask", None)
            x = x.to(target)
            if mask is not None:
                x._keras_mask = mask
        return x

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

    # ----------------------------------------------------------------- masks
    @property
    def supports_masking(self) -> bool:
        """Whether the layer passes (or computes) a mask for its outputs."""
        return self._supports_masking

    @supports_masking.setter
    def supports_masking(self, value: bool) -> None:
        self.__dict__["_supports_masking"] = bool(value)

    def _attach_mask(self, inputs, outputs, previous) -> None:
        if self.supports_masking:
            if not isinstance(outputs, (list, tuple)) or get_mask(outputs) is None:
                set_mask(outputs, self.compute_mask(inputs, previous))
        elif previous is not None:
            mask_warning(self)

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
        return {"input_shape": layer_config.jsonable_shape(self._build_input_shape)}

    def extra_repr(self) -> str:
        return f"name={self.name!r}"


Layer.__init__ = layer_config.records_init_args(Layer.__init__)


def _marks_built(build):
    """Wraps a subclass's `build` so that calling it directly (`layer.build(shape)`, as Keras
    users do) also marks the layer built and records the shape, as Keras's decorator does;
    the weights it creates get `layer/weight` paths under the running layers' names."""

    @functools.wraps(build)
    def wrapper(self, input_shape=None, *args, **kwargs):
        frames = STATE.frames
        pushed = not frames or frames[-1][0] is not self
        if pushed:
            frames.append((self, frames[-1][1] if frames else None))
        try:
            build(self, input_shape, *args, **kwargs)
        finally:
            if pushed:
                frames.pop()
        self.built = True
        self._build_input_shape = input_shape

    return wrapper


def _holds_tensors(items) -> bool:
    return any(isinstance(x, (torch.Tensor, np.ndarray, dict)) for x in items)


def _is_meta(inputs) -> bool:
    while isinstance(inputs, (list, tuple, dict)) and inputs:
        inputs = next(iter(inputs.values())) if isinstance(inputs, dict) else inputs[0]
    return isinstance(inputs, torch.Tensor) and inputs.is_meta


def _device_of(inputs):
    while isinstance(inputs, (list, tuple, dict)):
        inputs = next(iter(inputs.values())) if isinstance(inputs, dict) else inputs[0]
    return inputs.device if isinstance(inputs, torch.Tensor) else torch.device("cpu")

