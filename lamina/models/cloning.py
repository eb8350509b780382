"""`clone_model`: the same architecture with new layers (and new, freshly initialized
weights), as Keras clones Sequential, functional and subclassed models."""

from ..layers.input_layer import InputLayer
from .functional import Functional, rebuild
from .sequential import Sequential


def clone_layer(layer):
    """Keras's default `clone_function`: a new layer from the layer's config."""
    return type(layer).from_config(layer.get_config())


def clone_model(model, input_tensors=None, clone_function=None, call_function=None, recursive=False,
                **kwargs):
    """A new model with the same structure as `model`; its layers come from
    `clone_function(layer)` (by default a new layer from the layer's config, so weights
    are newly initialized, not copied).

    Args:
        model: a Sequential, functional or subclassed model.
        input_tensors: symbolic tensors (from `Input`) to build the clone on, instead of
            new Inputs; Sequential and functional models only.
        clone_function: `fn(layer) -> layer`; return the layer itself to share it.
        call_function: not supported yet (Keras 3.5+: rewrites each layer call).
        recursive: also clone nested models layer by layer with the same `clone_function`.
    """
    if kwargs:
        raise ValueError(f"Unexpected keyword argument(s) for `clone_model`: {sorted(kwargs)}")
    if call_function is not None:
        raise ValueError("`clone_model(call_function=...)` is not supported by Lamina yet.")
    clone = clone_function or clone_layer

    def clone_one(layer):
        if recursive and isinstance(layer, (Sequential, Functional)):
            return clone_model(layer, clone_function=clone_function, recursive=True)
        return clone(layer)

    if isinstance(model, Sequential):
        layers = [clone_one(layer) for layer in model.layers]
        if input_tensors is not None:
            tensors = input_tensors if isinstance(input_tensors, (list, tuple)) else [input_tensors]
            if len(tensors) != 1:
                raise ValueError(f"A Sequential model has one input; received {len(tensors)} input tensors.")
            outputs = tensors[0]
            for layer in layers:
                outputs = layer(outputs)
            return Functional(tensors[0], outputs, name=model.name)
        first = model._input_layer if getattr(model, "_input_layer", None) is not None else None
        stack = ([InputLayer.from_config(first.get_config())] if first is not None else []) + layers
        return Sequential(stack, name=model.name, trainable=model.trainable)
    if isinstance(model, Functional):
        originals = {layer.name: layer for layer in model.layers}

        def make_layer(entry):
            layer = originals[entry["name"]]
            return InputLayer.from_config(layer.get_config()) if isinstance(layer, InputLayer) else clone_one(layer)

        tensors = None
        if input_tensors is not None:
            tensors = list(input_tensors) if isinstance(input_tensors, (list, tuple)) else [input_tensors]
        return rebuild(type(model), model.get_config(), make_layer, tensors)
    if clone_function is not None or input_tensors is not None:
        raise ValueError(
            "Arguments `clone_function` and `input_tensors` are only supported for Sequential "
            f"and functional models; {type(model).__name__} is a subclassed model."
        )
    return type(model).from_config(model.get_config())
