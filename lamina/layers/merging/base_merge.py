"""The base of the element-wise merge layers (Add, Subtract, Multiply, Average, Maximum,
Minimum), and the list and mask checks that Concatenate and Dot share."""

import torch

from ...shapes import broadcast_sample_shapes
from ..layer import Layer


class BaseMerge(Layer):
    """Combines a list of tensors element-wise, with Keras's broadcasting.

    Inputs of lower rank get axes of size 1 inserted after the batch axis, then the
    usual broadcasting applies to the per-sample axes; batch sizes must agree. Masks
    (one per input, `(batch, steps)` or `None`) combine with a logical OR, as Keras's.
    """

    _list_inputs = True
    _exact_inputs: int | None = None  # Subtract and Dot take exactly 2

    def build(self, input_shape):
        self._check_shapes(input_shape)

    def forward(self, inputs, *args, **kwargs):
        if not isinstance(inputs, (list, tuple)):
            raise ValueError(
                f"A merge layer ({type(self).__name__} '{self.name}') should be called on a list of "
                f"inputs. Received: a single input of type {type(inputs).__name__}."
            )
        inputs = list(inputs)
        shapes = [getattr(x, "shape", None) for x in inputs]
        if not inputs:
            self._check_list(inputs)
        if all(isinstance(s, (tuple, torch.Size)) for s in shapes):
            # Real batch sizes, and every call: the build saw only the first shapes.
            self._check_shapes([tuple(s) for s in shapes])
        return super().forward(inputs, *args, **kwargs)

    def call(self, inputs, mask=None):
        rank = max(x.dim() for x in inputs)
        inputs = [x.reshape(x.shape[:1] + (1,) * (rank - x.dim()) + x.shape[1:]) for x in inputs]
        return self._merge(inputs, list(mask) if mask is not None else [None] * len(inputs))

    def _merge(self, inputs, masks):
        raise NotImplementedError

    def compute_output_shape(self, input_shape):
        self._check_list(input_shape)
        sample = tuple(input_shape[0][1:])
        for shape in input_shape[1:]:
            out = broadcast_sample_shapes(sample, tuple(shape[1:]))
            if out is None:
                raise ValueError(
                    f"{type(self).__name__} layer '{self.name}': inputs must have the same shape, or "
                    f"shapes that broadcast. Received shapes {_shown(input_shape)}."
                )
            sample = out
        batch = {s[0] for s in input_shape if isinstance(s[0], int)}  # torch.export: symbolic
        return (batch.pop() if len(batch) == 1 else None, *sample)

    def compute_mask(self, inputs, mask=None):
        """The OR of the input masks; `None` unless every input has one (as in Keras)."""
        masks = _check_masks(inputs, mask)
        if masks is None or any(m is None for m in masks):
            return None
        out = masks[0]
        for m in masks[1:]:
            out = torch.logical_or(out, m)
        return out

    def _check_shapes(self, shapes):
        self._check_list(shapes)
        batch = {s[0] for s in shapes if isinstance(s[0], int)}  # symbolic sizes don't hash
        if len(batch) > 1:
            raise ValueError(
                f"{type(self).__name__} layer '{self.name}': cannot merge tensors with different "
                f"batch sizes. Received tensors with shapes {[tuple(s) for s in shapes]}."
            )
        self.compute_output_shape(shapes)

    def _check_list(self, shapes):
        name = f"{type(self).__name__} '{self.name}'"
        if not isinstance(shapes, (list, tuple)) or not shapes or not all(
            isinstance(s, (list, tuple)) for s in shapes
        ):
            raise ValueError(
                f"A merge layer ({name}) should be called on a list of at least 1 input. "
                f"Received: input_shape={shapes}"
            )
        if self._exact_inputs is not None and len(shapes) != self._exact_inputs:
            raise ValueError(
                f"A `{type(self).__name__}` layer ('{self.name}') should be called on exactly "
                f"{self._exact_inputs} inputs. Received {len(shapes)}: input_shape={[tuple(s) for s in shapes]}"
            )
        if any(len(s) == 0 for s in shapes):
            raise ValueError(
                f"A merge layer ({name}) needs inputs with a batch axis (rank 1 or more). "
                f"Received: input_shape={[tuple(s) for s in shapes]}"
            )

    def _masked_fold(self, op, inputs, masks):
        """Folds `op` over the inputs; a masked-out cell takes the other operand's value,
        so that Maximum/Minimum ignore masked steps (Keras's `_apply_merge_op_and_or_mask`)."""
        output = output_mask = None
        for x, mask in zip(inputs, masks):
            if mask is not None:
                mask = mask.unsqueeze(-1).expand_as(x)
            if output is None:
                output, output_mask = x, mask
                continue
            if mask is not None:
                x = torch.where(mask, x, output)
            if output_mask is not None:
                output = torch.where(output_mask, output, x)
            output_mask = output_mask | mask if mask is not None and output_mask is not None else None
            output = op(output, x)
        return output


def _shown(shapes) -> str:
    """Shapes with the batch axis as `None`: batch sizes are checked on their own."""
    return ", ".join(str((None, *tuple(s)[1:])) for s in shapes)


def _check_masks(inputs, mask):
    """`None`, or the list of masks after Keras's checks (a list as long as `inputs`)."""
    if mask is None:
        return None
    if not isinstance(mask, (list, tuple)):
        raise ValueError(f"`mask` should be a list. Received: mask={mask}")
    if not isinstance(inputs, (list, tuple)):
        raise ValueError(f"`inputs` should be a list. Received: inputs={inputs}")
    if len(mask) != len(inputs):
        raise ValueError(
            "The lists `inputs` and `mask` should have the same length. Received: "
            f"{len(inputs)} inputs and {len(mask)} masks."
        )
    return list(mask)
