"""TimeDistributed: one layer applied to every step of a sequence."""

import torch

from ..input_spec import InputSpec
from ..layer import Layer
from .wrapper import Wrapper


class TimeDistributed(Wrapper):
    """Applies `layer` to each slice `inputs[:, t]` along axis 1, with the same weights.

    The steps are folded into the batch axis and the inner layer runs once on
    `(batch * steps, ...)`: the same result as Keras's step-by-step loop for every layer
    that treats samples independently. An inner layer with state that a training call
    updates (BatchNormalization's moving statistics) runs step by step in training, as in
    Keras, so statistics and updates are per step.

    Args:
        layer: the `Layer` to apply at each step.

    Input shape:
        `(batch, steps, ...)`, rank 3 or more; the inner layer sees `(batch, ...)`.

    Output shape:
        `(batch, steps, *inner_output_shape[1:])`.

    Example:

    >>> TimeDistributed(Dense(8))(torch.zeros(4, 10, 16)).shape
    torch.Size([4, 10, 8])
    """

    def __init__(self, layer, **kwargs):
        if not isinstance(layer, Layer):
            raise ValueError(
                "Please initialize `TimeDistributed` layer with a `Layer` instance. "
                f"Received: {layer!r}"
            )
        super().__init__(layer, **kwargs)
        self.supports_masking = True
        self.input_spec = InputSpec(min_ndim=3)

    def build(self, input_shape):
        super().build(self._step_shape(input_shape))

    def call(self, inputs, training=False, mask=None):
        batch, steps = inputs.shape[:2]
        if mask is not None and (mask.dim() < 2 or tuple(mask.shape[:2]) != (batch, steps)):
            raise ValueError(
                f"The `mask` passed to the TimeDistributed layer '{self.name}' has shape "
                f"{tuple(mask.shape)}, incompatible with the input shape {tuple(inputs.shape)}: its "
                f"first two dimensions must be ({batch}, {steps})."
            )
        return self._apply_per_step(inputs, mask, training)

    def compute_output_shape(self, input_shape):
        inner = self.layer.compute_output_shape(self._step_shape(input_shape))
        return (inner[0], input_shape[1], *inner[1:])

    def _apply_per_step(self, inputs, mask, training):
        batch, steps = inputs.shape[:2]
        kwargs = {"training": training}
        per_step_mask = mask is not None and self.layer._call_takes_mask
        if training and steps and any(True for _ in self.layer.buffers()):
            outputs = [
                self._call_inner(inputs[:, t], **kwargs, **({"mask": mask[:, t]} if per_step_mask else {}))
                for t in range(steps)
            ]
            return torch.stack(outputs, dim=1)
        if per_step_mask:
            kwargs["mask"] = mask.reshape(batch * steps, *mask.shape[2:])
        outputs = self._call_inner(inputs.reshape(batch * steps, *inputs.shape[2:]), **kwargs)
        return outputs.reshape(batch, steps, *outputs.shape[1:])

    def _step_shape(self, input_shape):
        if not isinstance(input_shape, (tuple, list)) or len(input_shape) < 3:
            raise ValueError(
                f"TimeDistributed layer '{self.name}' should be passed an `input_shape` with at least 3 "
                f"dimensions (batch, steps, ...). Received: {input_shape}"
            )
        return (input_shape[0], *input_shape[2:])
