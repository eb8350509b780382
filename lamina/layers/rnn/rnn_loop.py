"""The explicit time loop of `RNN`, with Keras's masking semantics.

At a masked step the states keep their previous values and the output repeats the
previous output (zeros before the first unmasked step), or is zero when
`zero_output_for_mask`. With `go_backwards` the sequence and its mask are read from the
end and the outputs are returned in processing order, as Keras returns them
(keras/src/backend/torch/rnn.py `rnn`).
"""

import torch


def _expand(mask_t, like):
    return mask_t.view(mask_t.shape[0], *([1] * (like.dim() - 1)))


def run_loop(step, inputs, states, mask=None, go_backwards=False, zero_output_for_mask=False,
             return_sequences=True):
    """Runs `step(x_t, states) -> (output, new_states)` over axis 1 of `inputs`.

    Returns `(last_output, outputs or None, final_states)`.
    """
    steps = inputs.unbind(1)
    masks = None if mask is None else mask.to(torch.bool).unbind(1)
    order = range(len(steps) - 1, -1, -1) if go_backwards else range(len(steps))
    outputs, output, previous = [], None, None
    for t in order:
        output, new_states = step(steps[t], states)
        if masks is not None:
            keep = masks[t]
            new_states = [torch.where(_expand(keep, new), new, old) for new, old in zip(new_states, states)]
            if previous is None or zero_output_for_mask:
                previous = torch.zeros_like(output)
            output = torch.where(_expand(keep, output), output, previous)
            previous = output
        states = new_states
        if return_sequences:
            outputs.append(output)
    return output, (torch.stack(outputs, 1) if return_sequences else None), states
