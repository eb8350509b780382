"""`profile(model)`: where a model's parameters, compute and activation memory go.

The numbers behind `model.summary()`'s extra columns and hot-spot note, as dataclasses
for tools and tests. Everything comes from shapes, so a model built from `Input` can be
profiled before it has seen any data. MAC and memory conventions are in
`lamina.analysis.costs`.
"""

from dataclasses import dataclass

from ..layers.layer import Layer
from ..layers.layer_weights import count_params
from ..shapes import Shape
from .costs import layer_macs, output_bytes
from .graph import model_nodes, nodes_by_layer
from .hot_spot import HotSpot, find_hot_spot


@dataclass(frozen=True)
class LayerProfile:
    """One layer of a model, as numbers (one row of the summary).

    Attributes:
        name, class_name: the layer's name and type.
        output_shape: the output shape with a `None` batch (a list for several outputs),
            or `None` if it is unknown.
        params: the layer's weights, trainable or not.
        param_share: `params` as a fraction of the model's parameters (0 to 1).
        macs: multiply-accumulates per sample, summed over the layer's calls in the model;
            `None` when a size is unknown or the layer type has no rule.
        activation_bytes: bytes of the layer's outputs per sample (`None` if unknown).
    """

    name: str
    class_name: str
    output_shape: Shape | list[Shape] | None
    params: int
    param_share: float
    macs: int | None
    activation_bytes: int | None


@dataclass(frozen=True)
class ModelProfile:
    """A model's parameters, MACs and activation memory, layer by layer.

    `macs` and `activation_bytes` are per-sample totals over `layers`, `None` when
    any layer's figure is unknown. `hot_spot` is set when a Dense fed by Flatten holds
    more than half of the parameters.
    """

    name: str
    layers: tuple[LayerProfile, ...]
    total_params: int
    trainable_params: int
    non_trainable_params: int
    hot_spot: HotSpot | None

    @property
    def macs(self) -> int | None:
        return _total(row.macs for row in self.layers)

    @property
    def activation_bytes(self) -> int | None:
        return _total(row.activation_bytes for row in self.layers)

    def layer(self, name: str) -> LayerProfile:
        for row in self.layers:
            if row.name == name:
                return row
        raise ValueError(f"No layer named {name!r}. Layers: {[row.name for row in self.layers]}.")


def profile(model) -> ModelProfile:
    """Parameter share, MACs and activation memory of each layer of `model`.

    Example:

    >>> model = Sequential([Input((32, 32, 3)), Conv2D(32, 3), Flatten(), Dense(10)])
    >>> report = profile(model)
    >>> report.layer("conv2d").macs, report.hot_spot.gap_params
    (777600, 330)
    """
    trainable = _count(model.trainable_weights) if model.built else 0
    frozen = _count(model.non_trainable_weights) if model.built else 0
    total = trainable + frozen
    nodes = model_nodes(model)
    by_layer = nodes_by_layer(nodes)
    rows = tuple(_layer_profile(layer, by_layer.get(id(layer), []), total) for layer in model.layers)
    return ModelProfile(
        name=model.name,
        layers=rows,
        total_params=total,
        trainable_params=trainable,
        non_trainable_params=frozen,
        hot_spot=find_hot_spot(nodes, total) if nodes else None,
    )


def _layer_profile(layer, nodes, model_params) -> LayerProfile:
    calls = _calls(layer, nodes)
    params = layer.count_params() if layer.built else 0
    if hasattr(layer, "layers") and hasattr(layer, "summary"):  # a nested model
        inner = profile(layer)
        macs = inner.macs if calls else None
        memory = inner.activation_bytes if calls else None
    else:
        macs = _total(layer_macs(layer, ins, outs) for ins, outs, _ in calls)
        memory = _total(output_bytes(s, dtype) for _, outs, dtype in calls for s in outs)
    shape = None
    if calls:
        outs = calls[0][1]
        shape = outs[0] if len(outs) == 1 else outs
    return LayerProfile(
        name=layer.name,
        class_name=type(layer).__name__,
        output_shape=shape,
        params=params,
        param_share=params / model_params if model_params else 0.0,
        macs=macs,
        activation_bytes=memory,
    )


def _calls(layer, nodes):
    """`(input shapes, output shapes, output dtype)` for each call of `layer` in the model.

    Without a graph node (a layer of a subclassed model) the shapes come from the shape
    the layer was built for, as Keras's summary does.
    """
    if nodes:
        return [
            ([tuple(t.shape) for t in node.input_tensors], [tuple(t.shape) for t in node.outputs],
             node.outputs[0].dtype)
            for node in nodes
        ]
    built_for = getattr(layer, "_build_input_shape", None)
    # The base class's compute_output_shape returns its input: no information.
    if not layer.built or built_for is None or type(layer).compute_output_shape is Layer.compute_output_shape:
        return []
    try:
        out = layer.compute_output_shape(built_for)
    except Exception:  # a custom layer without shape inference: its costs stay unknown
        return []
    ins = built_for if isinstance(built_for, list) else [built_for]
    outs = out if isinstance(out, list) else [out]
    return [([tuple(s) for s in ins], [tuple(s) for s in outs], layer.dtype_policy)]


def _count(weights) -> int:
    return count_params(weights)


def _total(values) -> int | None:
    values = list(values)
    if not values or any(v is None for v in values):
        return None
    return sum(values)
