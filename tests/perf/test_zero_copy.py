"""No copies that Keras semantics don't require, checked by storage and by profiler counts.

What the semantics require, derived for NHWC inputs and Keras-layout weights:

- Conv2D / pooling: `x.permute(0, 3, 1, 2)` of a contiguous NHWC tensor is already
  channels_last memory, so torch's kernels read it in place and write a channels_last
  result whose permute back to NHWC is contiguous: zero activation copies. Flatten of
  that result is a view: zero copies.
- Dense: `addmm(bias, x, kernel)` starts the output as a broadcast copy of the bias.
  That `copy_` inside `aten::addmm` initializes the output (plain `nn.Linear` does the
  same); it is not a copy of an activation.
- Weights: torch wants the conv weight contiguous in the input's memory format. The
  permuted view of a kernel with plain Keras `(kh, kw, in, out)` memory is not, so
  each conv would copy it in the forward and again in the backward, and AccumulateGrad
  would copy the gradient back into the kernel's strides. Conv2D therefore keeps the
  Keras shape with `(out, kh, kw, in)` memory, which makes the permuted view
  channels_last-contiguous: no weight copies. The one weight copy torch makes of its own
  (`aten::to` of the weight gradient inside `convolution_backward`, one per conv) also
  happens for a plain channels_last `nn.Conv2d`, so it is allowed.

No timing asserts here; the figures live in `benchmarks/`.
"""

import pytest
import torch
import torch.nn.functional as F
from torch import nn
from torch.profiler import ProfilerActivity, profile

import lamina as keras
from lamina import layers

BATCH = 7  # no weight has an axis of 7, so batch-leading shapes are activations
COPY_OPS = ("aten::copy_", "aten::clone", "aten::contiguous", "aten::_to_copy")
# convolution_backward converts the weight gradient to the weight's memory format itself.
TORCH_OWN_WEIGHT_COPY = ("aten::_to_copy", "aten::convolution_backward")


def reference_model():
    return keras.Sequential([
        keras.Input((32, 32, 3)),
        layers.Conv2D(32, 3, activation="relu"),
        layers.Flatten(),
        layers.Dense(10, activation="softmax"),
    ])


def deeper_model():
    return keras.Sequential([
        keras.Input((32, 32, 3)),
        layers.Conv2D(32, 3, activation="relu"),
        layers.MaxPooling2D(),
        layers.Conv2D(64, 3, activation="relu"),
        layers.MaxPooling2D(),
        layers.Flatten(),
        layers.Dense(128, activation="relu"),
        layers.Dense(10, activation="softmax"),
    ])


MODELS = {"reference": reference_model, "deeper": deeper_model}


