"""TorchModuleWrapper: any `torch.nn.Module` used as a Lamina layer."""

import base64
import io

import torch

from ..layer import Layer
from ..symbolic import SymbolicTensor, trace


class TorchModuleWrapper(Layer):
    """Makes a `torch.nn.Module` a layer: its parameters are the layer's weights.

    `weights`, `trainable_weights` (parameters with `requires_grad`), `get_weights`,
    `set_weights`, `count_params` and `state_dict` (keys `module.<name>`) cover the
    module's parameters; optimizers see them through `parameters()`. The module runs in
    training mode when the call has `training=True` and in eval mode otherwise. Without
    `output_shape`, the output shape is found by calling the module on meta tensors
    (shapes only; the real parameters are not touched).

    Saving: the config holds the module as Keras writes it, a base64 `torch.save`
    pickle. Loading it unpickles, which runs code from the file, so `from_config`
    refuses unless `safe_mode=False` is passed; that trusts the file completely.

    Args:
        module: the `torch.nn.Module` (a lazy module must be initialized first).
        name: the layer name.
        output_shape: the full output shape (batch axis included), when known.

    Example:

    >>> TorchModuleWrapper(torch.nn.Linear(3, 4))(torch.zeros(2, 3)).shape
    torch.Size([2, 4])
    """

    _from_config_takes_objects = True  # the loader passes `custom_objects` and `safe_mode`

    def __init__(self, module, name: str | None = None, output_shape=None, **kwargs):
        super().__init__(name=name, **kwargs)
        if not isinstance(module, torch.nn.Module):
            raise TypeError(
                f"TorchModuleWrapper expects a `torch.nn.Module`. Received: {type(module).__name__}"
            )
        if isinstance(module, torch.nn.modules.lazy.LazyModuleMixin) and module.has_uninitialized_params():
            raise ValueError(
                "LazyModules are not supported unless they are already initialized (call the module "
                f"once on an example input first). Received uninitialized LazyModule: module={module}"
            )
        self.module = module
        self.output_shape = tuple(output_shape) if output_shape is not None else None
        self.built = True

    def call(self, inputs, *args, training=False, **kwargs):
        self.module.train(bool(training))
        return self.module(inputs, *args, **kwargs)

    def compute_output_shape(self, input_shape):
        if self.output_shape is not None:
            return self.output_shape
        many = isinstance(input_shape, list)
        inputs = [SymbolicTensor(s, self.compute_dtype) for s in input_shape] if many else (
            SymbolicTensor(input_shape, self.compute_dtype))
        outputs = trace(self, lambda x: self.module(*x) if many else self.module(x), inputs)
        if isinstance(outputs, (list, tuple)):
            return [o.shape for o in outputs]
        return outputs.shape

    def get_config(self):
        buffer = io.BytesIO()
        torch.save(self.module, buffer)
        module = base64.b64encode(buffer.getvalue()).decode("ascii")
        shape = list(self.output_shape) if self.output_shape is not None else None
        return {**super().get_config(), "module": module, "output_shape": shape}

    @classmethod
    def from_config(cls, config, custom_objects=None, safe_mode: bool | None = True):
        config = dict(config)
        if isinstance(config.get("module"), str):
            if safe_mode is not False:
                raise ValueError(
                    "Requested the deserialization of a `torch.nn.Module` stored with `torch.save` "
                    "(a pickle) in a TorchModuleWrapper config. Unpickling runs code from the file, so "
                    "it is refused in safe mode. If you trust the source of the file completely, pass "
                    "`safe_mode=False`."
                )
            data = base64.b64decode(config["module"].encode("ascii"))
            config["module"] = torch.load(io.BytesIO(data), weights_only=False)
        return cls(**config)

    # ----------------------------------------------------------------- the module's weights
    def _own(self, trainable):
        params = list(self.module.parameters())
        if trainable is None:
            return params
        return [p for p in params if p.requires_grad == trainable]

    @property
    def trainable(self) -> bool:
        return self._trainable

    @trainable.setter
    def trainable(self, value: bool) -> None:
        self._trainable = bool(value)
        for param in self.module.parameters():
            param.requires_grad_(self._trainable)

    def save_own_variables(self, store) -> None:
        """Keras's layout for this layer in a weights file: the module's `state_dict` by key."""
        for key, value in self.module.state_dict().items():
            store[key] = value.detach().cpu().numpy()

    def load_own_variables(self, store) -> None:
        state = {}
        for key in store.keys():
            name = key.decode() if isinstance(key, bytes) else key
            state[name] = torch.as_tensor(store[key])
        self.module.load_state_dict(state)
