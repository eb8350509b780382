"""The layer calls (nodes) a Sequential or functional model is made of, inputs first."""

from ..layers.symbolic import Node


def model_nodes(model) -> list[Node] | None:
    """Every node between the model's inputs and outputs, each after the nodes it reads.

    Works for Sequential and functional models alike (both record symbolic calls when
    built from a shape); `None` for a subclassed or not-yet-built model, which has no
    graph to walk.
    """
    try:
        outputs = model.outputs
    except AttributeError:
        return None
    # Iterative post-order walk: deep models would overflow Python's recursion limit.
    order, seen = [], set()
    stack = [(tensor.node, False) for tensor in reversed(outputs)]
    while stack:
        node, children_done = stack.pop()
        if children_done:
            order.append(node)
        elif id(node) not in seen:
            seen.add(id(node))
            stack.append((node, True))
            stack.extend((t.node, False) for t in reversed(node.input_tensors))
    return order


def nodes_by_layer(nodes: list[Node] | None) -> dict[int, list[Node]]:
    """`id(layer)` -> that layer's nodes in the model, in call order."""
    grouped: dict[int, list[Node]] = {}
    for node in nodes or []:
        grouped.setdefault(id(node.layer), []).append(node)
    return grouped
