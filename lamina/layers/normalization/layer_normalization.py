"""LayerNormalization: per-sample normalization over feature axes, with Keras's options."""

import warnings

import torch
import torch.nn.functional as F

from ..kernel_args import set_weight_args, weight_args_config, weight_constraint
from ..layer import Layer
from .arguments import (
    axes_spec,
    check_axis_arg,
    check_number,
    is_trailing,
    known_sizes,
    resolve_axes,
)

_LOW_PRECISION = (torch.float16, torch.bfloat16)


def _as(weight, x):
    """A weight in the compute dtype of `x` (float32 for half-precision weights, as Keras)."""
    return weight if weight is None or weight.dtype == x.dtype else weight.to(x.dtype)


class LayerNormalization(Layer):
    """Normalizes each sample over `axis` to mean 0 and variance 1, then scales by `gamma`
    and shifts by `beta`.

    The statistics are per sample (unlike BatchNormalization), so training and inference
    compute the same thing. Half-precision inputs are normalized in float32. Any axes
    work; Keras on torch fails for axes that are not the last ones, Lamina computes them
    as Keras's TF and JAX backends do.

    Args:
        axis: an int or a list of ints: the axes to normalize over (default -1).
        epsilon: added to the variance (default 1e-3).
        center, scale: whether to learn `beta` / `gamma` (shaped like the `axis` sizes).
        beta_initializer, gamma_initializer, beta_regularizer, gamma_regularizer,
        beta_constraint, gamma_constraint: for the two weights, as in Keras.
        rms_scaling: deprecated in Keras (it divides by the standard deviation without
            centering); use RMSNormalization instead. Accepted with Keras's warning.

    Input shape:
        Any, with known sizes along `axis`. Output shape: the same.

    Example:

    >>> LayerNormalization()(torch.zeros(2, 5, 8)).shape
    torch.Size([2, 5, 8])
    """

    _float_inputs = True  # ints and bools compute in floatx, as the ops need

    def __init__(self, axis=-1, epsilon=1e-3, center=True, scale=True, beta_initializer="zeros",
                 gamma_initializer="ones", beta_regularizer=None, gamma_regularizer=None,
                 beta_constraint=None, gamma_constraint=None, **kwargs):
        rms_scaling = kwargs.pop("rms_scaling", False)
        if rms_scaling:
            warnings.warn(
                "You passed `rms_scaling=True`, which is deprecated. This argument incorrectly scales "
                "the input by the variance, not the root mean square. To correctly use RMS "
                "Normalization, please use `keras.layers.RMSNormalization` instead.",
                stacklevel=2,
            )
        super().__init__(**kwargs)
        self.supports_masking = True
        self.axis = check_axis_arg(self, axis)
        self.epsilon = check_number(self, "epsilon", epsilon, low=0.0)
        self.center = bool(center)
        self.scale = bool(scale)
        self.rms_scaling = bool(rms_scaling)
        set_weight_args(self, "gamma", gamma_initializer, gamma_regularizer, gamma_constraint)
        set_weight_args(self, "beta", beta_initializer, beta_regularizer, beta_constraint)

    def build(self, input_shape):
        self._axes = resolve_axes(self, self.axis, input_shape)
        self.input_spec = axes_spec(self.axis, input_shape)
        shape = known_sizes(self, self._axes, input_shape)
        if self.scale or self.rms_scaling:
            self.add_weight("gamma", shape, self.gamma_initializer, regularizer=self.gamma_regularizer,
                            constraint=weight_constraint(self.gamma_constraint), autocast=False)
        if self.center and not self.rms_scaling:
            self.add_weight("beta", shape, self.beta_initializer, regularizer=self.beta_regularizer,
                            constraint=weight_constraint(self.beta_constraint), autocast=False)

    def call(self, inputs):
        x = inputs.float() if inputs.dtype in _LOW_PRECISION else inputs
        gamma, beta = _as(getattr(self, "gamma", None), x), _as(getattr(self, "beta", None), x)
        rank = x.dim()
        axes = [a % rank for a in self._axes]
        if not self.rms_scaling and is_trailing(axes, rank):
            outputs = F.layer_norm(x, tuple(x.shape[a] for a in axes), gamma, beta, self.epsilon)
        else:
            view = [x.shape[a] if a in axes else 1 for a in range(rank)]
            variance, mean = torch.var_mean(x, dim=axes, keepdim=True, correction=0)
            inv = torch.rsqrt(variance + self.epsilon)
            if self.rms_scaling:  # Keras's deprecated formula: no centering, no beta
                outputs = x * inv if gamma is None else x * inv * gamma.reshape(view)
            else:
                if gamma is not None:
                    inv = inv * gamma.reshape(view)
                shift = -mean * inv
                if beta is not None:
                    shift = shift + beta.reshape(view)
                outputs = x * inv + shift
        return outputs.to(inputs.dtype) if outputs.dtype != inputs.dtype else outputs

    def compute_output_shape(self, input_shape):
        resolve_axes(self, self.axis, input_shape)
        return input_shape

    def get_config(self):
        config = weight_args_config(self, "beta", "gamma")
        return {
            **super().get_config(),
            "axis": self.axis,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "rms_scaling": self.rms_scaling,
            **config,
        }
