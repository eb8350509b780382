"""Identity: returns its input unchanged (a placeholder in model graphs)."""

from ..layer import Layer


class Identity(Layer):
    """Returns the input as is; useful as a named no-op in a functional graph.

    Example:

    >>> Identity()(torch.ones(2, 3)).shape
    torch.Size([2, 3])
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True

    def call(self, inputs):
        return inputs
