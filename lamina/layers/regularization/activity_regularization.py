"""ActivityRegularization: adds an L1/L2 penalty on the activations to the training loss."""

from ... import regularizers
from ..layer import Layer


class ActivityRegularization(Layer):
    """Passes its input through unchanged and adds `l1 * sum(|x|) + l2 * sum(x**2)`,
    divided by the batch size as Keras 3 does, to `layer.losses`; `fit` adds it to the
    loss. As with every layer loss, it is the penalty of the most recent call.

    Args:
        l1, l2: non-negative penalty factors (default 0).

    Input shape:
        Any. Output shape: the same.

    Example:

    >>> layer = ActivityRegularization(l2=0.5)
    >>> _ = layer(torch.ones(2, 3))
    >>> layer.losses
    [tensor(1.5000)]
    """

    def __init__(self, l1=0.0, l2=0.0, **kwargs):
        kwargs.pop("activity_regularizer", None)  # the layer's own, rebuilt from l1 and l2
        super().__init__(activity_regularizer=regularizers.L1L2(l1=l1, l2=l2), **kwargs)
        self.supports_masking = True
        self.l1 = l1
        self.l2 = l2

    def call(self, inputs):
        return inputs

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config.pop("activity_regularizer", None)
        return {**config, "l1": self.l1, "l2": self.l2}
