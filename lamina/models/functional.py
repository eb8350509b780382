"""Functional models: a graph of layer calls traced from `Input` to the outputs."""

from ..layers import serialization as layers_serialization
from ..layers.input_layer import InputLayer
from ..layers.symbolic import SymbolicTensor
from .input_check import conform_input
from .model import Model


class Functional(Model):
    """`Model(inputs, outputs)`: runs the recorded layer calls in dependency order.

    Args:
        inputs: a symbolic tensor from `Input`, or a list/dict of them.
        outputs: a symbolic tensor, or a list of them, computed from `inputs`.
    """

    # Keras finds its functional model class under this module and registered name.
    _keras_module = "keras.src.models.functional"
    _keras_registered_name = "Functional"

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
        return _keras_layer_order(self._inputs, self._outputs)

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
            values[id(tensor)] = conform_input(tensor.shape, x, tensor.name)
        for node in self._nodes:
            args = [values[id(t)] for t in node.input_tensors]
            first = args if isinstance(node.inputs, (list, tuple)) else args[0]
            if not node.args and not node.kwargs:  # the usual node: one input, nothing else
                result = node.layer(first, training=training)
            else:
                # The call's other arguments (attention masks, a second tensor, `training=`)
                # replay with each symbolic tensor replaced by its value; an explicit
                # `training` recorded in the graph wins over the model's.
                extra = [_value_of(a, values) for a in node.args]
                kwargs = {"training": training, **{k: _value_of(v, values) for k, v in node.kwargs.items()}}
                result = node.layer(first, *extra, **kwargs)
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

    # ----------------------------------------------------------------- config
    def _own_nodes(self, layer):
        """`layer`'s calls inside this model, in call order (Keras numbers nodes this way)."""
        mine = {id(n) for n in self._nodes} | {id(t.node) for t in self._inputs}
        return [n for n in layer._inbound_nodes if id(n) in mine]

    def _tensor_ref(self, tensor):
        layer = tensor.node.layer
        return [layer.name, self._own_nodes(layer).index(tensor.node), tensor.index]

    def get_config(self):
        entries = []
        for layer in self.layers:
            entry = layers_serialization.serialize(layer)
            entry["name"] = layer.name
            entry["inbound_nodes"] = [
                {"args": [self._args_config(node.inputs)], "kwargs": {}}
                for node in self._own_nodes(layer)
                if not isinstance(layer, InputLayer)
            ]
            entries.append(entry)
        inputs = [self._tensor_ref(t) for t in self._inputs]
        outputs = [self._tensor_ref(t) for t in self._outputs]
        return {
            "name": self.name,
            "trainable": self.trainable,
            "layers": entries,
            "input_layers": inputs[0] if len(inputs) == 1 else inputs,
            "output_layers": outputs[0] if self._single_output else outputs,
        }

    def _args_config(self, inputs):
        if isinstance(inputs, (list, tuple)):
            return [self._args_config(t) for t in inputs]
        return {
            "class_name": "__keras_tensor__",
            "config": {"shape": list(inputs.shape), "dtype": inputs.dtype, "keras_history": self._tensor_ref(inputs)},
        }

    @classmethod
    def from_config(cls, config, custom_objects=None, safe_mode=True):
        """Rebuilds the graph: creates each layer, then replays its recorded calls."""
        return rebuild(cls, config, lambda entry: layers_serialization.deserialize(entry, custom_objects, safe_mode))


def rebuild(cls, config, make_layer, input_tensors=None):
    """Creates a `cls` model from a functional config: `make_layer(entry)` gives each layer
    (new from its config, or a clone); `input_tensors` may stand in for the Input layers."""
    created, produced = {}, {}
    replacements = list(input_tensors) if input_tensors is not None else None
    for entry in config.get("layers", []):
        layer = make_layer(entry)
        created[entry.get("name", layer.name)] = (layer, entry)
        if isinstance(layer, InputLayer):
            tensor = replacements.pop(0) if replacements else layer.output
            produced[(entry.get("name", layer.name), 0)] = [tensor]
    pending = [(name, i, node) for name, (layer, entry) in created.items()
               for i, node in enumerate(entry.get("inbound_nodes", []))]
    while pending:
        progress = False
        for item in list(pending):
            name, index, node = item
            try:
                args = _resolve_refs(node["args"][0], produced)
            except KeyError:
                continue
            result = created[name][0](args)
            produced[(name, index)] = result if isinstance(result, list) else [result]
            pending.remove(item)
            progress = True
        if not progress:
            missing = sorted({name for name, _, _ in pending})
            raise ValueError(f"The model config's layer graph is incomplete: cannot connect {missing}.")

    def lookup(refs):
        single = refs and not isinstance(refs[0], (list, tuple))
        found = [_resolve_refs(_history_ref(r), produced) for r in ([refs] if single else refs)]
        return found[0] if single else found

    return cls(lookup(config["input_layers"]), lookup(config["output_layers"]),
               name=config.get("name"), trainable=config.get("trainable", True))


def _history_ref(ref):
    return {"class_name": "__keras_tensor__", "config": {"keras_history": list(ref)}}


def _resolve_refs(arg, produced):
    """A config's tensor reference (or list of them) -> the symbolic tensors made so far."""
    if isinstance(arg, list):
        return [_resolve_refs(a, produced) for a in arg]
    if isinstance(arg, dict) and arg.get("class_name") == "__keras_tensor__":
        name, node_index, tensor_index = arg["config"]["keras_history"]
        return produced[(name, node_index)][tensor_index]
    raise ValueError(f"Unsupported call argument in a model config: {arg!r:.200}")


def _keras_layer_order(inputs, outputs):
    """Layers in the order Keras lists them (and numbers their weight groups): by depth from
    the outputs, deepest first, ties broken by first visit in a depth-first walk."""
    first_visit, post_order, finished = {}, [], set()
    input_ids = {id(t) for t in inputs}

    def walk(tensor):
        node = tensor.node
        if id(node) in finished:
            return
        first_visit.setdefault(node.layer, len(first_visit))
        if id(tensor) not in input_ids:
            for parent in node.all_input_tensors:
                walk(parent)
        finished.add(id(node))
        post_order.append(node)

    for tensor in outputs:
        walk(tensor)
    node_depth, layer_depth = {}, {}
    for node in reversed(post_order):
        depth = max(node_depth.setdefault(id(node), 0), layer_depth.get(node.layer, 0))
        layer_depth[node.layer] = node_depth[id(node)] = depth
        for parent in node.input_tensors:
            node_depth[id(parent.node)] = max(depth + 1, node_depth.get(id(parent.node), 0))
    for tensor in inputs:
        if tensor.node.layer not in layer_depth:  # an input no output depends on
            layer_depth[tensor.node.layer] = 0
            first_visit.setdefault(tensor.node.layer, -1)
    return sorted(layer_depth, key=lambda layer: (-layer_depth[layer], first_visit[layer]))


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


def _value_of(argument, values):
    """A recorded call argument with its symbolic tensors replaced by computed values."""
    if isinstance(argument, SymbolicTensor):
        return values[id(argument)]
    if isinstance(argument, (list, tuple)):
        return type(argument)(_value_of(a, values) for a in argument)
    if isinstance(argument, dict):
        return {k: _value_of(v, values) for k, v in argument.items()}
    return argument


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
        for parent in node.all_input_tensors:
            visit(parent)
        active.discard(id(node))
        done.add(id(node))
        ordered.append(node)

    for tensor in outputs:
        visit(tensor)
    return ordered
