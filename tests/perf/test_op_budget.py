"""Per-step overhead guard: aten operator calls, tensor allocations and Python function
calls, counted, not timed.

For each model family of `benchmarks/` (reference CNN, deeper CNN, Conv1D text classifier,
small U-Net, MobileNet-style block stack, and the LSTM and GRU classifiers of
`benchmarks/rnn.py`) this counts, with a `TorchDispatchMode`, the aten
operators that one warm training step (`train_on_batch`, forward + loss + backward + Adam)
and one batch-1 inference call (`model(x)` under `no_grad`) dispatch, and how many of their
outputs are fresh allocations (a storage no input of the op owns). Every extra op is
per-step Python and dispatcher overhead that shows up at batch 1 and at small batches;
counts do not depend on load, so the guard is deterministic where a timing is not. The
Python function calls of the same two phases (`sys.setprofile` "call" events: Lamina's own
functions and torch's Python layers such as `Module.__call__`) guard the per-call Python
overhead that dominates batch-1 latency: a check or conversion added to `Layer.forward`
shows up here as one more call per layer.

Updating a budget: when a change adds operators on purpose, or removes some, run

    KERAS_BACKEND=torch .venv/bin/python tests/perf/test_op_budget.py

which prints the measured counts as a `BUDGETS` dict; paste it over `BUDGETS` below and
say why in the commit message. The test allows `HEADROOM` (10 %) above the recorded count,
so small changes in torch's own decompositions do not fail it; a count that drops far below
its budget is reported by the script so the budget can be tightened. The counts were
recorded with torch 2.13 (CPU); another torch version can decompose ops differently.
"""

import math
import sys

import pytest
import torch
from torch.utils._python_dispatch import TorchDispatchMode
from torch.utils._pytree import tree_leaves

import lamina as keras
from lamina import layers
from lamina.layers.call_context import LOSSES_HELD

HEADROOM = 1.10
BATCH = 4
IMAGE = (16, 16, 3)
VOCAB, SEQUENCE = 50, 12

# (family, "train" | "call"): (aten ops, allocations, Python calls), measured by running
# this file.
BUDGETS = {
    ("reference", "train"): (67, 35, 537),
    ("reference", "call"): (8, 4, 59),
    ("deeper", "train"): (107, 53, 886),
    ("deeper", "call"): (21, 12, 148),
    ("text", "train"): (84, 43, 621),
    ("text", "call"): (12, 6, 78),
    ("unet", "train"): (174, 90, 1545),
    ("unet", "call"): (46, 20, 394),
    # BatchNormalization reads its weights as attributes (Module.__getattr__), so that torch
    # parametrizations take effect: 8 more Python calls per BN call than the weight tables.
    ("mobilenet", "train"): (154, 83, 1477),
    ("mobilenet", "call"): (38, 17, 252),
    ("lstm", "train"): (101, 63, 663),
    ("lstm", "call"): (21, 11, 108),
    # torch's CPU GRU (unlike its LSTM) runs one small op group per timestep: nn.GRU's too.
    ("gru", "train"): (680, 338, 670),
    ("gru", "call"): (198, 47, 115),
}


class OpCounter(TorchDispatchMode):
    """Counts dispatched aten ops and the outputs whose storage no input shares."""

    def __init__(self):
        super().__init__()
        self.ops = 0
        self.allocations = 0

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        out = func(*args, **(kwargs or {}))
        self.ops += 1
        inputs = {
            t.untyped_storage().data_ptr()
            for t in tree_leaves((args, kwargs)) if isinstance(t, torch.Tensor)
        }
        for t in tree_leaves(out):
            if isinstance(t, torch.Tensor) and t.untyped_storage().nbytes():
                self.allocations += t.untyped_storage().data_ptr() not in inputs
        return out


def count(fn) -> tuple[int, int, int]:
    with OpCounter() as counter:
        fn()
    return counter.ops, counter.allocations, python_calls(fn)


def python_calls(fn) -> int:
    """Python function calls made by `fn()` (builtins and C functions are not counted).

    A layer with `add_loss` losses left alive by another test in this process makes every
    outermost call walk its modules to clear them (call_context.LOSSES_HELD); the families
    here add none, so the flag is held off while counting, and the count is this model's."""
    calls = [0]
    held, LOSSES_HELD[0] = LOSSES_HELD[0], False

    def profiler(frame, event, arg):
        if event == "call":
            calls[0] += 1

    sys.setprofile(profiler)
    try:
        fn()
    finally:
        sys.setprofile(None)
        LOSSES_HELD[0] = held
    return calls[0] - 1  # `fn` itself


# --------------------------------------------------------------------------- families
def reference():
    return keras.Sequential([
        keras.Input(IMAGE), layers.Conv2D(32, 3, activation="relu"),
        layers.Flatten(), layers.Dense(10, activation="softmax"),
    ])


def deeper():
    return keras.Sequential([
        keras.Input(IMAGE),
        layers.Conv2D(32, 3, activation="relu"), layers.MaxPooling2D(),
        layers.Conv2D(64, 3, activation="relu"), layers.MaxPooling2D(),
        layers.Flatten(), layers.Dense(128, activation="relu"), layers.Dense(10, activation="softmax"),
    ])


