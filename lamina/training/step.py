"""Decided once per `fit`/`evaluate`/`predict`, not per step: where the model runs, which
module the steps call (DistributedDataParallel under torchrun, `torch.compile` with
`jit_compile=True`), and whether float16 loss scaling is on (Keras's make_train_function).
"""

import os

import torch

from .. import config as config_module
from .. import distribute
from .loss_scale import DynamicLossScale


def parameter_device(model):
    for tensor in model.parameters():
        return tensor.device
    return None


def place(model, device_choice=None):
    """Chooses the run's device and moves the model there: `compile(device=)`, then
    `lamina.config.set_device`, then wherever the user already put the model, then CUDA
    when available."""
    current = parameter_device(model)
    if device_choice is not None:
        device = device_choice
    elif config_module.device_is_set() or current is None or current.type == "cpu":
        device = config_module.device()
    else:
        device = current
    if current is not None and current != device:
        model.to(device)
    return device


def training_module(model, jit_compile: bool):
    """The module the default `train_step` calls."""
    module = model
    if distribute.is_distributed():
        module = model.__dict__.get("_ddp_module")  # kept out of nn.Module's registry
        if module is None:
            from torch.nn.parallel import DistributedDataParallel

            device = parameter_device(model)
            ids = [device] if device is not None and device.type == "cuda" else None
            module = model.__dict__["_ddp_module"] = DistributedDataParallel(model, device_ids=ids)
    # On CPUs torch.compile made training 2.4-2.9x slower in our benchmarks (and predict
    # faster), so there only the inference passes are compiled.
    device = parameter_device(model)
    on_accelerator = device is not None and device.type != "cpu"
    return compiled(model, module, jit_compile) if on_accelerator else module


def inference_module(model, jit_compile: bool):
    """The module `test_step` and `predict_step` call."""
    return compiled(model, model, jit_compile)


def compiled(model, module, jit_compile: bool):
    if not jit_compile:
        return module
    cache = model.__dict__.setdefault("_compiled", {})
    if id(module) not in cache:
        backend = os.environ.get("LAMINA_COMPILE_BACKEND", "inductor")
        cache[id(module)] = torch.compile(module, backend=backend)
    return cache[id(module)]


def loss_scale_for(model, auto_scale_loss: bool):
    """Dynamic loss scaling when some layer computes in float16 (Keras's auto_scale_loss)."""
    uses_float16 = any(getattr(m, "dtype_policy", "") == "mixed_float16" for m in model.modules())
    return DynamicLossScale() if auto_scale_loss and uses_float16 else None


def build_without_side_effects(model, x) -> None:
    """Builds an unbuilt model from a first batch the way Keras's symbolic build does: no
    gradient, inference mode (BatchNormalization's moving statistics stay put) and the
    random number generators left where they were (Dropout draws nothing)."""
    if model.built:
        return
    devices = [torch.cuda.current_device()] if torch.cuda.is_available() else []
    with torch.no_grad(), torch.random.fork_rng(devices=devices):
        model(x, training=False)  # `training` reaches every layer; module modes stay put
