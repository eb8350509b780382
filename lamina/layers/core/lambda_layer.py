"""Lambda: an arbitrary function as a layer, saved the way Keras saves it."""

import builtins
import codecs
import inspect
import marshal
import types

import numpy as np
import torch

from ... import activations
from ... import config as config_module
from ..layer import Layer
from ..symbolic import SymbolicTensor, trace

_LAMBDA = "__lambda__"


class Lambda(Layer):
    """Wraps `function(inputs, **arguments)` as a layer (for quick, weightless steps).

    Saving: a named function is written by name (load it back with
    `custom_objects={name: fn}`; Lamina's activations resolve by their Keras names); a
    Python `lambda` is written as Keras writes it, as marshalled bytecode.

    Loading (`from_config(config, custom_objects=None, safe_mode=True)`): a config holding
    bytecode is refused unless `safe_mode=False`. With `safe_mode=False` the bytecode is
    turned back into a function and run when the layer is called: that trusts the file
    completely (the bytecode can do anything Python can), it only works for files written
    by the same Python minor version, and the function sees only Python's builtins and the
    `custom_objects` as its globals. Nothing else (no pickle, no import) is ever used.

    Args:
        function: the callable; it may take `mask` and `training` keyword arguments.
        output_shape: the output shape without the batch axis (a tuple, or a list of
            tuples for several outputs), or a function of the input shape; when omitted
            the shape is found by running `function` on meta tensors.
        mask: `None`, or a function `(inputs, mask) -> mask`, or a fixed mask.
        arguments: extra keyword arguments passed to `function`.

    Example:

    >>> Lambda(lambda x: x[:, :2])(torch.zeros(4, 5)).shape
    torch.Size([4, 2])
    """

    _from_config_takes_objects = True  # the loader passes `custom_objects` and `safe_mode`

    def __init__(self, function, output_shape=None, mask=None, arguments=None, **kwargs):
        super().__init__(**kwargs)
        if not callable(function):
            raise TypeError(f"Lambda: `function` must be callable. Received: function={function!r}")
        if arguments is not None and not isinstance(arguments, dict):
            raise TypeError(f"Lambda: `arguments` must be a dict. Received: arguments={arguments!r}")
        self.function = function
        self.arguments = dict(arguments or {})
        self.mask = mask
        self.supports_masking = mask is not None
        self._output_shape = _check_output_shape(output_shape)
        parameters = _parameter_names(function)
        self._fn_expects_mask = "mask" in parameters
        self._fn_expects_training = "training" in parameters

    def call(self, inputs, mask=None, training=None):
        kwargs = dict(self.arguments)
        if self._fn_expects_mask:
            kwargs["mask"] = mask
        if self._fn_expects_training:
            kwargs["training"] = training
        try:
            outputs = self.function(inputs, **kwargs)
        except RuntimeError as error:  # torch refusing the data: one error naming the layer
            raise ValueError(f"Lambda layer '{self.name}': the function failed on inputs: {error}") from error
        declared = self._output_shape
        if isinstance(declared, tuple) and isinstance(outputs, torch.Tensor):
            got = tuple(outputs.shape[1:])
            if len(got) != len(declared) or any(d is not None and d != g for d, g in zip(declared, got)):
                raise ValueError(
                    f"Lambda layer '{self.name}' declares `output_shape={declared}` (batch axis excluded), "
                    f"but its function returned shape {tuple(outputs.shape)}. Fix `output_shape`, or omit it."
                )
        return outputs

    def compute_output_shape(self, input_shape):
        if callable(self._output_shape):
            return self._output_shape(input_shape)
        if self._output_shape is not None:
            batch = input_shape[0][0] if isinstance(input_shape, list) else input_shape[0]
            if isinstance(self._output_shape, list):
                return [(batch, *s) for s in self._output_shape]
            return (batch, *self._output_shape)
        many = isinstance(input_shape, list)
        inputs = [SymbolicTensor(s, self.compute_dtype) for s in input_shape] if many else (
            SymbolicTensor(input_shape, self.compute_dtype))
        try:
            outputs = trace(self, lambda x: self.call(x, training=False), inputs)
        except (ValueError, TypeError) as error:
            raise ValueError(
                f"Lambda layer '{self.name}' could not infer the shape of its output by running the "
                f"function on meta tensors ({error}). Pass the `output_shape` argument."
            ) from None
        if isinstance(outputs, (list, tuple)):
            return [o.shape for o in outputs]
        return outputs.shape

    def compute_mask(self, inputs, mask=None):
        if callable(self.mask):
            return self.mask(inputs, mask)
        return self.mask

    def get_config(self):
        config = {**super().get_config(), "function": _serialize_function(self.function)}
        if self._output_shape is not None:
            config["output_shape"] = (
                _serialize_function(self._output_shape) if callable(self._output_shape) else self._output_shape
            )
        if self.mask is not None:
            config["mask"] = _serialize_function(self.mask) if callable(self.mask) else _serialize_value(self.mask)
        config["arguments"] = {k: _serialize_value(v) for k, v in self.arguments.items()}
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None, safe_mode: bool | None = True):
        config = dict(config)
        custom_objects = dict(custom_objects or {})
        safe = safe_mode is not False and config_module.in_safe_mode() is not False
        config["function"] = _load_function(config["function"], "function", custom_objects, safe)
        shape = config.get("output_shape")
        if isinstance(shape, dict):
            config["output_shape"] = _load_function(shape, "output_shape", custom_objects, safe)
        elif isinstance(shape, list) and all(d is None or isinstance(d, int) for d in shape):
            config["output_shape"] = tuple(shape)
        elif isinstance(shape, list):
            config["output_shape"] = [tuple(s) for s in shape]
        if isinstance(config.get("mask"), dict) and config["mask"].get("class_name") in (_LAMBDA, "function"):
            config["mask"] = _load_function(config["mask"], "mask", custom_objects, safe)
        elif config.get("mask") is not None:
            config["mask"] = _load_value(config["mask"])
        config["arguments"] = {k: _load_value(v) for k, v in (config.get("arguments") or {}).items()}
        return cls(**config)