def text():
    return keras.Sequential([
        keras.Input((SEQUENCE,), dtype="int64"), layers.Embedding(VOCAB, 8),
        layers.Conv1D(16, 5, activation="relu"), layers.GlobalMaxPooling1D(),
        layers.Dense(10, activation="softmax"),
    ])


def unet():
    inputs = keras.Input(IMAGE)
    c1 = layers.Conv2D(8, 3, padding="same", activation="relu")(inputs)
    c2 = layers.Conv2D(16, 3, padding="same", activation="relu")(layers.MaxPooling2D()(c1))
    bottom = layers.Conv2D(32, 3, padding="same", activation="relu")(layers.MaxPooling2D()(c2))
    up2 = layers.Conv2DTranspose(16, 2, strides=2)(bottom)
    d2 = layers.Conv2D(16, 3, padding="same", activation="relu")(layers.Concatenate()([up2, c2]))
    up1 = layers.Conv2DTranspose(8, 2, strides=2)(d2)
    d1 = layers.Conv2D(8, 3, padding="same", activation="relu")(layers.Concatenate()([up1, c1]))
    return keras.Model(inputs, layers.Conv2D(1, 1, activation="sigmoid")(d1))


def mobilenet():
    def bn_relu6():
        return [layers.BatchNormalization(), layers.ReLU(max_value=6.0)]

    return keras.Sequential([
        keras.Input(IMAGE),
        layers.Conv2D(8, 3, strides=2, padding="same", use_bias=False), *bn_relu6(),
        layers.DepthwiseConv2D(3, padding="same", use_bias=False), *bn_relu6(),
        layers.Conv2D(16, 1, use_bias=False), *bn_relu6(),
        layers.SeparableConv2D(16, 3, padding="same", use_bias=False), *bn_relu6(),
        layers.GlobalAveragePooling2D(), layers.Dense(10, activation="softmax"),
    ])


def recurrent(kind):
    """`benchmarks/rnn.py`'s IMDB-style classifier: Embedding -> LSTM/GRU -> Dense sigmoid."""
    def build():
        return keras.Sequential([
            keras.Input((SEQUENCE,), dtype="int64"), layers.Embedding(VOCAB, 8),
            getattr(layers, kind)(8), layers.Dense(1, activation="sigmoid"),
        ])

    return build


FAMILIES = {"reference": reference, "deeper": deeper, "text": text, "unet": unet, "mobilenet": mobilenet,
            "lstm": recurrent("LSTM"), "gru": recurrent("GRU")}
BINARY = {"unet", "lstm", "gru"}  # trained with binary crossentropy


def data(family):
    generator = torch.Generator().manual_seed(0)
    if family in ("text", "lstm", "gru"):
        x = torch.randint(0, VOCAB, (BATCH, SEQUENCE), generator=generator)
    else:
        x = torch.randn(BATCH, *IMAGE, generator=generator)
    if family == "unet":
        y = (torch.rand(BATCH, *IMAGE[:2], 1, generator=generator) < 0.5).float()
    elif family in BINARY:
        y = (torch.rand(BATCH, 1, generator=generator) < 0.5).float()
    else:
        y = torch.randint(0, 10, (BATCH,), generator=generator)
    return x, y


def measure(family) -> dict:
    """{"train": (ops, allocations), "call": (ops, allocations)} of the warm model."""
    keras.utils.set_random_seed(0)
    model = FAMILIES[family]()
    loss = "binary_crossentropy" if family in BINARY else "sparse_categorical_crossentropy"
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss=loss)
    x, y = data(family)
    for _ in range(2):  # first steps build the optimizer state and the step's caches
        model.train_on_batch(x, y)
    one = x[:1]
    with torch.no_grad():
        model(one)
    figures = {"train": count(lambda: model.train_on_batch(x, y))}
    with torch.no_grad():
        figures["call"] = count(lambda: model(one))
    return figures


@pytest.mark.parametrize("family", list(FAMILIES))
def test_op_and_allocation_counts_stay_within_budget(family):
    measured = measure(family)
    hint = "; if intended, update BUDGETS as this module's docstring says"
    for phase, counts in measured.items():
        for what, got, budget in zip(("aten ops", "tensor allocations", "Python calls"),
                                     counts, BUDGETS[(family, phase)]):
            assert got <= math.ceil(budget * HEADROOM), (
                f"{family} {phase}: {got} {what}, budget {budget} (+10 %){hint}")


def test_counter_sees_forward_backward_and_optimizer():
    """The counter is not blind: a hand-written step dispatches conv, its backward and Adam."""
    seen = []

    class Names(OpCounter):
        def __torch_dispatch__(self, func, types, args=(), kwargs=None):
            seen.append(str(func.overloadpacket))
            return super().__torch_dispatch__(func, types, args, kwargs)

    conv = torch.nn.Conv2d(3, 4, 3)
    optimizer = torch.optim.Adam(conv.parameters(), foreach=True)
    with Names() as counter:
        conv(torch.randn(2, 3, 8, 8)).sum().backward()
        optimizer.step()
    assert {"aten.convolution", "aten.convolution_backward"} <= set(seen)
    assert any(name.startswith("aten._foreach") for name in seen)
    assert counter.ops == len(seen) and 0 < counter.allocations < counter.ops


if __name__ == "__main__":
    print("BUDGETS = {")
    for name in FAMILIES:
        for phase, counts in measure(name).items():
            print(f"    ({name!r}, {phase!r}): {counts},")
    print("}")
