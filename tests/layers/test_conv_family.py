"""The convolution family beyond the case table: Keras's names and aliases, an independent
reference for transposed convolutions, unknown dims, channels_last layouts without copies,
clear errors (issue 9 items 14 and 19), configs Keras writes, and `.keras` files both ways."""

import itertools
import re

import numpy as np
import pytest
import torch
from cases import CASES

import lamina
from lamina import layers

TRANSPOSED = (layers.Conv1DTranspose, layers.Conv2DTranspose, layers.Conv3DTranspose)
CONV_CLASSES = {
    layers.Conv1D, layers.Conv2D, layers.Conv3D, *TRANSPOSED, layers.DepthwiseConv1D, layers.DepthwiseConv2D,
    layers.SeparableConv1D, layers.SeparableConv2D,
}


def sample(shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype("float32")


def keras_conv_names(keras):
    return sorted(n for n in dir(keras.layers) if "Conv" in n and "LSTM" not in n)


def test_every_keras_convolution_name_and_alias_exists(keras):
    for name in keras_conv_names(keras):
        ours, theirs = getattr(layers, name), getattr(keras.layers, name)
        assert ours.__name__ == theirs.__name__, name  # an alias names the same class
    for a, b in itertools.combinations(keras_conv_names(keras), 2):
        assert (getattr(layers, a) is getattr(layers, b)) == (getattr(keras.layers, a) is getattr(keras.layers, b))


# ------------------------------------------------------------------ transposed: independent reference


def transpose_reference(x, kernel, strides, dilation, padding, out_spatial):
    """Transposed convolution from its definition, channels_last, in float64.

    Every input cell scatters `x[i] @ kernel[j].T` to `i * stride + j * dilation` of the full
    output. TensorFlow's transposed convolution is the adjoint of the forward convolution
    whose input has the output's size `L`; with "same" padding that forward convolution
    pads `max((n - 1) * s + k_eff - L, 0) // 2` cells before the start, so output cell `q`
    is full cell `q + pad_before` (cells past the full output are zero).
    """
    x, kernel = x.astype("float64"), kernel.astype("float64")
    batch, *n, _ = x.shape
    *k, filters, _ = kernel.shape
    effective = [d * (kk - 1) + 1 for kk, d in zip(k, dilation)]
    full = np.zeros((batch, *[(nn - 1) * s + e for nn, s, e in zip(n, strides, effective)], filters))
    for i in itertools.product(*map(range, n)):
        for j in itertools.product(*map(range, k)):
            at = tuple(ii * s + jj * d for ii, jj, s, d in zip(i, j, strides, dilation))
            full[(slice(None), *at)] += x[(slice(None), *i)] @ kernel[j].T
    out = np.zeros((batch, *out_spatial, filters))
    source, target = [slice(None)], [slice(None)]
    for nn, s, e, size, full_size in zip(n, strides, effective, out_spatial, full.shape[1:-1]):
        before = max((nn - 1) * s + e - size, 0) // 2 if padding == "same" else 0
        length = min(size, full_size - before)
        source.append(slice(before, before + length))
        target.append(slice(0, length))
    out[tuple(target)] = full[tuple(source)]
    return out


TRANSPOSED_CASES = [case for case in CASES if case.layer in TRANSPOSED]


@pytest.mark.parametrize("case", TRANSPOSED_CASES, ids=[c.id for c in TRANSPOSED_CASES])
def test_transposed_convolution_matches_its_definition(case):
    layer = case.make()
    x = case.sample()
    y = layer(x).detach().numpy()
    channels_first = layer.data_format == "channels_first"
    x_last = np.moveaxis(x.numpy(), 1, -1) if channels_first else x.numpy()
    spatial = y.shape[2:] if channels_first else y.shape[1:-1]
    want = transpose_reference(x_last, layer.kernel.detach().numpy(), layer.strides, layer.dilation_rate,
                               layer.padding, spatial)
    if layer.use_bias:
        want = want + layer.bias.detach().numpy()
    want = layer.activation(torch.from_numpy(want)).numpy()
    if channels_first:
        want = np.moveaxis(want, -1, 1)
    np.testing.assert_allclose(y, want, rtol=5e-4, atol=1e-5)  # conv tolerance: summation order


@pytest.mark.parametrize("kernel_size, strides, padding, output_padding",
                         [(3, 2, "same", None), (3, 2, "same", 1), (2, 3, "valid", None), (5, 3, "same", 2)])
def test_transposed_convolution_cuts_by_hand_where_torch_padding_cannot(kernel_size, strides, padding,
                                                                         output_padding, keras):
    """k=3, s=2 "same" cuts one cell at the end only, which torch's symmetric `padding`
    cannot express: those windows take the slicing path."""
    kwargs = dict(filters=2, kernel_size=kernel_size, strides=strides, padding=padding,
                  output_padding=output_padding)
    x = sample((2, 4, 5, 3))
    oracle = keras.layers.Conv2DTranspose(**kwargs)
    want = keras.ops.convert_to_numpy(oracle(x))
    layer = layers.Conv2DTranspose(**kwargs)
    layer(x)
    layer.set_weights(oracle.get_weights())
    np.testing.assert_allclose(layer(x).detach().numpy(), want, rtol=5e-4, atol=1e-5)


def test_conv3d_transpose_positional_arguments_follow_keras_order(keras):
    """Keras's Conv3DTranspose alone takes `data_format` before `output_padding`."""
    args = (2, 3, 2, "same", "channels_first", 1)
    ours, theirs = layers.Conv3DTranspose(*args).get_config(), keras.layers.Conv3DTranspose(*args).get_config()
    assert ours["data_format"] == theirs["data_format"] == "channels_first"
    assert tuple(ours["output_padding"]) == tuple(theirs["output_padding"]) == (1, 1, 1)


# ------------------------------------------------------------------ unknown dims


UNKNOWN_DIMS = [
    (layers.Conv1D, dict(filters=4, kernel_size=3, padding="causal"), (None, None, 3)),
    (layers.Conv1D, dict(filters=4, kernel_size=3, strides=2, data_format="channels_first"), (None, 3, None)),
    (layers.Conv3D, dict(filters=4, kernel_size=3, strides=2, padding="same"), (None, None, 8, None, 2)),
    (layers.Conv1DTranspose, dict(filters=4, kernel_size=3, strides=2), (None, None, 3)),
    (layers.Conv2DTranspose, dict(filters=4, kernel_size=3, strides=2, padding="same", output_padding=1),
     (None, None, 5, 3)),
    (layers.Conv3DTranspose, dict(filters=4, kernel_size=2, strides=2, data_format="channels_first"),
     (None, 2, None, 4, None)),
    (layers.DepthwiseConv1D, dict(kernel_size=3, depth_multiplier=2), (None, None, 3)),
    (layers.DepthwiseConv2D, dict(kernel_size=3, strides=2, padding="same"), (None, None, None, 3)),
    (layers.SeparableConv1D, dict(filters=4, kernel_size=3), (None, None, 3)),
    (layers.SeparableConv2D, dict(filters=4, kernel_size=3, data_format="channels_first"), (None, 3, None, 9)),
]


@pytest.mark.parametrize("layer, kwargs, shape", UNKNOWN_DIMS, ids=[f"{c.__name__}-{s}" for c, _, s in UNKNOWN_DIMS])
def test_compute_output_shape_with_unknown_dims_matches_keras(layer, kwargs, shape, keras):
    theirs = getattr(keras.layers, layer.__name__)(**kwargs).compute_output_shape(shape)
    assert tuple(layer(**kwargs).compute_output_shape(shape)) == tuple(theirs)


def test_depthwise_with_unknown_channels_keeps_them_unknown():
    """Keras raises a TypeError here (`depth_multiplier * None`); the channels are unknown."""
    assert layers.DepthwiseConv2D(3, depth_multiplier=2).compute_output_shape((None, 7, 7, None)) == (None, 5, 5, None)


# ------------------------------------------------------------------ channels_last without copies


ZERO_COPY = [
    (lambda: layers.Conv1D(8, 3), (7, 12, 4)),
    (lambda: layers.Conv1D(8, 3, padding="causal", dilation_rate=2), (7, 12, 4)),
    (lambda: layers.Conv1D(8, 3, strides=2, padding="same"), (7, 12, 4)),
    (lambda: layers.Conv3D(8, 3), (7, 6, 6, 6, 4)),
    (lambda: layers.Conv3D(8, 3, padding="same"), (7, 6, 6, 6, 4)),
    (lambda: layers.Conv1DTranspose(8, 4, strides=2, padding="same"), (7, 12, 4)),
    (lambda: layers.Conv2DTranspose(8, 4, strides=2, padding="same"), (7, 6, 6, 4)),
    (lambda: layers.Conv3DTranspose(8, 2, strides=2), (7, 3, 3, 3, 4)),
    (lambda: layers.DepthwiseConv1D(3, depth_multiplier=2), (7, 12, 4)),
    (lambda: layers.DepthwiseConv2D(3, padding="same"), (7, 8, 8, 4)),
    (lambda: layers.SeparableConv1D(8, 3), (7, 12, 4)),
    (lambda: layers.SeparableConv2D(8, 3), (7, 8, 8, 4)),
]


@pytest.mark.parametrize("make, shape", ZERO_COPY, ids=[str(i) for i in range(len(ZERO_COPY))])
def test_channels_last_output_is_contiguous_and_flattens_to_a_view(make, shape):
    """1-D maps run through torch's 2-D kernels on a (batch, channels, 1, steps) view and
    3-D maps as channels_last_3d views, so the output comes back contiguous in Keras's
    layout and Flatten is a view (cf. tests/perf/test_zero_copy.py for Conv2D)."""
    layer = make()
    with torch.no_grad():
        y = layer(torch.randn(shape))
    assert y.is_contiguous()
    flat = layers.Flatten()(y)
    assert flat.untyped_storage().data_ptr() == y.untyped_storage().data_ptr()


def is_bias_broadcast(shapes):
    """`copy_(output, bias.view(C, 1, 1))`: the bias source has unit spatial axes."""
    return len(shapes) > 1 and len(shapes[1]) > 1 and all(d == 1 for d in shapes[1][1:])


KERNEL_READS = [
    (lambda: layers.Conv1D(8, 3, padding="same"), (7, 12, 4)),
    (lambda: layers.Conv3D(8, 3), (7, 6, 6, 6, 4)),
    (lambda: layers.Conv2DTranspose(8, 4, strides=2, padding="same"), (7, 8, 8, 4)),
    (lambda: layers.DepthwiseConv2D(3), (7, 8, 8, 4)),
    (lambda: layers.SeparableConv1D(8, 3), (7, 12, 4)),
]


@pytest.mark.parametrize("make, shape", KERNEL_READS, ids=[str(i) for i in range(len(KERNEL_READS))])
def test_inference_forward_makes_no_copy(make, shape):
    """The Keras-layout kernels are stored in the memory order torch's channels_last
    kernels read, and inputs are read as views: an inference forward copies nothing but
    the bias, which torch's 1x1 convolution (the pointwise step) broadcasts into its
    output to start the sum, as addmm does for Dense."""
    from torch.profiler import ProfilerActivity, profile

    layer = make()
    x = torch.randn(shape)
    with torch.no_grad():
        layer(x)
        with profile(activities=[ProfilerActivity.CPU], record_shapes=True) as prof:
            layer(x)
    copies = [(e.name, e.input_shapes) for e in prof.events()
              if e.name in ("aten::copy_", "aten::clone", "aten::contiguous", "aten::_to_copy")
              and not is_bias_broadcast(e.input_shapes)]
    assert copies == []


def batch_copies(fn, batch):
    """Outermost copy ops whose first input leads with the batch axis (activations)."""
    from torch.profiler import ProfilerActivity, profile

    names = ("aten::copy_", "aten::clone", "aten::contiguous", "aten::_to_copy")
    with profile(activities=[ProfilerActivity.CPU], record_shapes=True) as prof:
        fn()
    found = []
    for event in prof.events():
        parent, nested = event.cpu_parent, False
        while parent is not None:
            nested = nested or parent.name in names
            parent = parent.cpu_parent
        shape = event.input_shapes[0] if event.input_shapes else []
        if event.name in names and not nested and shape and shape[0] == batch:
            found.append((event.name, tuple(shape)))
    return found


@pytest.mark.parametrize("stack, shape", [
    (lambda: [layers.Conv1D(8, 3, activation="relu"), layers.MaxPooling1D(), layers.Conv1D(8, 3, padding="same")],
     (7, 20, 3)),
    (lambda: [layers.Conv3D(4, 3, activation="relu"), layers.MaxPooling3D(), layers.Conv3DTranspose(4, 2, strides=2)],
     (7, 6, 6, 6, 3)),
], ids=["conv1d", "conv3d"])
def test_training_step_copies_no_activation(stack, shape):
    """As tests/perf/test_zero_copy.py checks for Conv2D: forward and backward of 1-D and
    3-D stacks, Flatten included, never copy an activation (batch 7 marks them)."""
    model = lamina.Sequential([lamina.Input(shape[1:]), *stack(), layers.Flatten()])
    x = torch.randn(shape)
    weights = torch.randn(model.output_shape[1:]).expand(shape[0], -1)

    def step():
        # A weighted sum: its gradient is a dense tensor, as a real loss's is (the gradient
        # of a plain `sum` is a stride-0 expand, which convolution_backward would copy).
        (model(x, training=True) * weights).sum().backward()

    step()
    assert batch_copies(step, batch=7) == []


# ------------------------------------------------------------------ clear errors (issue 9)


def test_conv2d_on_rank_5_input_names_the_layer_and_shape():
    with pytest.raises(ValueError, match=r"'c2'.*expected max_ndim=4, found ndim=5.*\(None, 2, 8, 8, 3\)"):
        layers.Conv2D(4, 3, name="c2")(torch.zeros(1, 2, 8, 8, 3))


@pytest.mark.parametrize("cls, shape", [
    (layers.Conv1D, (1, 8, 8, 3)), (layers.Conv3D, (1, 8, 8, 3)), (layers.Conv1DTranspose, (1, 8)),
    (layers.SeparableConv2D, (1, 4, 8, 8, 3)), (layers.DepthwiseConv1D, (1, 4, 8, 8)),
])
def test_wrong_rank_is_a_value_error_with_the_shape(cls, shape):
    kwargs = {} if cls in (layers.DepthwiseConv1D,) else {"filters": 2}
    shown = re.escape(str((None, *shape[1:])))  # unbuilt: checked with the batch axis unknown
    with pytest.raises(ValueError, match=rf"'bad'.*found ndim={len(shape)}.*{shown}"):
        cls(kernel_size=1, name="bad", **kwargs)(torch.zeros(shape))


def test_conv_on_zero_channels_is_a_value_error():
    """Issue 9 item 14: (1, 7, 3, 0) used to give a (1, 4, 2, 0) output while
    compute_output_shape said (1, 4, 2, 3)."""
    with pytest.raises(ValueError, match=r"'c0'.*non-zero number of input channels.*\(None, 7, 3, 0\)"):
        layers.Conv2D(3, 1, strides=2, padding="same", name="c0")(torch.zeros(1, 7, 3, 0))


@pytest.mark.parametrize("make", [
    lambda: layers.Conv2D(3, 1, padding="same"), lambda: layers.Conv1D(3, 1, padding="causal"),
    lambda: layers.Conv2DTranspose(3, 2, strides=2), lambda: layers.DepthwiseConv2D(1, padding="same"),
    lambda: layers.SeparableConv2D(3, 1, padding="same"),
])
def test_zero_size_spatial_axis_raises_in_call_and_in_compute_output_shape(make):
    layer = make()
    rank = layer.rank
    empty = (1, *(4,) * (rank - 1), 0, 3)
    with pytest.raises(ValueError, match=r"zero or negative|empty spatial axis"):
        layer.compute_output_shape(empty)
    with pytest.raises(ValueError, match=rf"'{layer.name}'"):
        layer(torch.zeros(empty))
    # Built on a good shape first, a later empty map is still a ValueError, not torch's.
    layer(torch.zeros((1, *(4,) * rank, 3)))
    with pytest.raises(ValueError, match=rf"'{layer.name}'"):
        layer(torch.zeros(empty))


def test_too_small_input_after_build_is_a_value_error():
    layer = layers.Conv1D(2, 3, name="short")
    layer(torch.zeros(1, 8, 3))
    with pytest.raises(ValueError, match=r"'short'.*zero or negative.*\(1, 2, 3\)"):
        layer(torch.zeros(1, 2, 3))


@pytest.mark.parametrize("name, kwargs", [
    ("Conv2D", dict(filters=2, kernel_size=3, padding="causal")),
    ("Conv1DTranspose", dict(filters=2, kernel_size=3, padding="causal")),
    ("DepthwiseConv1D", dict(kernel_size=3, padding="causal")),
    ("SeparableConv1D", dict(filters=2, kernel_size=3, padding="causal")),
    ("Conv2DTranspose", dict(filters=2, kernel_size=3, strides=2, output_padding=2)),
    ("DepthwiseConv2D", dict(kernel_size=3, depth_multiplier=0)),
    ("SeparableConv2D", dict(filters=0, kernel_size=3)),
    ("Conv3D", dict(filters=2, kernel_size=3, strides=2, dilation_rate=2)),
])
def test_bad_arguments_are_refused_as_keras_refuses_them(name, kwargs, keras):
    with pytest.raises(ValueError):
        getattr(keras.layers, name)(**kwargs)
    with pytest.raises(ValueError):
        getattr(layers, name)(**kwargs)


# ------------------------------------------------------------------ configs Keras writes


@pytest.mark.parametrize("name, kwargs", [
    ("Conv1D", dict(filters=2, kernel_size=3, kernel_constraint="non_neg", bias_constraint="max_norm")),
    ("Conv2DTranspose", dict(filters=2, kernel_size=3, kernel_constraint="unit_norm")),
    ("SeparableConv2D", dict(filters=2, kernel_size=3, depthwise_constraint="non_neg",
                             pointwise_constraint="max_norm", activity_regularizer="l2")),
    ("DepthwiseConv1D", dict(kernel_size=3, depthwise_regularizer="l1", activity_regularizer="l1")),
])
def test_keras_configs_with_constraints_and_activity_regularizers_round_trip(name, kwargs, keras):
    """Constraints are kept and written back as Keras wrote them (Lamina has no constraints
    module yet, so a config-dict constraint is not applied in training)."""
    theirs = getattr(keras.layers, name)(**kwargs).get_config()
    ours = getattr(layers, name).from_config(theirs).get_config()
    assert ours == theirs


def test_activity_regularizer_penalty_matches_keras(keras):
    x = sample((4, 10, 3))
    oracle = keras.layers.Conv1D(2, 3, activity_regularizer="l2")
    oracle(x)
    layer = layers.Conv1D(2, 3, activity_regularizer="l2")
    layer(x)
    layer.set_weights(oracle.get_weights())
    layer(x)
    want = float(keras.ops.convert_to_numpy(oracle.losses[-1]))
    np.testing.assert_allclose(float(layer.losses[-1].detach()), want, rtol=1e-5)


def test_callable_constraint_reaches_the_weight():
    def clip(w):
        return w.clamp(-0.1, 0.1)

    layer = layers.Conv1D(2, 3, kernel_constraint=clip)
    layer(torch.zeros(1, 5, 2))
    assert layer.kernel.constraint is clip


# ------------------------------------------------------------------ .keras files, both ways


def conv_stack(k):
    return k.Sequential([
        k.Input((16, 3)),
        k.layers.Conv1D(6, 3, padding="causal", activation="relu"),
        k.layers.SeparableConv1D(8, 3, depth_multiplier=2, padding="same"),
        k.layers.DepthwiseConv1D(3, strides=2),
        k.layers.Conv1DTranspose(4, 3, strides=2, padding="same"),
        k.layers.Flatten(),
        k.layers.Dense(2),
    ])


def volume_stack(k):
    return k.Sequential([
        k.Input((4, 6, 6, 2)),
        k.layers.Conv3D(4, 3, padding="same"),
        k.layers.Conv3DTranspose(3, 2, strides=2),
        k.layers.Reshape((8, 12 * 12, 3)),
        k.layers.DepthwiseConv2D(3, depth_multiplier=2),
        k.layers.Conv2DTranspose(2, 3, strides=(1, 2), padding="same", output_padding=(0, 1)),
        k.layers.SeparableConv2D(2, (3, 1), data_format="channels_first"),
        k.layers.Flatten(),
    ])


@pytest.mark.parametrize("build", [conv_stack, volume_stack], ids=["sequence", "volume"])
def test_keras_files_load_both_ways(build, tmp_path, keras):
    x = sample((3, *build(keras).input_shape[1:]))
    theirs = build(keras)
    rng = np.random.default_rng(0)
    theirs.set_weights([rng.standard_normal(w.shape).astype("float32") * 0.3 for w in theirs.get_weights()])
    theirs.save(tmp_path / "k.keras")
    ours = lamina.models.load_model(tmp_path / "k.keras")
    want = theirs.predict(x, verbose=0)
    np.testing.assert_allclose(ours.predict(x, verbose=0), want, rtol=5e-4, atol=1e-4)  # conv tolerance, 6 layers
    ours.save(tmp_path / "l.keras")
    back = keras.saving.load_model(tmp_path / "l.keras")
    np.testing.assert_allclose(back.predict(x, verbose=0), want, rtol=5e-4, atol=1e-4)
