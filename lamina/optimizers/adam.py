"""Adam, with Keras's placement of epsilon."""

import math

import numpy
import torch

from .arguments import base_arguments
from .optimizer import Optimizer

_NUMPY_FLOAT = {torch.float16: numpy.float16, torch.float32: numpy.float32, torch.float64: numpy.float64}
_FUSED_DTYPES = (torch.float32, torch.float64)


def _fusable(variables, grads, amsgrad: bool) -> bool:
    """Whether torch's fused Adam kernel can run the step: dense float32/float64 tensors of
    one dtype on one device (CPU or CUDA), no AMSGrad, no tensor subclasses but
    parameters."""
    if amsgrad or not variables:
        return False
    first = variables[0]
    if first.dtype not in _FUSED_DTYPES or first.device.type not in ("cpu", "cuda"):
        return False
    return all(
        (type(t) is torch.Tensor or isinstance(t, torch.nn.Parameter)) and t.dtype == first.dtype
        and t.device == first.device and t.layout == torch.strided
        for t in (*variables, *grads)
    )


# Below this many elements, torch's own copy of a permuted gradient costs less than the views.
_VIEW_FROM = 16384


def _fused_layout(variables, grads, momentums, velocities):
    """The four tensor lists in one memory layout per weight, or None (use the foreach path).

    torch's fused Adam kernel walks a weight's four tensors in one memory order, and
    silently pairs the wrong elements when their strides differ (a row-major gradient for
    a Dense kernel stored as `(units, in)`, say, one the user computed and handed to
    `apply_gradients`). A gradient in another layout is copied into the weight's; a
    permuted layout (Dense and convolution kernels keep torch's order under Keras's shape)
    is handed over as row-major views, which the kernel reads without copying."""
    lists = ([], [], [], [])
    for v, g, m, s in zip(variables, grads, momentums, velocities):
        layout = v.stride()
        if g.stride() != layout:
            g = torch.empty_like(v).copy_(g)
        if g.stride() != layout or m.stride() != layout or s.stride() != layout:
            return None
        quad = (v, g, m, s)
        if v.numel() >= _VIEW_FROM and not v.is_contiguous():
            order = sorted(range(v.dim()), key=lambda d: -layout[d])
            viewed = tuple(t.permute(order) for t in quad)
            quad = viewed if viewed[0].is_contiguous() else quad
        for kept, t in zip(lists, quad):
            kept.append(t)
    return lists


class Adam(Optimizer):
    """Adam: per-weight step sizes from running averages of the gradient and its square.

    Keras folds both bias corrections into the step size and adds `epsilon` to the
    uncorrected `sqrt(v)`, so its `epsilon=1e-7` is not torch's `eps=1e-7`:

    ```
    m = m + (g - m) * (1 - beta_1)
    v = v + (g**2 - v) * (1 - beta_2)
    w = w - lr * sqrt(1 - beta_2**t) / (1 - beta_1**t) * m / (sqrt(v) + epsilon)
    ```

    Args:
        learning_rate: A float or a callable schedule. Defaults to `0.001`.
        beta_1: Decay rate of the first-moment average. Defaults to `0.9`.
        beta_2: Decay rate of the second-moment average. Defaults to `0.999`.
        epsilon: Added to `sqrt(v)` for numerical stability. Defaults to `1e-7`.
        amsgrad: Whether to divide by the running maximum of `v` (AMSGrad).
            Defaults to `False`.
        **kwargs: The base arguments (`weight_decay`, `clipnorm`, `clipvalue`,
            `global_clipnorm`, `name`, ...); see `Optimizer`.
    """

    def __init__(
        self,
        learning_rate: float = 0.001,
        beta_1: float = 0.9,
        beta_2: float = 0.999,
        epsilon: float = 1e-7,
        amsgrad: bool = False,
        weight_decay: float | None = None,
        clipnorm: float | None = None,
        clipvalue: float | None = None,
        global_clipnorm: float | None = None,
        use_ema: bool = False,
        ema_momentum: float = 0.99,
        ema_overwrite_frequency: int | None = None,
        loss_scale_factor: float | None = None,
        gradient_accumulation_steps: int | None = None,
        name: str | None = None,
        **kwargs,
    ):
        super().__init__(learning_rate=learning_rate, **base_arguments(locals()), **kwargs)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.amsgrad = amsgrad

    def _slot_groups(self):
        groups = [("momentum", "velocity")]
        if self.amsgrad:
            groups.append(("velocity_hat",))
        return groups

    def _update_step(self, grads, variables, slots, lr):
        t = self._local_step()
        fused = _fusable(variables, grads, self.amsgrad) and _fused_layout(
            variables, grads, slots["momentum"], slots["velocity"])
        if fused:
            # One pass over the weights with torch's fused kernel. It divides sqrt(v) by its
            # own sqrt(1 - beta_2**t) (in float64) before adding epsilon; Keras adds epsilon to
            # the plain sqrt(v) and forms its step size in the weights' dtype. Passing the
            # kernel epsilon / sqrt(kernel's correction) and a learning rate that swaps its
            # corrections for Keras's makes it Keras's update (to rounding).
            kernel_1, kernel_2 = 1.0 - self.beta_1**t, math.sqrt(1.0 - self.beta_2**t)
            step = torch.tensor(float(t), device=variables[0].device)
            torch._fused_adam_(
                *fused, [],
                [step] * len(variables), lr=self._step_size(lr, t, variables) * kernel_1 / kernel_2,
                beta1=self.beta_1, beta2=self.beta_2, weight_decay=0.0,
                eps=self.epsilon / kernel_2, amsgrad=False, maximize=False,
            )
            return
        alpha = self._step_size(lr, t, variables)
        momentums, velocities = slots["momentum"], slots["velocity"]
        torch._foreach_lerp_(momentums, grads, 1 - self.beta_1)
        torch._foreach_mul_(velocities, self.beta_2)
        torch._foreach_addcmul_(velocities, grads, grads, value=1 - self.beta_2)
        if self.amsgrad:
            torch._foreach_maximum_(slots["velocity_hat"], velocities)
            velocities = slots["velocity_hat"]
        denominators = torch._foreach_sqrt(velocities)
        torch._foreach_add_(denominators, self.epsilon)
        torch._foreach_addcdiv_(variables, momentums, denominators, value=-alpha)

    def _step_size(self, lr, t, variables) -> float:
        """Keras's `lr * sqrt(1 - beta_2**t) / (1 - beta_1**t)`, formed in the variables'
        dtype as Keras forms it (in float32, rounding beta_2 alone moves the first step by
        ~7e-6 relative); numpy's float32 scalars round as float32 tensors do."""
        dtype = _NUMPY_FLOAT.get(variables[0].dtype, numpy.float64)
        beta_1, beta_2, rate = dtype(self.beta_1), dtype(self.beta_2), dtype(lr)
        return float(rate * numpy.sqrt(dtype(1) - beta_2**t) / (dtype(1) - beta_1**t))

    def get_config(self):
        return {
            **super().get_config(),
            "beta_1": self.beta_1,
            "beta_2": self.beta_2,
            "epsilon": self.epsilon,
            "amsgrad": self.amsgrad,
        }
