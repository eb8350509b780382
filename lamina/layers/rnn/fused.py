"""torch's fused recurrent kernels (cuDNN on GPU) on Keras-layout weights.

Keras keeps one kernel `(input_dim, gates * units)`, one recurrent kernel and one bias;
torch wants `weight_ih (gates * units, input_dim)`, `weight_hh` and two biases. The
kernels are stored transposed in memory (`add_weight(memory_order=(1, 0))`), so `.t()` is
a free contiguous view; LSTM gates (i, f, c, o) are torch's order already, GRU gates
(z, r, h) are reordered to torch's (r, z, n) with one `cat` per call, never per step.

A right-padded mask runs as a packed sequence: torch stops each row at its length, which
is Keras's "states carried over masked steps", and the padded outputs repeat the row's
last output (or are zero under `zero_output_for_mask`), as Keras's loop gives them.
"""

import contextlib
import warnings

import torch
from torch.nn.utils.rnn import PackedSequence, pack_padded_sequence, pad_packed_sequence


def right_padded_lengths(mask):
    """Row lengths when `mask` is strictly right-padded with no empty row, else None.

    One host sync per call: the fused kernel needs the lengths on the CPU anyway."""
    mask = mask.to(torch.bool)
    lengths = mask.sum(1)
    steps = torch.arange(mask.shape[1], device=mask.device)
    ok = torch.equal(steps[None, :] < lengths[:, None], mask) and bool(lengths.min() > 0)
    return lengths.cpu() if ok else None


def _gru_order(tensor, units, dim):
    z, r, h = tensor.split(units, dim)
    return torch.cat([r, z, h], dim)


def params(kind: str, kernel, recurrent_kernel, bias, units: int) -> list:
    """Keras weights as the flat `[w_ih, w_hh, b_ih, b_hh]` list torch's kernels take."""
    w_ih, w_hh = kernel.t(), recurrent_kernel.t()
    if kind == "gru":
        w_ih, w_hh = _gru_order(w_ih, units, 0), _gru_order(w_hh, units, 0)
        if bias is not None:
            return [w_ih, w_hh, _gru_order(bias[0], units, 0), _gru_order(bias[1], units, 0)]
        return [w_ih, w_hh]
    if bias is None:
        return [w_ih, w_hh]
    return [w_ih, w_hh, bias, torch.zeros_like(bias)]  # Keras has one bias; torch adds two


_KERNELS = {"lstm": torch.lstm, "gru": torch.gru, "rnn_tanh": torch.rnn_tanh}


def run_fused(kind, inputs, states, weights, lengths=None, go_backwards=False,
              zero_output_for_mask=False, return_sequences=True):
    """Returns `(last_output, outputs or None, final_states)` as `rnn_loop.run_loop` does."""
    has_bias = len(weights) == 4
    fn = _KERNELS[kind]
    if go_backwards:
        inputs = inputs.flip(1)
    hx = tuple(s.unsqueeze(0) for s in states) if kind == "lstm" else states[0].unsqueeze(0)
    train = torch.is_grad_enabled()
    # cuDNN warns that it copies weights that are not one flat buffer (ours are Keras's
    # variables). Only there: catch_warnings swaps process-wide state, which another thread
    # calling a layer at the same moment would see, and costs a few microseconds per call.
    on_cuda = inputs.is_cuda
    with warnings.catch_warnings() if on_cuda else contextlib.nullcontext():
        if on_cuda:
            warnings.filterwarnings("ignore", message=".*contiguous chunk of memory.*")
        if lengths is None:
            result = fn(inputs, hx, weights, has_bias, 1, 0.0, train, False, True)
            outputs = result[0]
        else:
            packed = pack_padded_sequence(inputs, lengths, batch_first=True, enforce_sorted=False)
            order = packed.sorted_indices
            hx = tuple(h[:, order] for h in hx) if kind == "lstm" else hx[:, order]
            result = fn(packed.data, packed.batch_sizes, hx, weights, has_bias, 1, 0.0, train, False)
            outputs = PackedSequence(result[0], packed.batch_sizes, order, packed.unsorted_indices)
            outputs = pad_packed_sequence(outputs, batch_first=True, total_length=inputs.shape[1])[0]
            result = (None, *(h[:, packed.unsorted_indices] for h in result[1:]))
    final = [h.squeeze(0) for h in result[1:]]
    if lengths is not None and not zero_output_for_mask:
        steps = torch.arange(inputs.shape[1], device=inputs.device)
        valid = (steps[None, :] < lengths.to(inputs.device)[:, None]).unsqueeze(-1)
        outputs = torch.where(valid, outputs, final[0].unsqueeze(1))
    return outputs[:, -1], (outputs if return_sequences else None), final
