"""Embedding: integer ids -> rows of a trainable `(input_dim, output_dim)` table."""

import warnings

import torch
import torch.nn.functional as F

from ... import initializers, regularizers
from ...tensors import torch_dtype
from ..call_context import traced
from ..kernel_args import get_constraint, serialize_constraint, weight_constraint
from ..layer import Layer


def _initializer(identifier):
    # Keras also knows RandomUniform as "uniform" (Embedding's default).
    return initializers.get("random_uniform" if identifier == "uniform" else identifier)


class Embedding(Layer):
    """Looks up one `output_dim` vector per integer id; ids must lie in `[0, input_dim)`.

    Float ids are truncated to integers, as Keras casts them; negative ids count from the
    end of the table, as Keras-on-torch's `take` does. With `mask_zero=True`, id 0 is
    padding: the output carries a mask (`ids != 0`) that masking-aware layers read, so the
    vocabulary needs `input_dim = vocabulary size + 1`.

    Args:
        input_dim: vocabulary size (largest id + 1), a positive int.
        output_dim: size of each vector, a positive int.
        embeddings_initializer: initializer of the table (`"uniform"`: U(-0.05, 0.05)).
        embeddings_regularizer: optional penalty on the table.
        embeddings_constraint: kept in the config (Lamina applies none yet).
        mask_zero: whether id 0 is padding that later layers should skip.
        weights: optional initial table, `(input_dim, output_dim)` (builds at once).
        lora_rank, lora_alpha, quantization_config: accepted at their defaults only.

    Input shape:
        `(batch, ...)` integer ids (Keras 3 ignores the old `input_length`).

    Output shape:
        `(batch, ..., output_dim)`.

    Example:

    >>> Embedding(1000, 64)(torch.zeros(8, 10, dtype=torch.int64)).shape
    torch.Size([8, 10, 64])
    """

    _float_outputs = True

    def __init__(self, input_dim: int, output_dim: int, embeddings_initializer="uniform",
                 embeddings_regularizer=None, embeddings_constraint=None, mask_zero: bool = False,
                 weights=None, lora_rank=None, lora_alpha=None, quantization_config=None, **kwargs):
        for argument, value in (("input_dim", input_dim), ("output_dim", output_dim)):
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise ValueError(
                    f"`{argument}` must be a positive integer. Received: {argument}={value!r} "
                    f"(of type {type(value).__name__})."
                )
        if kwargs.pop("input_length", None) is not None:
            warnings.warn("Argument `input_length` is deprecated. Just remove it.", UserWarning, stacklevel=2)
        if lora_rank is not None or quantization_config is not None:
            raise ValueError(
                f"Embedding: LoRA and quantization are not supported by Lamina yet. Received: "
                f"lora_rank={lora_rank!r}, quantization_config={quantization_config!r}."
            )
        super().__init__(**kwargs)
        self.input_dim = input_dim
        self.output_dim = output_dim
        self.embeddings_initializer = _initializer(embeddings_initializer)
        self.embeddings_regularizer = regularizers.get(embeddings_regularizer)
        self.embeddings_constraint = get_constraint(embeddings_constraint, "embeddings_constraint")
        self.mask_zero = bool(mask_zero)
        self.supports_masking = self.mask_zero
        self.lora_rank = lora_rank
        self.lora_alpha = lora_alpha
        if weights is not None:
            self.build()
            self.set_weights(weights if isinstance(weights, list) and len(weights) == 1 else [weights])

    def build(self, input_shape=None):
        if "embeddings" in self._parameters:
            return
        self.add_weight(shape=(self.input_dim, self.output_dim), initializer=self.embeddings_initializer,
                        name="embeddings", regularizer=self.embeddings_regularizer,
                        constraint=weight_constraint(self.embeddings_constraint))

    def call(self, inputs):
        if inputs.is_complex():
            raise TypeError(f"Embedding '{self.name}' takes integer ids; received a {inputs.dtype} tensor.")
        if inputs.dtype not in (torch.int32, torch.int64):
            inputs = inputs.to(torch.int64)  # truncated toward zero, as Keras casts float ids
        embeddings = self.embeddings  # an attribute: torch parametrizations replace the table entry
        outputs = None
        if inputs.device.type == "cpu" and not traced():
            # The usual ids need no wrapping: on the CPU torch raises IndexError for any id
            # outside [0, input_dim), and only then are negative ids wrapped (three ops saved
            # per call). On accelerators a bad id is a device assert, and a traced graph
            # raises nothing, so there the ids always wrap first.
            try:
                outputs = F.embedding(inputs, embeddings)
            except IndexError:
                pass
        if outputs is None:
            # Keras's `take`: -input_dim <= id < 0 counts from the end.
            ids = torch.where(inputs < 0, inputs + self.input_dim, inputs)
            try:
                outputs = F.embedding(ids, embeddings)
            except IndexError:
                bad = inputs[(inputs < -self.input_dim) | (inputs >= self.input_dim)]
                raise ValueError(
                    f"Embedding '{self.name}' received ids outside [-{self.input_dim}, {self.input_dim}) "
                    f"(input_dim={self.input_dim}), e.g. {int(bad[0]) if len(bad) else '?'}. Raise "
                    "`input_dim` to the vocabulary size + 1, or clip the ids."
                ) from None
        if self._mixed:
            outputs = outputs.to(torch_dtype(self.compute_dtype))
        return outputs

    def compute_mask(self, inputs, mask=None):
        return torch.as_tensor(inputs) != 0 if self.mask_zero else None

    def compute_output_shape(self, input_shape):
        return (*input_shape, self.output_dim)

    def get_config(self):
        return {
            **super().get_config(),
            "input_dim": self.input_dim,
            "output_dim": self.output_dim,
            "embeddings_initializer": initializers.serialize(self.embeddings_initializer),
            "embeddings_regularizer": regularizers.serialize(self.embeddings_regularizer),
            "activity_regularizer": regularizers.serialize(self.activity_regularizer),
            "embeddings_constraint": serialize_constraint(self.embeddings_constraint),
            "mask_zero": self.mask_zero,
            "quantization_config": None,
        }
