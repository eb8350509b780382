"""Depthwise and separable convolutions with TensorFlow's uneven "same" padding, against
Keras 3: outputs with and without autograd (inference gives the kernel a zero tap instead
of padding the input, see `lamina/layers/convolutional/depthwise_padding.py`), and the
gradients of the input and of every weight."""

import numpy as np
import pytest
import torch

from lamina.layers.convolutional.depthwise_conv1d import DepthwiseConv1D
from lamina.layers.convolutional.depthwise_conv2d import DepthwiseConv2D
from lamina.layers.convolutional.depthwise_padding import depthwise_pads
from lamina.layers.convolutional.separable_conv1d import SeparableConv1D
from lamina.layers.convolutional.separable_conv2d import SeparableConv2D

# Convolution tolerance: the kernels sum in different orders.
RTOL, ATOL = 5e-4, 1e-5

CASES = [
    # (layer class, kwargs, input shape): every row has an axis padded one more at the end.
    (DepthwiseConv2D, dict(kernel_size=3, strides=2, padding="same"), (2, 8, 6, 3)),
    (DepthwiseConv2D, dict(kernel_size=3, strides=2, padding="same", data_format="channels_first"),
     (2, 3, 8, 7)),
    (DepthwiseConv2D, dict(kernel_size=2, padding="same", depth_multiplier=2), (2, 5, 6, 3)),
    (DepthwiseConv2D, dict(kernel_size=(4, 3), padding="same"), (2, 6, 5, 2)),
    (DepthwiseConv2D, dict(kernel_size=2, dilation_rate=3, padding="same"), (2, 7, 7, 2)),  # input padded
    (DepthwiseConv1D, dict(kernel_size=3, strides=2, padding="same", depth_multiplier=2), (2, 10, 3)),
    (SeparableConv2D, dict(filters=4, kernel_size=3, strides=2, padding="same"), (2, 8, 8, 3)),
    (SeparableConv1D, dict(filters=4, kernel_size=2, padding="same", depth_multiplier=2), (2, 9, 3)),
]
IDS = [f"{cls.__name__}-{i}" for i, (cls, _, _) in enumerate(CASES)]


def pair(cls, kwargs, shape, keras):
    """The Keras layer and ours with the same (non-zero) weights."""
    rng = np.random.default_rng(0)
    oracle = getattr(keras.layers, cls.__name__)(bias_initializer="random_normal", **kwargs)
    oracle(np.zeros(shape, "float32"))
    weights = [rng.standard_normal(w.shape).astype("float32") for w in oracle.get_weights()]
    oracle.set_weights(weights)
    layer = cls(**kwargs)
    layer(torch.zeros(shape))
    layer.set_weights(weights)
    return oracle, layer


@pytest.mark.parametrize("cls, kwargs, shape", CASES, ids=IDS)
def test_uneven_same_padding_matches_keras_with_and_without_autograd(cls, kwargs, shape, keras):
    oracle, layer = pair(cls, kwargs, shape, keras)
    x = np.random.default_rng(1).standard_normal(shape).astype("float32")
    want = keras.ops.convert_to_numpy(oracle(x))
    with torch.no_grad():
        inference = layer(torch.from_numpy(x)).numpy()
    training = layer(torch.from_numpy(x)).detach().numpy()
    np.testing.assert_allclose(inference, want, rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(training, want, rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("cls, kwargs, shape", CASES, ids=IDS)
def test_uneven_same_padding_gradients_match_keras(cls, kwargs, shape, keras):
    oracle, layer = pair(cls, kwargs, shape, keras)
    x = np.random.default_rng(2).standard_normal(shape).astype("float32")
    theirs_x = torch.tensor(x, requires_grad=True)
    ours_x = torch.tensor(x, requires_grad=True)
    out = oracle(theirs_x)
    upstream = torch.from_numpy(np.random.default_rng(3).standard_normal(tuple(out.shape)).astype("float32"))
    out.backward(upstream)
    layer(ours_x).backward(upstream)
    np.testing.assert_allclose(ours_x.grad.numpy(), theirs_x.grad.numpy(), rtol=RTOL, atol=ATOL)
    for ours, theirs in zip(layer.weights, oracle.weights):
        assert ours.grad is not None, ours.name
        np.testing.assert_allclose(ours.grad.numpy(), theirs.value.grad.numpy(), rtol=RTOL, atol=ATOL,
                                   err_msg=ours.name)


def test_plan_pads_the_kernel_only_where_one_zero_tap_reproduces_the_padding():
    # stride 2 on 8 cells, kernel 3: TensorFlow pads (0, 1); 7 cells: (1, 1), symmetric.
    assert depthwise_pads("same", (8, 7), (3, 3), (2, 2), (1, 1)) == (
        [1, 1, 0, 1], (0, 0), [0, 0, 1, 0], (1, 1))
    assert depthwise_pads("same", (7, 7), (3, 3), (2, 2), (1, 1)) == (None, (1, 1), None, (1, 1))
    # kernel 2 dilated by 3 spans 4 cells: pads (1, 2), a zero tap would shift by 3 cells.
    assert depthwise_pads("same", (7,), (2,), (1,), (3,)) == ([1, 2], (0,), None, (0,))
    assert depthwise_pads("valid", (7,), (3,), (1,), (1,)) == (None, 0, None, 0)