def _check_output_shape(value):
    if value is None or callable(value):
        return value
    if isinstance(value, (list, tuple)) and all(d is None or isinstance(d, int) for d in value):
        return tuple(value)
    if isinstance(value, list) and all(isinstance(s, (list, tuple)) for s in value):
        return [tuple(s) for s in value]
    raise TypeError(
        "Lambda: `output_shape` must be None, a tuple of ints (without the batch axis), a list of "
        f"such tuples, or a function of the input shape. Received: output_shape={value!r}"
    )


def _parameter_names(function) -> set:
    try:
        return set(inspect.signature(function).parameters)
    except (TypeError, ValueError):  # builtins without a signature
        return set()


def _serialize_function(fn) -> dict:
    if isinstance(fn, types.FunctionType) and fn.__name__ == "<lambda>":
        # Keras's format (keras/src/utils/python_utils.py `func_dump`): base64 marshal of the
        # code object, plus the defaults and the closure's cell values.
        code = codecs.encode(marshal.dumps(fn.__code__), "base64").decode("ascii")
        closure = tuple(cell.cell_contents for cell in fn.__closure__) if fn.__closure__ else None
        return {"class_name": _LAMBDA, "config": {"code": code, "defaults": fn.__defaults__, "closure": closure}}
    name = getattr(fn, "__name__", None)
    if not isinstance(name, str):
        raise ValueError(
            f"Lambda cannot write {fn!r} to a config: only named functions and Python lambdas can be "
            "saved. Define the function with `def`."
        )
    return {"module": "builtins", "class_name": "function", "config": name, "registered_name": "function"}


def _load_function(config, what: str, custom_objects: dict, safe: bool):
    if isinstance(config, dict) and config.get("class_name") == _LAMBDA:
        if safe:
            raise ValueError(
                f"Requested the deserialization of a Lambda layer whose `{what}` is a Python lambda "
                "stored as bytecode. Loading it would run code from the file, so it is refused in "
                "safe mode. If you trust the source of the file completely, pass `safe_mode=False`; "
                "better, rewrite the lambda as a named function and pass it in `custom_objects`."
            )
        return _function_from_bytecode(config.get("config") or {}, custom_objects)
    name = config.get("config") if isinstance(config, dict) and config.get("class_name") == "function" else config
    if not isinstance(name, str):
        raise ValueError(f"Lambda: cannot read `{what}` from the config. Received: {config!r:.200}")
    if name in custom_objects:
        return custom_objects[name]
    try:
        return activations.get(name)
    except ValueError:
        raise ValueError(
            f"Lambda: unknown function '{name}' for `{what}`. Pass it in `custom_objects`, e.g. "
            f"`custom_objects={{'{name}': {name}}}`."
        ) from None


def _function_from_bytecode(config: dict, custom_objects: dict):
    try:
        code = marshal.loads(codecs.decode(str(config["code"]).encode("ascii"), "base64"))
    except (KeyError, ValueError, EOFError, TypeError) as error:
        raise ValueError(
            f"Lambda: the stored bytecode cannot be read ({error}); it was probably written by "
            "another Python version. Rewrite the lambda as a named function."
        ) from None
    if not isinstance(code, types.CodeType):
        raise ValueError("Lambda: the stored `code` is not a Python code object.")
    defaults = config.get("defaults")
    closure = config.get("closure")
    cells = tuple(types.CellType(v) for v in closure) if closure is not None else None
    scope = {"__builtins__": builtins, **custom_objects}
    try:
        return types.FunctionType(code, scope, code.co_name, tuple(defaults) if defaults else None, cells)
    except (TypeError, ValueError) as error:
        raise ValueError(f"Lambda: the stored function cannot be rebuilt: {error}") from None


def _serialize_value(value):
    if isinstance(value, torch.Tensor):
        return {"class_name": "__tensor__",
                "config": {"value": value.detach().cpu().tolist(), "dtype": str(value.dtype).removeprefix("torch.")}}
    if isinstance(value, np.ndarray):
        return {"class_name": "__numpy__", "config": {"value": value.tolist(), "dtype": str(value.dtype)}}
    if isinstance(value, np.generic):
        return value.item()
    return value


def _load_value(value):
    if isinstance(value, dict) and value.get("class_name") in ("__numpy__", "__tensor__"):
        inner = value.get("config") or {}
        array = np.asarray(inner.get("value"), dtype=str(inner.get("dtype", "float32")))
        return torch.from_numpy(array) if value["class_name"] == "__tensor__" else array
    return value
