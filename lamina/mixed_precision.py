"""`keras.mixed_precision`: Keras's mixed precision policies on torch.autocast.

`set_dtype_policy("mixed_float16")` (or `"mixed_bfloat16"`) makes layers created
afterwards keep float32 weights and compute in the lower precision under
`torch.autocast`. Softmax outputs come back in float32 and losses are computed in
float32; `fit` scales the loss dynamically for float16, as Keras's LossScaleOptimizer.
"""

from .dtype_policies.dtype_policy import DTypePolicy as DTypePolicy
from .dtype_policies.dtype_policy import dtype_policy as dtype_policy
from .dtype_policies.dtype_policy import resolve as resolve
from .dtype_policies.dtype_policy import set_dtype_policy as set_dtype_policy
from .dtype_policies.dtype_policy import torch_compute_dtype as torch_compute_dtype
from .optimizers.loss_scale_optimizer import LossScaleOptimizer as LossScaleOptimizer

# Keras's older names for the same objects.
Policy = DTypePolicy
global_policy = dtype_policy
set_global_policy = set_dtype_policy