def torch_channels_last_deeper():
    """The deeper model written by hand in channels_last: the oracle for torch's own copies."""
    model = nn.Sequential(
        nn.Conv2d(3, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(2304, 128), nn.ReLU(), nn.Linear(128, 10), nn.Softmax(-1),
    )
    return model.to(memory_format=torch.channels_last)


def nhwc(batch=BATCH, size=32, channels=3):
    return torch.randn(batch, size, size, channels)


def shares_storage(a, b):
    return a.untyped_storage().data_ptr() == b.untyped_storage().data_ptr()


# --------------------------------------------------------------------------- copy counting
def _ancestors(event):
    parent = event.cpu_parent
    while parent is not None:
        yield parent
        parent = parent.cpu_parent


def copies(fn):
    """The outermost copy ops that `fn()` runs, as `(kind, shape, op, where)` tuples.

    `kind` is "bias_init" (inside addmm), "activation" (batch-leading shape), "scalar"
    (Python numbers wrapped into tensors) or "weight"; `where` names the op that asked
    for the copy (`aten::_convolution`, `aten::convolution_backward`, AccumulateGrad).
    """
    with profile(activities=[ProfilerActivity.CPU], record_shapes=True) as prof:
        fn()
    found = []
    for event in prof.events():
        if event.name not in COPY_OPS:
            continue
        parents = [p.name for p in _ancestors(event)]
        if any(name in COPY_OPS for name in parents):
            continue  # counted at the outermost copy (contiguous > clone > copy_)
        shape = tuple(event.input_shapes[0]) if event.input_shapes and event.input_shapes[0] else ()
        where = next((p for p in parents if p.startswith(("aten::", "torch::autograd"))
                      and p not in ("aten::to",)), "")
        if "aten::addmm" in parents:
            kind = "bias_init"
        elif not shape:
            kind = "scalar"
        elif shape[0] == BATCH:
            kind = "activation"
        else:
            kind = "weight"
        found.append((kind, shape, event.name, where))
    return found


def of_kind(found, kind):
    return [c for c in found if c[0] == kind]


def training_step(model, x, y):
    def step():
        loss = model.compute_loss(x, y, model(x, training=True))
        loss.backward()
    return step


# --------------------------------------------------------------------------- storage checks
def test_flatten_of_contiguous_tensor_is_a_view():
    x = nhwc()
    y = layers.Flatten()(x)
    assert y.shape == (BATCH, 32 * 32 * 3)
    assert shares_storage(x, y)
    assert y.data_ptr() == x.data_ptr()


@pytest.mark.parametrize(
    "layer",
    [
        lambda: layers.Conv2D(8, 3),
        lambda: layers.Conv2D(8, 3, padding="same"),  # symmetric: the kernel pads, no F.pad
        lambda: layers.Conv2D(8, 3, strides=2),
        lambda: layers.MaxPooling2D(2),
        lambda: layers.AveragePooling2D(2),
    ],
    ids=["conv_valid", "conv_same", "conv_strided", "max_pool", "average_pool"],
)
def test_nhwc_layer_output_is_channels_last_and_flattens_to_a_view(layer):
    layer = layer()
    x = nhwc(size=16, channels=4)
    with torch.no_grad():
        y = layer(x)
    assert y.shape[0] == BATCH and y.shape[-1] in (4, 8)
    assert y.is_contiguous()  # NHWC, contiguous
    assert y.permute(0, 3, 1, 2).is_contiguous(memory_format=torch.channels_last)
    flat = layers.Flatten()(y)
    assert shares_storage(flat, y)


# --------------------------------------------------------------------------- profiler counts
@pytest.mark.parametrize("name", list(MODELS))
def test_inference_forward_copies_no_activation(name):
    model = MODELS[name]()
    x = nhwc()
    with torch.no_grad():
        model(x)
        found = copies(lambda: model(x))
    assert of_kind(found, "activation") == []
    dense_layers = sum(isinstance(layer, layers.Dense) for layer in model.layers)
    assert len(of_kind(found, "bias_init")) == dense_layers


@pytest.mark.parametrize("name", list(MODELS))
def test_training_step_copies_no_activation(name):
    model = MODELS[name]()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    x, y = nhwc(), torch.randint(0, 10, (BATCH,))
    step = training_step(model, x, y)
    step()
    model.zero_grad(set_to_none=True)
    found = copies(step)
    assert of_kind(found, "activation") == []
    dense_layers = sum(isinstance(layer, layers.Dense) for layer in model.layers)
    assert len(of_kind(found, "bias_init")) == dense_layers


@pytest.mark.parametrize("name", list(MODELS))
def test_inference_forward_copies_no_kernel(name):
    model = MODELS[name]()
    x = nhwc()
    with torch.no_grad():
        model(x)
        found = copies(lambda: model(x))
    assert of_kind(found, "weight") == []


@pytest.mark.parametrize("name", list(MODELS))
def test_training_step_copies_only_torchs_own_weight_gradient_conversion(name):
    model = MODELS[name]()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    x, y = nhwc(), torch.randint(0, 10, (BATCH,))
    step = training_step(model, x, y)
    step()
    model.zero_grad(set_to_none=True)
    weights = of_kind(copies(step), "weight")
    convs = sum(isinstance(layer, layers.Conv2D) for layer in model.layers)
    assert [w[2:] for w in weights] == [TORCH_OWN_WEIGHT_COPY] * convs, weights


def test_hand_written_channels_last_torch_copies_activations():
    """The oracle for the allowed weight copy, and why NHWC can beat it: torch's own
    channels_last model copies activations in Flatten (NCHW order) and in max-pool's
    backward, which Lamina's NHWC layout does not."""
    model = torch_channels_last_deeper()
    x, y = nhwc().permute(0, 3, 1, 2), torch.randint(0, 10, (BATCH,))

    def step():
        F.nll_loss(torch.log(model(x).clamp(1e-7, 1 - 1e-7)), y).backward()

    step()
    model.zero_grad(set_to_none=True)
    found = copies(step)
    weights = of_kind(found, "weight")
    assert [w[2:] for w in weights] == [TORCH_OWN_WEIGHT_COPY] * 2, weights
    assert len(of_kind(found, "activation")) > 0
