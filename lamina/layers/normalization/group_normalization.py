"""GroupNormalization: per-sample normalization over groups of channels."""

import torch
import torch.nn.functional as F

from ..input_spec import InputSpec
from ..kernel_args import set_weight_args, weight_args_config, weight_constraint
from ..layer import Layer
from .arguments import check_number, resolve_axes

_LOW_PRECISION = (torch.float16, torch.bfloat16)


class GroupNormalization(Layer):
    """Splits the channels of `axis` into `groups` and normalizes each group of each
    sample over its channels and every other non-batch axis; then applies per-channel
    `gamma` and `beta`.

    `groups=1` is layer normalization over all features; `groups=-1` (one group per
    channel) is instance normalization.

    Args:
        groups: number of groups, dividing the channel count; -1 for one per channel.
        axis: the channel axis, an int (default -1).
        epsilon: added to the variance (default 1e-3).
        center, scale: whether to learn `beta` / `gamma`, one value per channel.
        beta_initializer, gamma_initializer, beta_regularizer, gamma_regularizer,
        beta_constraint, gamma_constraint: for the two weights, as in Keras.

    Input shape:
        Rank 2 or more, with a known channel size. Output shape: the same.

    Example:

    >>> GroupNormalization(groups=2)(torch.zeros(2, 4, 4, 6)).shape
    torch.Size([2, 4, 4, 6])
    """

    _float_inputs = True  # ints and bools compute in floatx, as the ops need

    def __init__(self, groups=32, axis=-1, epsilon=1e-3, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones", beta_regularizer=None,
                 gamma_regularizer=None, beta_constraint=None, gamma_constraint=None, **kwargs):
        super().__init__(**kwargs)
        if isinstance(groups, bool) or not isinstance(groups, int) or (groups <= 0 and groups != -1):
            raise ValueError(
                "Received an invalid value for argument `groups`, expected a positive integer (or "
                f"`-1` for instance normalization). Received: groups={groups!r}"
            )
        if isinstance(axis, bool) or not isinstance(axis, int):
            raise TypeError(f"GroupNormalization '{self.name}': `axis` must be an int. Received: axis={axis!r}")
        self.supports_masking = True
        self.groups = groups
        self.axis = axis
        self.epsilon = check_number(self, "epsilon", epsilon, low=0.0)
        self.center = bool(center)
        self.scale = bool(scale)
        set_weight_args(self, "gamma", gamma_initializer, gamma_regularizer, gamma_constraint)
        set_weight_args(self, "beta", beta_initializer, beta_regularizer, beta_constraint)

    def build(self, input_shape):
        (axis,) = resolve_axes(self, self.axis, input_shape)
        if axis == 0:
            raise ValueError(f"GroupNormalization '{self.name}': the channel axis cannot be the batch axis 0.")
        channels = input_shape[axis]
        if channels is None:
            raise ValueError(
                f"GroupNormalization '{self.name}': axis {self.axis} of the input should have a defined "
                f"dimension but the layer received an input with shape {tuple(input_shape)}."
            )
        groups = channels if self.groups == -1 else self.groups
        if channels < groups or channels % groups:
            raise ValueError(
                f"GroupNormalization '{self.name}': the number of groups ({groups}) must divide the "
                f"number of channels ({channels}) of axis {self.axis}; input shape {tuple(input_shape)}."
            )
        self._groups = groups
        self._axis = axis
        if self.scale:
            self.add_weight("gamma", (channels,), self.gamma_initializer, regularizer=self.gamma_regularizer,
                            constraint=weight_constraint(self.gamma_constraint), autocast=False)
        if self.center:
            self.add_weight("beta", (channels,), self.beta_initializer, regularizer=self.beta_regularizer,
                            constraint=weight_constraint(self.beta_constraint), autocast=False)
        self.input_spec = InputSpec(ndim=len(input_shape), axes={self.axis: channels})

    def call(self, inputs):
        x = inputs.float() if inputs.dtype in _LOW_PRECISION else inputs
        # torch's group_norm wants channels at axis 1: a view, no copy.
        x = x.movedim(self._axis, 1)
        gamma, beta = getattr(self, "gamma", None), getattr(self, "beta", None)
        gamma = None if gamma is None else gamma.to(x.dtype)
        beta = None if beta is None else beta.to(x.dtype)
        outputs = F.group_norm(x, self._groups, gamma, beta, self.epsilon).movedim(1, self._axis)
        return outputs.to(inputs.dtype) if outputs.dtype != inputs.dtype else outputs

    def compute_output_shape(self, input_shape):
        resolve_axes(self, self.axis, input_shape)
        return input_shape

    def get_config(self):
        return {
            **super().get_config(),
            "groups": self.groups,
            "axis": self.axis,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            **weight_args_config(self, "beta", "gamma"),
        }
