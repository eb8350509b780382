"""BatchNormalization with Keras's momentum convention, biased moving variance and renorm."""

import math

import torch

from ... import initializers
from ..input_spec import InputSpec
from ..kernel_args import set_weight_args, weight_args_config, weight_constraint
from ..layer import Layer
from ..layout import shape_plan
from .arguments import check_number, resolve_axes
from .renorm import check_renorm_clipping, renorm_transform, sqrt_of

_LOW_PRECISION = (torch.float16, torch.bfloat16)


class BatchNormalization(Layer):
    """Normalizes each feature of `axis` with batch statistics (training) or moving ones.

    Keras's conventions, which differ from torch's `BatchNorm2d`: the moving statistics
    update as `moving = moving * momentum + batch * (1 - momentum)` with `momentum=0.99`,
    the batch variance is the biased one, and `epsilon=1e-3`. A layer with
    `trainable=False` always runs in inference mode, as in Keras. Any rank and any
    feature axis work (3-D sequences, 5-D volumes, channels_first with `axis=1`).

    Args:
        axis: the feature axis, an int (default -1).
        momentum: weight of the old moving statistics, in [0, 1].
        epsilon: added to the variance before the square root, >= 0.
        center, scale: whether to learn `beta` / `gamma`.
        beta/gamma/moving_mean/moving_variance initializers, beta/gamma regularizers
        and constraints: as in Keras.
        renorm: batch renormalization; `renorm_clipping` (keys `rmax`, `rmin`, `dmax`)
            and `renorm_momentum` configure it.
        synchronized: Keras supports it only on TensorFlow; refused here likewise.

    Weights, in Keras order: `gamma`, `beta` (trainable), `moving_mean`,
    `moving_variance` (non-trainable), and with renorm `moving_stddev`, `renorm_mean`,
    `renorm_stddev`.

    Example:

    >>> BatchNormalization()(torch.zeros(4, 8, 8, 16)).shape
    torch.Size([4, 8, 8, 16])
    """

    _float_inputs = True

    def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones", moving_mean_initializer="zeros",
                 moving_variance_initializer="ones", beta_regularizer=None, gamma_regularizer=None,
                 beta_constraint=None, gamma_constraint=None, renorm=False, renorm_clipping=None,
                 renorm_momentum=0.99, synchronized=False, **kwargs):
        super().__init__(**kwargs)
        if isinstance(axis, bool) or not isinstance(axis, int):
            raise TypeError(f"BatchNormalization '{self.name}': `axis` must be an int. Received: axis={axis!r}")
        if synchronized:
            raise ValueError("Argument synchronized=True is only supported with the TensorFlow backend.")
        self.supports_masking = True
        self.axis = axis
        self.momentum = check_number(self, "momentum", momentum, low=0.0, high=1.0)
        self.epsilon = check_number(self, "epsilon", epsilon, low=0.0)
        self.center = bool(center)
        self.scale = bool(scale)
        set_weight_args(self, "beta", beta_initializer, beta_regularizer, beta_constraint)
        set_weight_args(self, "gamma", gamma_initializer, gamma_regularizer, gamma_constraint)
        self.moving_mean_initializer = initializers.get(moving_mean_initializer)
        self.moving_variance_initializer = initializers.get(moving_variance_initializer)
        self.synchronized = False
        self.renorm = bool(renorm)
        self.renorm_clipping = check_renorm_clipping(self, renorm_clipping) if renorm else renorm_clipping
        self.renorm_momentum = check_number(self, "renorm_momentum", renorm_momentum, low=0.0, high=1.0)

    def build(self, input_shape):
        (self._axis,) = resolve_axes(self, self.axis, input_shape)
        features = input_shape[self._axis]
        if features is None:
            raise ValueError(
                f"BatchNormalization '{self.name}': axis {self.axis} of the input must have a known "
                f"size. Received input shape {tuple(input_shape)}."
            )
        shape = (features,)
        if self.scale:
            self.add_weight("gamma", shape, self.gamma_initializer, regularizer=self.gamma_regularizer,
                            constraint=weight_constraint(self.gamma_constraint), autocast=False)
        if self.center:
            self.add_weight("beta", shape, self.beta_initializer, regularizer=self.beta_regularizer,
                            constraint=weight_constraint(self.beta_constraint), autocast=False)
        self.add_weight("moving_mean", shape, self.moving_mean_initializer, trainable=False, autocast=False)
        self.add_weight("moving_variance", shape, self.moving_variance_initializer, trainable=False, autocast=False)
        if self.renorm:
            stddev_init = sqrt_of(self.moving_variance_initializer)
            self.add_weight("moving_stddev", shape, stddev_init, trainable=False, autocast=False)
            self.add_weight("renorm_mean", shape, self.moving_mean_initializer, trainable=False, autocast=False)
            self.add_weight("renorm_stddev", shape, stddev_init, trainable=False, autocast=False)
        self.input_spec = InputSpec(ndim=len(input_shape), axes={self.axis: features})

    def call(self, inputs, training=False, mask=None):
        x = inputs.float() if inputs.dtype in _LOW_PRECISION else inputs
        training = bool(training and self.trainable)
        gamma = _in_dtype(self.gamma if self.scale else None, x)
        beta = _in_dtype(self.beta if self.center else None, x)
        if mask is None and not self.renorm and self.epsilon > 0:  # torch's kernel needs eps > 0
            orders = shape_plan(self, x.shape, self._fused_order)
            if orders is not None:
                outputs = self._fused(x, orders, gamma, beta, training)
                return outputs.to(inputs.dtype) if outputs.dtype != inputs.dtype else outputs
        if training:
            mean, variance = self._moments(x, mask)
            if self.renorm:
                gamma, beta = renorm_transform(self, mean, variance, gamma, beta)
            else:
                self._update_moving(mean, variance)
        else:
            mean, variance = _in_dtype(self.moving_mean, x), _in_dtype(self.moving_variance, x)
        view = [1] * x.dim()
        view[self._axis] = -1
        inv = torch.rsqrt(variance + self.epsilon)
        if gamma is not None:
            inv = inv * gamma
        outputs = (x - mean.view(view)) * inv.view(view)
        if beta is not None:
            outputs = outputs + beta.view(view)
        return outputs.to(inputs.dtype) if outputs.dtype != inputs.dtype else outputs

    def _fused_order(self, shape):
        """`(to_axis_1, back)`: the permutations that move the feature axis to 1 for torch's
        fused kernel and back (both None where it is there already); None where that kernel
        cannot run: fewer than 2 axes, or one value per feature (torch refuses those)."""
        if len(shape) < 2 or math.prod(shape) <= shape[self._axis]:
            return None
        if self._axis == 1:
            return None, None
        order = [d for d in range(len(shape)) if d != self._axis]
        order.insert(1, self._axis)
        return tuple(order), tuple(order.index(d) for d in range(len(shape)))

    def _fused(self, x, orders, gamma, beta, training: bool):
        """torch's fused batch norm (one kernel forward and backward) on the features moved
        to axis 1 (a view: NHWC becomes a channels_last NCHW tensor). It normalizes with the
        biased batch variance as Keras does, and returns the batch mean and `1 / sqrt(var +
        eps)` it computed: the moving statistics are updated from those with Keras's formula
        (torch's own update would use the unbiased variance), so the input is read once for
        its statistics, not twice."""
        to_axis_1, back = orders
        moved = x if to_axis_1 is None else x.permute(to_axis_1)
        if training:
            outputs, mean, invstd = torch.native_batch_norm(moved, gamma, beta, None, None, True, 0.0,
                                                            self.epsilon)
            # var = invstd^-2 - eps, never below 0 (a constant feature rounds to +-ulp(eps))
            self._move_statistics(mean, invstd.pow(-2).sub_(self.epsilon).clamp_min_(0.0))
        else:
            mean, variance = _in_dtype(self.moving_mean, x), _in_dtype(self.moving_variance, x)
            outputs = torch.native_batch_norm(moved, gamma, beta, mean, variance, False, 0.0,
                                              self.epsilon)[0]
        return outputs if back is None else outputs.permute(back)

    @torch.no_grad()
    def _update_moving(self, mean, variance) -> None:
        self._move_statistics(mean, variance)

    def _move_statistics(self, mean, variance) -> None:
        """Keras's `moving = moving * momentum + batch * (1 - momentum)` for both statistics,
        in place and as one op: `lerp(moving, batch, 1 - momentum)` is the same average
        (it rounds once less)."""
        torch._foreach_lerp_([self.moving_mean, self.moving_variance], [mean, variance], 1.0 - self.momentum)

    def _moments(self, x, mask):
        dims = [d for d in range(x.dim()) if d != self._axis]
        if mask is None:
            variance, mean = torch.var_mean(x, dim=dims, correction=0)
            return mean, variance
        mask = torch.as_tensor(mask, device=x.device)
        if mask.dim() != x.dim() - 1:
            raise ValueError(
                "The mask provided should be one dimension less than the inputs. Received: "
                f"mask.shape={tuple(mask.shape)}, inputs.shape={tuple(x.shape)}"
            )
        # Keras's masked moments: masked positions count for nothing, 1e-7 guards empty masks.
        weights = mask.unsqueeze(-1).expand(x.shape).to(torch.bool).to(x.dtype)
        count = weights.sum(dim=dims) + 1e-7
        mean = (x * weights).sum(dim=dims) / count
        view = [1] * x.dim()
        view[self._axis] = -1
        variance = (torch.square(x - mean.view(view)) * weights).sum(dim=dims) / count
        return mean, variance

    def compute_output_shape(self, input_shape):
        resolve_axes(self, self.axis, input_shape)
        return input_shape

    def get_config(self):
        weights = weight_args_config(self, "beta", "gamma")
        return {
            **super().get_config(),
            "axis": self.axis,
            "momentum": self.momentum,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "beta_initializer": weights["beta_initializer"],
            "gamma_initializer": weights["gamma_initializer"],
            "moving_mean_initializer": initializers.serialize(self.moving_mean_initializer),
            "moving_variance_initializer": initializers.serialize(self.moving_variance_initializer),
            "beta_regularizer": weights["beta_regularizer"],
            "gamma_regularizer": weights["gamma_regularizer"],
            "beta_constraint": weights["beta_constraint"],
            "gamma_constraint": weights["gamma_constraint"],
            "synchronized": self.synchronized,
            "renorm": self.renorm,
            "renorm_clipping": self.renorm_clipping,
            "renorm_momentum": self.renorm_momentum,
        }


def _in_dtype(weight, x):
    """`weight` in `x`'s dtype (None stays None). Read through the layer's attributes, not its
    weight tables, so a torch parametrization (weight norm, a user's) takes effect."""
    return weight if weight is None or weight.dtype == x.dtype else weight.to(x.dtype)
