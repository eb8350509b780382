"""Rows for `lamina.ops.nn` (activations, convolutions, pooling, losses, normalizations,
attention, CTC); see op_cases.py. Convolution rows use Keras's own conv tolerance."""

import numpy as np
import torch
from op_cases import OpCase, S

CONV = dict(module="nn", rtol=5e-4, atol=1e-5)  # loose: Keras's conv tests use these

_UNARY = [
    "relu", "relu6", "sigmoid", "sparse_sigmoid", "softplus", "softsign", "soft_shrink",
    "sparse_plus", "silu", "swish", "squareplus", "log_sigmoid", "leaky_relu", "hard_sigmoid",
    "hard_silu", "hard_swish", "elu", "selu", "gelu", "celu", "tanh_shrink", "hard_tanh",
    "hard_shrink",
]  # fmt: skip
# Keras on torch keeps (or floats) integer inputs for these; the rest raise torch errors.
_INT_OK = ["relu", "relu6", "sigmoid", "sparse_sigmoid", "softsign", "sparse_plus",
           "squareplus", "tanh_shrink", "hard_tanh"]


def _softplus_of_int_is_float(ours, args, kwargs):
    # Keras on torch raises "not implemented for 'Int'"; we follow its other backends:
    # the float result of the same values (keras/src/backend/jax/nn.py: jax.nn.softplus).
    x = torch.as_tensor(np.asarray(args[0])).float()
    assert ours.dtype == torch.float32
    torch.testing.assert_close(ours, torch.nn.functional.softplus(x))


