"""SpectralNormalization: a wrapper that keeps its layer's kernel at spectral norm 1."""

import torch

from ... import initializers
from ..core.wrapper import Wrapper
from ..input_spec import InputSpec


class SpectralNormalization(Wrapper):
    """Divides the wrapped layer's kernel (or embeddings) by its largest singular value,
    estimated by power iteration, at every training call.

    As in Keras, the normalized kernel is written back into the wrapped layer (so
    inference uses the last normalized kernel) and the power-iteration vector `vector_u`
    is a non-trainable weight carried from call to call. Gradients reach the kernel
    directly, not through the normalization.

    Args:
        layer: the layer to wrap; it must have a `kernel` or `embeddings` weight.
        power_iterations: power-iteration steps per training call, a positive int.

    Input shape / Output shape:
        Those of the wrapped layer.

    Example:

    >>> SpectralNormalization(Dense(4))(torch.zeros(2, 3)).shape
    torch.Size([2, 4])
    """

    def __init__(self, layer, power_iterations=1, **kwargs):
        super().__init__(layer, **kwargs)
        if isinstance(power_iterations, bool) or not isinstance(power_iterations, int) or power_iterations <= 0:
            raise ValueError(
                "`power_iterations` should be greater than zero. Received: "
                f"`power_iterations={power_iterations!r}`"
            )
        self.power_iterations = power_iterations

    def build(self, input_shape):
        super().build(input_shape)
        kernel = self._kernel()
        self.input_spec = InputSpec(min_ndim=1, axes={-1: input_shape[-1]})
        self.add_weight(
            "vector_u", (1, kernel.shape[-1]), initializers.TruncatedNormal(stddev=0.02),
            trainable=False, dtype=str(kernel.dtype).removeprefix("torch."),
        )

    def call(self, inputs, training=False):
        if training:
            kernel = self._kernel()
            with torch.no_grad():
                if bool((kernel != 0).any()):  # an all-zero kernel has no direction to keep
                    u, normalized = self._normalized_weights(kernel)
                    self.vector_u.copy_(u)
                    kernel.copy_(normalized)
        outputs = self.layer(inputs)
        # Keras casts back to the input dtype, which truncates Embedding outputs to the
        # integer ids' dtype; only float inputs set the output dtype here.
        if inputs.is_floating_point() and outputs.dtype != inputs.dtype:
            outputs = outputs.to(inputs.dtype)
        return outputs

    def _kernel(self) -> torch.Tensor:
        for name in ("kernel", "embeddings"):
            if isinstance(getattr(self.layer, name, None), torch.Tensor):
                return getattr(self.layer, name)
        raise ValueError(
            f"SpectralNormalization '{self.name}': {type(self.layer).__name__} object has no "
            "attribute 'kernel' nor 'embeddings'; wrap a layer that has one (Dense, Conv2D, Embedding)."
        )

    def _normalized_weights(self, kernel):
        weights = kernel.reshape(-1, kernel.shape[-1])
        u = self.vector_u
        for _ in range(self.power_iterations):
            v = _l2_normalize(u @ weights.T)
            u = _l2_normalize(v @ weights)
        sigma = (v @ weights) @ u.T
        return u, (kernel / sigma).reshape(kernel.shape)

    def compute_output_shape(self, input_shape):
        return self.layer.compute_output_shape(input_shape)

    @property
    def weights(self):
        # Keras tracks the wrapped kernel as the wrapper's own weight, so its order is
        # kernel, vector_u, then the wrapped layer's other weights; get/set_weights follow it.
        if not self.built:
            return super().weights
        kernel = self._kernel()
        return [kernel, self.vector_u, *(w for w in self.layer.weights if w is not kernel)]

    def _saved_own_weights(self):
        # In Keras's files the wrapper's own `vars` hold the kernel it tracks and vector_u;
        # the wrapped layer's group holds its weights again (kernel, bias).
        return [self._kernel(), self.vector_u] if self.built else []

    def get_config(self):
        return {**super().get_config(), "power_iterations": self.power_iterations}


def _l2_normalize(x):
    """`x / ||x||` over all elements, with Keras's floor on the norm (numerical_utils.normalize:
    `x * min(rsqrt(sum(x**2)), 1/epsilon)`, epsilon 1e-7)."""
    return x * torch.clamp(torch.rsqrt(torch.sum(torch.square(x))), max=1.0 / 1e-7)
