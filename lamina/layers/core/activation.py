"""Activation: applies an activation function as a layer of its own."""

from ... import activations
from ..layer import Layer


class Activation(Layer):
    """Applies `activation` element-wise (softmax: over the last axis).

    Args:
        activation: an activation name (`"relu"`, `"softmax"`, ...) or a callable.

    Input shape:
        Any shape. Output shape: the same.

    Example:

    >>> Activation("relu")(torch.tensor([[-1.0, 2.0]]))
    tensor([[0., 2.]])
    """

    _float_inputs = True  # ints and bools compute in floatx, as the ops need

    def __init__(self, activation, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.activation = activations.get(activation)

    def call(self, inputs):
        return self.activation(inputs)

    def get_config(self):
        return {**super().get_config(), "activation": activations.serialize(self.activation)}
