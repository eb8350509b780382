"""BatchNormalization with Keras's momentum convention and biased moving variance."""

import torch

from ... import initializers, regularizers
from ..input_spec import InputSpec
from ..kernel_args import reject_constraints
from ..layer import Layer


class BatchNormalization(Layer):
    """Normalizes each feature of `axis` with batch statistics (training) or moving ones.

    Keras's conventions, which differ from torch's `BatchNorm2d`: the moving statistics
    update as `moving = moving * momentum + batch * (1 - momentum)` with `momentum=0.99`,
    the batch variance is the biased one, and `epsilon=1e-3`. A layer with
    `trainable=False` always runs in inference mode, as in Keras.

    Args:
        axis: the feature axis (default -1, the channels of channels_last data).
        momentum: weight of the old moving statistics.
        epsilon: added to the variance before the square root.
        center, scale: whether to learn `beta` / `gamma`.

    Weights, in Keras order: `gamma`, `beta` (trainable), `moving_mean`,
    `moving_variance` (non-trainable).

    Example:

    >>> BatchNormalization()(torch.zeros(4, 8, 8, 16)).shape
    torch.Size([4, 8, 8, 16])
    """

    _float_inputs = True

    def __init__(
        self,
        axis: int = -1,
        momentum: float = 0.99,
        epsilon: float = 1e-3,
        center: bool = True,
        scale: bool = True,
        beta_initializer="zeros",
        gamma_initializer="ones",
        moving_mean_initializer="zeros",
        moving_variance_initializer="ones",
        beta_regularizer=None,
        gamma_regularizer=None,
        beta_constraint=None,
        gamma_constraint=None,
        synchronized: bool = False,
        **kwargs,
    ):
        for key in ("renorm", "renorm_clipping", "renorm_momentum"):
            value = kwargs.pop(key, None)
            if key == "renorm" and value:
                raise ValueError("BatchNormalization: `renorm=True` is not supported by Lamina.")
        super().__init__(**kwargs)
        if synchronized:
            raise ValueError(
                "BatchNormalization: `synchronized=True` is not supported yet; convert the model "
                "with torch.nn.SyncBatchNorm semantics in mind or keep per-device statistics."
            )
        reject_constraints(self, beta_constraint, gamma_constraint)
        if not isinstance(axis, int):
            raise ValueError(f"BatchNormalization: `axis` must be an int. Received: axis={axis!r}")
        self.axis = axis
        self.momentum = float(momentum)
        self.epsilon = float(epsilon)
        self.center = bool(center)
        self.scale = bool(scale)
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.moving_mean_initializer = initializers.get(moving_mean_initializer)
        self.moving_variance_initializer = initializers.get(moving_variance_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)

    def build(self, input_shape):
        rank = len(input_shape)
        if not -rank <= self.axis < rank:
            raise ValueError(
                f"BatchNormalization '{self.name}': axis {self.axis} is out of range for input shape "
                f"{tuple(input_shape)}."
            )
        features = input_shape[self.axis]
        if features is None:
            raise ValueError(
                f"BatchNormalization '{self.name}': axis {self.axis} of the input must have a known "
                f"size. Received input shape {tuple(input_shape)}."
            )
        if self.scale:
            self.add_weight("gamma", (features,), self.gamma_initializer, regularizer=self.gamma_regularizer)
        if self.center:
            self.add_weight("beta", (features,), self.beta_initializer, regularizer=self.beta_regularizer)
        self.add_weight("moving_mean", (features,), self.moving_mean_initializer, trainable=False)
        self.add_weight("moving_variance", (features,), self.moving_variance_initializer, trainable=False)
        self._axis = self.axis % rank
        self.input_spec = InputSpec(ndim=rank, axes={self.axis: features})

    def call(self, inputs, training=False):
        # Broadcast the per-feature vectors against the feature axis.
        view = [1] * inputs.dim()
        view[self._axis] = -1
        if training and self.trainable:
            dims = [d for d in range(inputs.dim()) if d != self._axis]
            variance, mean = torch.var_mean(inputs, dim=dims, correction=0)
            with torch.no_grad():
                weight = 1.0 - self.momentum
                self.moving_mean.lerp_(mean.detach().to(self.moving_mean.dtype), weight)
                self.moving_variance.lerp_(variance.detach().to(self.moving_variance.dtype), weight)
        else:
            mean, variance = self.moving_mean, self.moving_variance
        inv = torch.rsqrt(variance + self.epsilon)
        if self.scale:
            inv = inv * self.gamma
        shift = -mean * inv
        if self.center:
            shift = shift + self.beta
        return inputs * inv.view(view) + shift.view(view)

    def get_config(self):
        return {
            **super().get_config(),
            "axis": self.axis,
            "momentum": self.momentum,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "beta_initializer": initializers.serialize(self.beta_initializer),
            "gamma_initializer": initializers.serialize(self.gamma_initializer),
            "moving_mean_initializer": initializers.serialize(self.moving_mean_initializer),
            "moving_variance_initializer": initializers.serialize(self.moving_variance_initializer),
            "beta_regularizer": regularizers.serialize(self.beta_regularizer),
            "gamma_regularizer": regularizers.serialize(self.gamma_regularizer),
            "beta_constraint": None,
            "gamma_constraint": None,
            "synchronized": False,
            "renorm": False,
            "renorm_clipping": None,
            "renorm_momentum": 0.99,
        }
