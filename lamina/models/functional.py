"""Functional models: a graph of layer calls traced from `Input` to the outputs."""

from ..layers.input_layer import InputLayer
from ..layers.symbolic import SymbolicTensor
from .model import Model


class Functional(Model):
    """`Model(inputs, outputs)`: runs the recorded layer calls in dependency order.

    Args:
        inputs: a symbolic tensor from `Input`, or a list/dict of them.
        outputs: a symbolic tensor, or a list of them, computed from `inputs`.
    """

    def __init__(self, inputs, outputs, name=None, trainable=True, **kwargs):
        super().__init__(name=name, trainable=trainable, **kwargs)
        self._input_names = list(inputs) if isinstance(inputs, dict) else None
        self._inputs = _as_tensor_list(inputs, "inputs")
        self._single_output = isinstance(outputs, SymbolicTensor)
        self._outputs = _as_tensor_list(outputs, "outputs")
        for tensor in self._inputs:
            if not isinstance(tensor.node.layer, InputLayer):
                raise ValueError(
                    "Model inputs must come from `lamina.Input`. Received a tensor produced by layer "
                    f"'{tensor.node.layer.name}'."
                )
        self._nodes = _topological_nodes(self._inputs, self._outputs)
        for layer in self._layers_in_order():
            self._register_layer(layer)
        self.built = True
        shapes = [t.shape for t in self._inputs]
        self._build_input_shape = shapes[0] if len(shapes) == 1 else shapes

    def _layers_in_order(self):
        seen = []
        for tensor in self._inputs:
            seen.append(tensor.node.layer)
        for node in self._nodes:
            if node.layer not in seen:
                seen.append(node.layer)
        return seen

    @property
    def layers(self):
        return self._layers_in_order()

    @property
    def inputs(self):
        return list(self._inputs)

    @property
    def outputs(self):
        return list(self._outputs)

    @property
    def input(self):
        return self._inputs[0] if len(self._inputs) == 1 else self.inputs

    @property
    def output(self):
        return self._outputs[0] if self._single_output else self.outputs

    def call(self, inputs, training=False):
        values = {}
        for tensor, x in zip(self._inputs, self._match_inputs(inputs)):
            values[id(tensor)] = _check_input(tensor, x)
        for node in self._nodes:
            args = [values[id(t)] for t in node.input_tensors]
            result = node.layer(args if isinstance(node.inputs, (list, tuple)) else args[0], training=training)
            results = result if len(node.outputs) > 1 else [result]
            for tensor, value in zip(node.outputs, results):
                values[id(tensor)] = value
        outputs = [values[id(t)] for t in self._outputs]
        return outputs[0] if self._single_output else outputs

    def _match_inputs(self, inputs):
        if isinstance(inputs, dict):
            names = self._input_names or [t.name for t in self._inputs]
            missing = [n for n in names if n not in inputs]
            if missing:
                raise ValueError(
                    f"Model '{self.name}' expects inputs named {names}; missing {missing}. "
                    f"Received keys: {list(inputs)}."
                )
            return [inputs[n] for n in names]
        flat = list(inputs) if isinstance(inputs, (list, tuple)) else [inputs]
        if len(flat) != len(self._inputs):
            raise ValueError(
                f"Model '{self.name}' expects {len(self._inputs)} input(s), but it received "
                f"{len(flat)}. Pass a list with one array per `Input`."
            )
        return flat

    def compute_output_shape(self, input_shape):
        shapes = [tuple(t.shape) for t in self._outputs]
        return shapes[0] if self._single_output else shapes


def _as_tensor_list(value, what):
    items = list(value.values()) if isinstance(value, dict) else (
        list(value) if isinstance(value, (list, tuple)) else [value]
    )
    for item in items:
        if not isinstance(item, SymbolicTensor):
            raise TypeError(
                f"Model `{what}` must be symbolic tensors made with `lamina.Input` and layer calls. "
                f"Received: {item!r} of type {type(item).__name__}."
            )
    return items


def _topological_nodes(inputs, outputs):
    """The nodes between `inputs` and `outputs`, each after the nodes it depends on."""
    input_ids = {id(t) for t in inputs}
    ordered, done, active = [], set(), set()

    def visit(tensor):
        if id(tensor) in input_ids:
            return
        node = tensor.node
        if isinstance(node.layer, InputLayer):
            raise ValueError(
                f"Graph disconnected: cannot obtain value for tensor {tensor} at layer "
                f"'{node.layer.name}'. Add this Input to the model's `inputs`."
            )
        if id(node) in done:
            return
        if id(node) in active:
            raise ValueError("The layer graph has a cycle; a functional model must be acyclic.")
        active.add(id(node))
        for parent in node.input_tensors:
            visit(parent)
        active.discard(id(node))
        done.add(id(node))
        ordered.append(node)

    for tensor in outputs:
        visit(tensor)
    return ordered


def _check_input(tensor: SymbolicTensor, x):
    """The model-entry check: rank and every known non-batch size, tolerating one trailing
    axis of size 1 added or missing, as Keras does."""
    expected = tensor.shape
    got = tuple(x.shape)
    if len(got) == len(expected) + 1 and got[-1] == 1:
        x, got = x.squeeze(-1), got[:-1]
    elif len(got) + 1 == len(expected) and expected[-1] == 1:
        x, got = x.unsqueeze(-1), (*got, 1)
    if len(got) != len(expected) or any(
        e is not None and e != g for e, g in zip(expected[1:], got[1:])
    ):
        raise ValueError(
            f"Invalid input shape for input {tensor.name}. Expected shape {expected}, but input has "
            f"incompatible shape {got}. Feed arrays of shape (batch, {', '.join(map(str, expected[1:]))})."
        )
    return x
