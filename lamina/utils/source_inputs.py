"""`get_source_inputs`: the `Input` tensors a symbolic tensor is computed from."""

from ..layers.symbolic import SymbolicTensor


def get_source_inputs(tensor):
    """The `Input` tensors that `tensor` is computed from, each once, in first-use order.

    A tensor made by `Input` gives `[tensor]`; anything that is not symbolic is returned
    as it is.

    Example:

    >>> from lamina import Input, layers
    >>> x = Input((3,))
    >>> get_source_inputs(layers.Dense(2)(x))[0] is x
    True
    """
    if not isinstance(tensor, SymbolicTensor):
        return tensor
    node = tensor.node
    if node is None:
        return [tensor]
    sources = node.all_input_tensors
    if not sources:  # an Input node: its outputs are the sources
        return list(node.outputs)
    found = []
    for parent in sources:
        for source in get_source_inputs(parent):
            if all(source is not seen for seen in found):
                found.append(source)
    return found
