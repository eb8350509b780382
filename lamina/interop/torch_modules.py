"""Small pieces both porting directions share, and the one torch module they add."""

import numpy as np
import torch
from torch import nn


class RecurrentOutput(nn.Module):
    """Wraps a batch_first `nn.LSTM`/`nn.GRU`/`nn.RNN` so it fits in an `nn.Sequential`.

    It returns the whole output sequence `(batch, steps, units)`, or with
    `return_sequences=False` the last step `(batch, units)` — Keras's `return_sequences`.
    """

    def __init__(self, rnn: nn.Module, return_sequences: bool = True):
        super().__init__()
        self.rnn = rnn
        self.return_sequences = return_sequences

    def forward(self, x):
        y = self.rnn(x)[0]
        return y if self.return_sequences else y[:, -1]

    def extra_repr(self):
        return f"return_sequences={self.return_sequences}"


class SequencePooling(nn.Module):
    """Averages (`mode="avg"`) or maxes (`"max"`) a `(batch, steps, features)` tensor over its
    steps: Keras's GlobalAverage/GlobalMaxPooling1D on torch's batch_first sequence layout,
    which torch's adaptive pooling (it pools the last axis) does not cover.
    """

    def __init__(self, mode: str = "avg", keepdims: bool = False):
        super().__init__()
        if mode not in ("avg", "max"):
            raise ValueError(
                f"SequencePooling: mode must be 'avg' or 'max'. Received: mode={mode!r}"
            )
        self.mode, self.keepdims = mode, keepdims

    def forward(self, x):
        if self.mode == "avg":
            return x.mean(1, keepdim=self.keepdims)
        return x.amax(1, keepdim=self.keepdims)

    def extra_repr(self):
        return f"mode={self.mode!r}, keepdims={self.keepdims}"


def ntuple(value, rank: int) -> tuple:
    """torch's int-or-tuple arguments as a `rank`-tuple."""
    return tuple(value) if isinstance(value, (tuple, list)) else (value,) * rank


def numpy(tensor) -> np.ndarray:
    return tensor.detach().cpu().to(torch.float32).numpy()


def unsupported(name, module, why):
    raise ValueError(f"from_torch: cannot convert module '{name}' ({module!r}): {why}.")


def refuse(layer, why):
    raise ValueError(
        f"to_torch: cannot convert layer '{layer.name}' ({type(layer).__name__}): {why}."
    )


def copy(module, weight, bias=None):
    """Copies Lamina tensors into a torch module's `weight` (and `bias`)."""
    with torch.no_grad():
        module.weight.copy_(weight)
        if bias is not None:
            module.bias.copy_(bias)
