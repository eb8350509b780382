"""PReLU: a leaky ReLU whose negative slope is learned, per position or shared."""

import torch.nn.functional as F

from ..input_spec import InputSpec
from ..kernel_args import set_weight_args, weight_args_config, weight_constraint
from ..layer import Layer


class PReLU(Layer):
    """`x` for `x >= 0`, `alpha * x` below, with `alpha` a trainable weight.

    `alpha` has the shape of one sample (`input_shape[1:]`), except along `shared_axes`
    where it has size 1 and is shared: `shared_axes=[1, 2]` on images learns one slope
    per channel.

    Args:
        alpha_initializer: initializer of `alpha` (Keras default: zeros).
        alpha_regularizer, alpha_constraint: optional penalty and constraint on `alpha`.
        shared_axes: an axis (counted with the batch axis as 0) or a list of axes.

    Input shape:
        Any, with known sizes on the axes that are not shared. Output shape: the same.

    Example:

    >>> PReLU(shared_axes=[1, 2])(torch.zeros(2, 5, 5, 3)).shape
    torch.Size([2, 5, 5, 3])
    """

    _float_inputs = True

    def __init__(self, alpha_initializer="Zeros", alpha_regularizer=None, alpha_constraint=None,
                 shared_axes=None, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        set_weight_args(self, "alpha", alpha_initializer, alpha_regularizer, alpha_constraint)
        if shared_axes is not None and not isinstance(shared_axes, (list, tuple)):
            shared_axes = [shared_axes]
        if shared_axes is not None and not all(
            isinstance(a, int) and not isinstance(a, bool) and a >= 1 for a in shared_axes
        ):
            raise ValueError(
                f"PReLU '{self.name}': `shared_axes` must be axes >= 1 (the batch axis 0 is always "
                f"shared). Received: shared_axes={shared_axes!r}"
            )
        self.shared_axes = None if shared_axes is None else list(shared_axes)

    def build(self, input_shape):
        rank = len(input_shape)
        shared = set(self.shared_axes or ())
        if any(a >= rank for a in shared):
            raise ValueError(
                f"PReLU '{self.name}': `shared_axes` {self.shared_axes} do not fit an input of rank "
                f"{rank} (shape {tuple(input_shape)}); use axes 1..{rank - 1}."
            )
        shape = [1 if i in shared else input_shape[i] for i in range(1, rank)]
        if None in shape:
            raise ValueError(
                f"PReLU '{self.name}' needs known sizes on every axis it does not share, to shape "
                f"`alpha`. Received input shape {tuple(input_shape)}; share the unknown axes with "
                "`shared_axes`."
            )
        self.add_weight("alpha", tuple(shape), self.alpha_initializer, regularizer=self.alpha_regularizer,
                        constraint=weight_constraint(self.alpha_constraint))
        axes = {i: input_shape[i] for i in range(1, rank) if i not in shared}
        self.input_spec = InputSpec(ndim=rank, axes=axes)

    def call(self, inputs):
        return F.relu(inputs) - self.alpha * F.relu(-inputs)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), **weight_args_config(self, "alpha"), "shared_axes": self.shared_axes}