def _sparsemax_is_simplex_projection(ours, args, kwargs):
    # The sparsemax definition in keras/src/ops/nn.py (Martins & Astudillo 2016): the
    # Euclidean projection onto the simplex, computed here independently by bisection on tau.
    x = np.asarray(args[0], dtype=np.float64)
    lo, hi = x.min(-1, keepdims=True) - 1, x.max(-1, keepdims=True)
    for _ in range(100):
        tau = (lo + hi) / 2
        too_big = np.maximum(x - tau, 0).sum(-1, keepdims=True) > 1
        lo, hi = np.where(too_big, tau, lo), np.where(too_big, hi, tau)
    expected = np.maximum(x - (lo + hi) / 2, 0)
    np.testing.assert_allclose(ours.numpy(), expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(ours.sum(-1).numpy(), 1.0, rtol=1e-6)


def _average_pool_excludes_padding(ours, args, kwargs):
    # TF's "same" average pooling (the semantics Keras documents in ops/nn.py): each window
    # averages only real inputs. Keras 3.15.1 on torch averages replicated edges in instead.
    x = np.asarray(args[0], dtype=np.float64)  # (batch, length, channels), pool 4, stride 1
    padded = np.pad(x, ((0, 0), (1, 2), (0, 0)), constant_values=np.nan)
    windows = np.stack([padded[:, i:i + 4] for i in range(x.shape[1])], axis=1)
    np.testing.assert_allclose(ours.numpy(), np.nanmean(windows, axis=2), rtol=1e-5, atol=1e-6)


def _one_hot_negative_axis(ours, args, kwargs):
    # `axis` is the class axis of the output (keras/src/ops/nn.py `one_hot`, as jax.nn.one_hot);
    # Keras 3.15.1 on torch permutes wrongly for negative axes other than -1, so no oracle.
    labels = np.asarray(args[0])
    expected = np.moveaxis(np.eye(args[1], dtype="float32")[labels], -1, kwargs["axis"])
    np.testing.assert_array_equal(ours.numpy(), expected)


def _channels_last_output_is_contiguous(ours, args, kwargs):
    # The NHWC input runs as a channels_last view (no copy), so the result comes back as a
    # contiguous NHWC tensor without a final transpose copy (STYLE.md 3.5 rule 4).
    assert ours.shape == (2, 4, 4, 4) and ours.is_contiguous()


def _layer_norm_middle_axis(ours, args, kwargs):
    # Normalizing over axis 1 only (keras/src/ops/nn.py `_layer_normalization`, moments path).
    x = np.asarray(args[0], dtype=np.float64)
    mean, var = x.mean(1, keepdims=True), x.var(1, keepdims=True)
    np.testing.assert_allclose(ours.numpy(), (x - mean) / np.sqrt(var + 1e-7), rtol=1e-4,
                               atol=1e-5)


def _t(*shape):
    """A fixed torch sample: Keras's torch `fold`/`unfold` accept only tensors, not numpy."""
    return torch.from_numpy(np.random.default_rng(7).standard_normal(shape).astype("float32"))


def _grad(name, args, kwargs=None, wrt=(0,), module="nn"):
    """A row checking float64 gradients of `name` in `args[wrt]` with torch's gradcheck."""

    def check(ours, call_args, call_kwargs):
        import lamina.ops

        fn = getattr(getattr(lamina.ops, module), name)
        diff = [torch.tensor(np.asarray(call_args[i]), dtype=torch.float64, requires_grad=True)
                for i in wrt]

        def f(*xs):
            full = list(call_args)
            for i, x in zip(wrt, xs):
                full[i] = x
            return fn(*full, **call_kwargs)

        assert torch.autograd.gradcheck(f, diff, eps=1e-6, atol=1e-5)

    return OpCase(name, args, kwargs or {}, module=module, oracle=False, check=check,
                  note="gradcheck")


_LABELS = np.array([[1, 2, 3], [4, 4, 0]], dtype="int32")
_ATT_MASK = np.tril(np.ones((4, 5), dtype=bool), k=1)[None, None]

CASES = [
    *[OpCase(n, (S((2, 5)),), module="nn") for n in _UNARY],
    *[OpCase(n, (S((2, 5), "int32"),), module="nn", note="int") for n in _INT_OK],
    OpCase("softplus", (S((2, 5), "int32"),), module="nn", oracle=False,
           check=_softplus_of_int_is_float, note="int"),
    OpCase("relu", (S((3,), "float64"),), module="nn", note="f64"),
    OpCase("relu", ([1.0, -2.0, 3.0],), module="nn", note="list"),
    OpCase("gelu", (S((2, 5)),), dict(approximate=False), module="nn"),
    OpCase("elu", (S((2, 5)),), dict(alpha=0.5), module="nn"),
    OpCase("celu", (S((2, 5)),), dict(alpha=2.0), module="nn"),
    OpCase("leaky_relu", (S((2, 5)),), dict(negative_slope=0.1), module="nn"),
    OpCase("soft_shrink", (S((2, 5)),), dict(threshold=0.2), module="nn"),
    OpCase("hard_shrink", (S((2, 5)),), dict(threshold=0.8), module="nn"),
    OpCase("squareplus", (S((2, 5)),), dict(b=2), module="nn"),
    OpCase("threshold", (S((2, 5)), 0.1, 5.0), module="nn"),
    OpCase("threshold", (S((2, 5), "int32"), 1, 7), module="nn", note="int"),
    OpCase("glu", (S((2, 6)),), module="nn"),
    OpCase("glu", (S((4, 3)),), dict(axis=0), module="nn"),
    OpCase("glu", (S((2, 5)),), module="nn", raises=ValueError, match="glu.*even"),
    OpCase("glu", (S((2, 4)),), dict(axis=2), module="nn", raises=ValueError,
           match="glu.*axis 2"),
    OpCase("softmax", (S((2, 3, 4)),), module="nn"),
    OpCase("softmax", (S((2, 3, 4)),), dict(axis=0), module="nn"),
    OpCase("softmax", (S((2, 3, 4)),), dict(axis=(0, 2)), module="nn"),
    OpCase("softmax", (S((2, 3, 4)),), dict(axis=None), module="nn"),
    OpCase("softmax", (S((2, 3)),), dict(axis=5), module="nn", raises=ValueError,
           match="softmax.*axis 5"),
    OpCase("log_softmax", (S((2, 3, 4)),), module="nn"),
    OpCase("log_softmax", (S((2, 3, 4)),), dict(axis=(1, 2)), module="nn"),
    OpCase("log_softmax", (S((2, 3, 4)),), dict(axis=None), module="nn"),
    # Keras's sparsemax threshold is only right when one entry survives (see its docstring
    # here); these rows have a single winner per row, so both must agree.
    OpCase("sparsemax", (np.array([[3.0, 0.0, 0.5], [0.0, 5.0, 1.0]], "float32"),),
           module="nn"),
    OpCase("sparsemax", (S((3, 5)),), module="nn", oracle=False,
           check=_sparsemax_is_simplex_projection, note="simplex"),
    OpCase("sparsemax", (np.array([[0.5, 0.4, 0.3], [1.0, 0.9, -2.0]], "float32"),),
           module="nn", oracle=False, check=_sparsemax_is_simplex_projection, note="ties"),
    # Convolutions: ranks 1-3, valid/same, strides, dilation, groups, both layouts.
    OpCase("conv", (S((2, 7, 7, 3)), S((3, 3, 3, 4))), **CONV),
    OpCase("conv", (S((2, 7, 7, 3)), S((3, 3, 3, 4))), dict(padding="same"), **CONV),
    OpCase("conv", (S((2, 8, 8, 3)), S((3, 3, 3, 4))), dict(padding="same", strides=2), **CONV),
    OpCase("conv", (S((2, 7, 7, 3)), S((2, 2, 3, 4))), dict(padding="same", strides=(2, 1)),
           **CONV),
    OpCase("conv", (S((2, 9, 9, 3)), S((3, 3, 3, 2))), dict(padding="same", dilation_rate=2),
           **CONV),
    OpCase("conv", (S((2, 3, 7, 6)), S((3, 3, 3, 4))),
           dict(padding="same", strides=2, data_format="channels_first"), **CONV),
    OpCase("conv", (S((2, 9, 3)), S((4, 3, 5))), dict(padding="same", strides=2), **CONV),
    OpCase("conv", (S((2, 3, 9)), S((3, 3, 5))),
           dict(padding="valid", data_format="channels_first", dilation_rate=2), **CONV),
    OpCase("conv", (S((1, 5, 6, 5, 2)), S((2, 3, 2, 2, 3))), dict(padding="same"), **CONV),
    OpCase("conv", (S((1, 6, 6, 4)), S((3, 3, 2, 6))), dict(padding="same"), note="groups",
           **CONV),
    OpCase("conv", (S((2, 8, 8, 3)), S((3, 3, 3, 4))), dict(padding="same", strides=2),
           module="nn", oracle=False, check=_channels_last_output_is_contiguous, note="layout"),
    OpCase("conv", (S((2, 7, 7, 3)), S((3, 3, 3, 4))), dict(padding="full"), module="nn",
           raises=ValueError, match="conv.*padding"),
    OpCase("conv", (S((2, 7, 7, 3)), S((3, 3, 2, 4))), module="nn", raises=ValueError,
           match="conv.*input channels"),
    OpCase("conv", (S((7, 3)), S((3, 3, 4))), module="nn", raises=ValueError,
           match="conv.*rank 3, 4 or 5"),
    OpCase("depthwise_conv", (S((2, 7, 7, 3)), S((3, 3, 3, 2))), **CONV),
    OpCase("depthwise_conv", (S((2, 7, 7, 3)), S((3, 3, 3, 2))),
           dict(padding="same", strides=2), **CONV),
    OpCase("depthwise_conv", (S((2, 3, 8, 8)), S((3, 3, 3, 1))),
           dict(padding="same", data_format="channels_first", dilation_rate=2), **CONV),
    OpCase("depthwise_conv", (S((2, 9, 4)), S((3, 4, 2))), dict(padding="same"), **CONV),
    OpCase("depthwise_conv", (S((2, 7, 7, 3)), S((3, 3, 2, 2))), module="nn",
           raises=ValueError, match="depthwise_conv.*input channels"),
    OpCase("separable_conv", (S((2, 7, 7, 3)), S((3, 3, 3, 2)), S((1, 1, 6, 5))), **CONV),
    OpCase("separable_conv", (S((2, 3, 8, 8)), S((3, 3, 3, 2)), S((1, 1, 6, 4))),
           dict(padding="same", strides=2, data_format="channels_first"), **CONV),
    OpCase("separable_conv", (S((2, 9, 3)), S((3, 3, 1)), S((1, 3, 4))),
           dict(padding="same"), **CONV),
    OpCase("conv_transpose", (S((2, 5, 5, 3)), S((3, 3, 4, 3))), **CONV),
    OpCase("conv_transpose", (S((2, 5, 5, 3)), S((3, 3, 4, 3))),
           dict(padding="same", strides=2), **CONV),
    OpCase("conv_transpose", (S((2, 5, 5, 3)), S((4, 4, 4, 3))),
           dict(padding="same", strides=2), **CONV),
    OpCase("conv_transpose", (S((2, 5, 5, 3)), S((3, 3, 4, 3))),
           dict(padding="valid", strides=2, output_padding=1), **CONV),
    OpCase("conv_transpose", (S((2, 5, 5, 3)), S((3, 3, 2, 3))),
           dict(padding="same", strides=(2, 3), output_padding=(1, 2)), **CONV),
    OpCase("conv_transpose", (S((2, 3, 5, 4)), S((3, 3, 2, 3))),
           dict(padding="same", data_format="channels_first", dilation_rate=2), **CONV),
    OpCase("conv_transpose", (S((2, 6, 3)), S((3, 2, 3))), dict(strides=3), **CONV),
    OpCase("conv_transpose", (S((1, 3, 3, 3, 2)), S((2, 2, 2, 3, 2))),
           dict(strides=2, padding="same"), **CONV),
    OpCase("conv_transpose", (S((2, 5, 5, 3)), S((3, 3, 4, 2))), module="nn",
           raises=ValueError, match="conv_transpose.*input channels"),
    # Pooling.
    OpCase("max_pool", (S((2, 7, 7, 3)), 2), module="nn", exact=True),
    OpCase("max_pool", (S((2, 7, 7, 3)), 3), dict(strides=2, padding="same"), module="nn",
           exact=True),
    OpCase("max_pool", (S((2, 7, 6, 3)), (2, 3)), dict(strides=1, padding="same"),
           module="nn", exact=True),
    OpCase("max_pool", (S((2, 3, 7, 7)), 3), dict(strides=2, data_format="channels_first"),
           module="nn", exact=True),
    OpCase("max_pool", (S((2, 9, 3)), 2), dict(padding="same"), module="nn", exact=True),
    OpCase("max_pool", (S((1, 5, 5, 5, 2)), 2), dict(padding="same", strides=2), module="nn",
           exact=True),
    OpCase("max_pool", (S((2, 7, 7, 3)), 0), module="nn", raises=ValueError,
           match="max_pool.*pool_size"),
    OpCase("average_pool", (S((2, 7, 7, 3)), 2), module="nn"),
    OpCase("average_pool", (S((2, 7, 7, 3)), 3), dict(strides=2, padding="same"), module="nn"),
    OpCase("average_pool", (S((2, 7, 7, 3)), 3), dict(strides=1, padding="same"), module="nn"),
    OpCase("average_pool", (S((2, 3, 8, 8)), 2),
           dict(strides=2, padding="same", data_format="channels_first"), module="nn"),
    OpCase("average_pool", (S((2, 7, 3)), 2), dict(strides=1, padding="same"), module="nn"),
    OpCase("average_pool", (S((1, 4, 4, 4, 2)), 2), dict(padding="valid"), module="nn"),
    OpCase("average_pool", (S((2, 7, 3)), 4), dict(strides=1, padding="same"), module="nn",
           oracle=False, check=_average_pool_excludes_padding, note="asymmetric"),
    OpCase("adaptive_max_pool", (S((2, 7, 7, 3)), 3), module="nn", exact=True),
    OpCase("adaptive_max_pool", (S((2, 3, 7, 5)), (2, 4)),
           dict(data_format="channels_first"), module="nn", exact=True),
    OpCase("adaptive_max_pool", (S((2, 9, 3)), 4), module="nn", exact=True),
    OpCase("adaptive_average_pool", (S((2, 7, 7, 3)), 3), module="nn"),
    OpCase("adaptive_average_pool", (S((2, 3, 7, 5)), (2, 4)),
           dict(data_format="channels_first"), module="nn"),
    OpCase("adaptive_average_pool", (S((1, 5, 6, 7, 2)), (2, 3, 4)), module="nn"),
    # Encodings and rearrangements.
    OpCase("one_hot", (np.array([[0, 2], [1, -1]]), 3), module="nn"),
    OpCase("one_hot", (np.array([[0, 2], [1, -1]]), 3), dict(axis=0), module="nn"),
    OpCase("one_hot", (np.array([[0, 2], [1, 3]]), 4), dict(axis=1, dtype="int32"),
           module="nn"),
    OpCase("one_hot", (np.array([[0, 2, 1], [1, 0, 2]]), 3), dict(axis=-2), module="nn",
           oracle=False, check=_one_hot_negative_axis, note="negative-axis"),
    OpCase("one_hot", (np.array([0, 2]), 3), dict(sparse=True), module="nn", raises=ValueError,
           match="one_hot.*sparse"),
    OpCase("multi_hot", (np.array([[0, 2], [1, 1]]), 3), module="nn"),
    OpCase("multi_hot", (np.array([0, 4]), 5), dict(dtype="int32"), module="nn"),
    OpCase("depth_to_space", (S((1, 2, 3, 8)), 2), module="nn", exact=True),
    OpCase("depth_to_space", (S((1, 8, 2, 3)), 2), dict(data_format="channels_first"),
           module="nn", exact=True),
    OpCase("space_to_depth", (S((1, 4, 6, 2)), 2), module="nn", exact=True),
    OpCase("space_to_depth", (S((1, 2, 4, 6)), 2), dict(data_format="channels_first"),
           module="nn", exact=True),
    OpCase("space_to_depth", (S((1, 5, 6, 2)), 2), module="nn", raises=ValueError,
           match="space_to_depth.*divisible"),
    OpCase("unfold", (_t(2, 3, 5, 5), 2), module="nn", exact=True),
    OpCase("unfold", (_t(1, 2, 6, 5), (3, 2)), dict(stride=2, padding=1, dilation=1),
           module="nn", exact=True),
    OpCase("fold", (_t(2, 12, 16), (5, 5), 2), module="nn"),
    OpCase("fold", (S((5, 6)), (5, 5), 2), module="nn", raises=ValueError, match="fold.*3D"),
    OpCase("polar", (S((2, 3)), S((2, 3))), module="nn"),
    # Losses.
    OpCase("binary_crossentropy", (S((3, 4), low=0, high=1), S((3, 4), low=0.02, high=0.98)),
           module="nn"),
    OpCase("binary_crossentropy", (S((3, 4), low=0, high=1), S((3, 4))),
           dict(from_logits=True), module="nn"),
    OpCase("binary_crossentropy", (S((3, 4)), S((3, 1))), module="nn", raises=ValueError,
           match="binary_crossentropy.*same shape"),
    OpCase("categorical_crossentropy", (np.eye(4, dtype="float32")[[0, 3, 1]],
                                         S((3, 4), low=0.05, high=1)), module="nn"),
    OpCase("categorical_crossentropy", (np.eye(4, dtype="float32")[[0, 3, 1]], S((3, 4))),
           dict(from_logits=True), module="nn"),
    OpCase("categorical_crossentropy", (S((4, 3), low=0, high=1), S((4, 3))),
           dict(from_logits=True, axis=0), module="nn"),
    OpCase("sparse_categorical_crossentropy", (np.array([0, 3, 1]), S((3, 4))),
           dict(from_logits=True), module="nn"),
    OpCase("sparse_categorical_crossentropy",
           (np.array([[0], [3], [1]]), S((3, 4), low=0.05, high=1)), module="nn"),
    OpCase("sparse_categorical_crossentropy", (np.array([[0, 2], [1, 1]]), S((2, 3, 2))),
           dict(from_logits=True, axis=1), module="nn"),
    OpCase("sparse_categorical_crossentropy", (np.array([0, 1]), S((3, 4))), module="nn",
           raises=ValueError, match="sparse_categorical_crossentropy.*shape"),
    OpCase("ctc_loss", (_LABELS, S((2, 6, 5)), np.array([3, 2]), np.array([6, 5])),
           module="nn", rtol=1e-4, atol=1e-5),
    OpCase("ctc_loss", (_LABELS, S((2, 6, 5), "float64"), np.array([3, 2]), np.array([6, 5])),
           module="nn", rtol=1e-4, atol=1e-5, note="f64"),
    OpCase("ctc_loss", (_LABELS, S((2, 6, 5)), np.array([3, 2]), np.array([6, 6])),
           dict(mask_index=4), module="nn", rtol=1e-4, atol=1e-5),
    OpCase("ctc_decode", (S((2, 6, 5)), np.array([6, 4])), module="nn"),
    OpCase("ctc_decode", (S((2, 6, 5), "float64"), np.array([6, 4])), module="nn", note="f64"),
    OpCase("ctc_decode", (S((2, 6, 5)), np.array([6, 4])),
           dict(merge_repeated=False, mask_index=4), module="nn"),
    OpCase("ctc_decode", (S((2, 6, 4)), np.array([6, 5])),
           dict(strategy="beam_search", beam_width=3, top_paths=2), module="nn",
           rtol=1e-4, atol=1e-5),
    OpCase("ctc_decode", (S((2, 6, 4)), np.array([6, 5])), dict(strategy="best"), module="nn",
           raises=ValueError, match="ctc_decode.*strategy"),
    # Statistics and normalizations.
    OpCase("moments", (S((3, 4, 5)), [0, 2]), module="nn", rtol=1e-5, atol=1e-5),
    OpCase("moments", (S((3, 4, 5)), [1]), dict(keepdims=True), module="nn", rtol=1e-5,
           atol=1e-5),
    OpCase("batch_normalization", (S((2, 3, 4)), S((4,)), S((4,), low=0.5, high=2), -1),
           dict(offset=S((4,)), scale=S((4,))), module="nn"),
    OpCase("batch_normalization", (S((2, 3, 4)), S((3,)), S((3,), low=0.5, high=2), 1),
           dict(epsilon=0.1), module="nn"),
    OpCase("layer_normalization", (S((2, 3, 4)),), dict(gamma=S((4,)), beta=S((4,))),
           module="nn", rtol=1e-5, atol=1e-5),
    OpCase("layer_normalization", (S((2, 3, 4)),), dict(axis=(1, 2), epsilon=1e-3),
           module="nn", rtol=1e-5, atol=1e-5),
    OpCase("layer_normalization", (S((2, 3, 4)),), dict(axis=1), module="nn", oracle=False,
           check=_layer_norm_middle_axis, note="middle-axis"),
    OpCase("rms_normalization", (S((2, 3, 4)),), dict(scale=S((4,))), module="nn"),
    OpCase("rms_normalization", (S((2, 3, 4)),), dict(axis=(1, 2)), module="nn"),
    OpCase("normalize", (S((3, 4)),), module="nn"),
    OpCase("normalize", (S((3, 4)),), dict(axis=0, order=1), module="nn"),
    OpCase("normalize", (S((3, 4)),), dict(axis=3), module="nn", raises=ValueError,
           match="normalize.*axis 3"),
    OpCase("normalize", (S((3, 4)),), dict(order=0), module="nn", raises=ValueError,
           match="normalize.*order"),
    OpCase("psnr", (S((2, 4, 4, 3), low=0, high=1), S((2, 4, 4, 3), low=0, high=1), 1.0),
           module="nn", rtol=1e-5, atol=1e-5),
    # Attention: (batch, length, heads, head_dim).
    OpCase("dot_product_attention", (S((2, 4, 2, 8)), S((2, 5, 2, 8)), S((2, 5, 2, 8))),
           module="nn"),
    OpCase("dot_product_attention", (S((2, 4, 2, 8)), S((2, 5, 2, 8)), S((2, 5, 2, 8))),
           dict(mask=_ATT_MASK, scale=0.5), module="nn"),
    OpCase("dot_product_attention", (S((2, 4, 2, 8)), S((2, 4, 2, 8)), S((2, 4, 2, 8))),
           dict(is_causal=True), module="nn"),
    OpCase("dot_product_attention", (S((2, 4, 4, 8)), S((2, 5, 2, 8)), S((2, 5, 2, 8))),
           dict(bias=S((1, 1, 4, 5))), module="nn", note="gqa"),
    OpCase("dot_product_attention", (S((2, 4, 4, 8)), S((2, 5, 1, 8)), S((2, 5, 1, 8))),
           module="nn", note="mqa"),
    OpCase("dot_product_attention", (S((2, 4, 8)), S((2, 5, 8)), S((2, 5, 8))), module="nn",
           raises=ValueError, match="dot_product_attention.*4D"),
    # Gradients (float64 gradcheck), a sample across the families.
    _grad("conv", (S((1, 5, 6, 2)), S((3, 3, 2, 2))), dict(padding="same", strides=2),
          wrt=(0, 1)),
    _grad("conv_transpose", (S((1, 3, 3, 2)), S((3, 3, 2, 2))), dict(padding="same", strides=2),
          wrt=(0, 1)),
    _grad("depthwise_conv", (S((1, 5, 5, 2)), S((3, 3, 2, 1))), dict(padding="same"),
          wrt=(0, 1)),
    _grad("max_pool", (S((1, 5, 5, 2)), 2), dict(padding="same")),
    _grad("average_pool", (S((1, 7, 2)), 4), dict(strides=1, padding="same")),
    _grad("softmax", (S((2, 3, 4)),), dict(axis=(0, 2))),
    _grad("sparsemax", (S((2, 5)),)),
    _grad("gelu", (S((2, 5)),)),
    _grad("layer_normalization", (S((2, 3, 4)), S((4,)), S((4,))), wrt=(0, 1, 2)),
    _grad("categorical_crossentropy", (np.eye(3, dtype="float32")[[0, 2]], S((2, 3))),
          dict(from_logits=True), wrt=(1,)),
    # (ctc_loss and dot_product_attention compute in Keras's `result_type` of their inputs,
    # which maps float64 to float32 on torch, so they cannot pass a float64 gradcheck.)
]
