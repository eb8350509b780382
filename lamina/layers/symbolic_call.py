"""Calling a layer on symbolic tensors: build from shapes, infer the outputs, record a Node.

Output shapes come from `compute_output_shape`, or, for a layer without one (a user's
subclass), from tracing `call` on meta tensors (`symbolic.trace`). Masks follow Keras: a
layer that supports masking gives its outputs `compute_mask(inputs, mask)`, computed on
meta stand-ins so symbolic tensors carry a symbolic `_keras_mask`.
"""

import inspect
import warnings

from .call_context import BUILD_LOCK, get_mask, set_mask
from .input_spec import check_input_shape
from .symbolic import Node, SymbolicTensor, dtype_name, shape_of, trace


def call_symbolic(layer, inputs, args, kwargs, training, record: bool = True):
    """`layer(inputs, *args, **kwargs)` on SymbolicTensors; returns SymbolicTensor(s)."""
    shape = shape_of(inputs)
    if not layer.built:
        with BUILD_LOCK:
            if not layer.built:
                layer.build_from_shape(shape)
    elif layer.input_spec is not None and not isinstance(shape, list):
        check_input_shape(layer.input_spec, shape, layer)
    previous = kwargs.get("mask") if "mask" in kwargs else get_mask(inputs)
    if layer._traces_output_shape:
        extra = {} if training is None else {"training": training}
        outputs = trace(layer, lambda x, a, k: layer.forward(x, *a, **k, **extra), inputs, list(args), kwargs)
        for module in layer.modules():  # losses added on meta stand-ins are not real losses
            if getattr(module, "_losses", None):
                module._losses = [loss for loss in module._losses if not loss.is_meta]
        single = not isinstance(outputs, list)
        outputs = [outputs] if single else outputs
        for output in outputs:
            if not isinstance(output, SymbolicTensor):
                raise TypeError(
                    f"Layer '{layer.name}' ({type(layer).__name__}) returned {type(output).__name__} "
                    "from `call`; a layer used in a model must return tensors (or a list of them)."
                )
    else:
        out_shape = layer.compute_output_shape(shape, **_shape_kwargs(layer, kwargs))
        single = not isinstance(out_shape, list)
        in_dtype = dtype_name(inputs[0] if isinstance(inputs, (list, tuple)) else inputs)
        floats = in_dtype.startswith(("float", "bfloat")) or layer._float_inputs or layer._float_outputs
        out_dtype = layer.compute_dtype if floats else in_dtype
        outputs = [SymbolicTensor(s, out_dtype) for s in ([out_shape] if single else out_shape)]
        if layer.supports_masking and (previous is not None or layer._computes_mask):
            masks = trace(layer, lambda x, m: layer.compute_mask(x, m), inputs, previous)
            set_mask(outputs if not single else outputs[0], masks)
        elif previous is not None:
            mask_warning(layer)
    if record:
        node = Node(layer, inputs, outputs, args, kwargs)
        for i, tensor in enumerate(outputs):
            tensor.node, tensor.index = node, i
        layer._inbound_nodes.append(node)
    return outputs[0] if single else outputs


def mask_warning(layer) -> None:
    warnings.warn(
        f"Layer '{layer.name}' (of type {type(layer).__name__}) was passed an input with a mask "
        "attached to it. However, this layer does not support masking and will therefore destroy "
        "the mask information. Downstream layers will not see the mask.",
        UserWarning,
        stacklevel=4,
    )


def _shape_kwargs(layer, kwargs) -> dict:
    """The non-tensor call arguments `compute_output_shape` also takes (ReversibleEmbedding's
    `reverse`)."""
    if not kwargs:
        return {}
    accepted = inspect.signature(layer.compute_output_shape).parameters
    return {k: v for k, v in kwargs.items() if k in accepted and not isinstance(v, SymbolicTensor)}
