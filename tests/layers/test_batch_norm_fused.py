"""BatchNormalization's fused path (torch's kernel, moving statistics from the batch mean
and inverse standard deviation it returns) against Keras 3, over several training steps,
for the layouts a CNN hands it, and its fallback where the kernel cannot run."""

import numpy as np
import pytest
import torch

from lamina.layers.normalization.batch_normalization import BatchNormalization


def sample(shape, seed, scale=1.0, shift=0.0):
    return (np.random.default_rng(seed).standard_normal(shape) * scale + shift).astype("float32")


@pytest.mark.parametrize(
    "kwargs, shape",
    [
        (dict(), (8, 5, 5, 6)),  # NHWC: the features move to axis 1 as a view
        (dict(axis=1), (8, 6, 5, 5)),  # NCHW: already there
        (dict(center=False, scale=False, momentum=0.9), (8, 4, 4, 3)),
        (dict(axis=-2, epsilon=1e-5, momentum=0.5), (6, 3, 4)),
        (dict(), (1, 3)),  # one value per feature: the plain-ops fallback
    ],
)
def test_training_steps_then_inference_match_keras(kwargs, shape, keras):
    oracle = keras.layers.BatchNormalization(**kwargs)
    layer = BatchNormalization(**kwargs)
    oracle(sample(shape, 0))
    layer(torch.from_numpy(sample(shape, 0)))
    layer.set_weights(oracle.get_weights())
    for step in range(3):
        x = sample(shape, step + 1, scale=2 + step, shift=step - 1)
        want = keras.ops.convert_to_numpy(oracle(x, training=True))
        got = layer(torch.from_numpy(x), training=True)
        np.testing.assert_allclose(got.detach().numpy(), want, rtol=1e-5, atol=1e-5)
    for ours, theirs in zip(layer.get_weights(), oracle.get_weights()):
        np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)
    x = sample(shape, 9)
    with torch.no_grad():
        got = layer(torch.from_numpy(x)).numpy()
    np.testing.assert_allclose(got, keras.ops.convert_to_numpy(oracle(x)), rtol=1e-5, atol=1e-5)


def test_gradients_match_keras(keras):
    shape = (6, 4, 4, 5)
    oracle = keras.layers.BatchNormalization()
    layer = BatchNormalization()
    x = sample(shape, 1, scale=3, shift=1)
    oracle(x)
    layer(torch.from_numpy(x))
    rng = np.random.default_rng(2)
    weights = [rng.random(w.shape).astype("float32") + 0.5 for w in oracle.get_weights()]
    oracle.set_weights(weights)
    layer.set_weights(weights)
    upstream = torch.from_numpy(sample(shape, 3))
    theirs_x, ours_x = torch.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    oracle(theirs_x, training=True).backward(upstream)
    layer(ours_x, training=True).backward(upstream)
    # Keras differentiates its own E[x^2] - E[x]^2 moments, torch its fused formula: 1e-4.
    np.testing.assert_allclose(ours_x.grad.numpy(), theirs_x.grad.numpy(), rtol=1e-4, atol=1e-5)
    for ours, theirs in zip(layer.trainable_weights, oracle.trainable_weights):
        np.testing.assert_allclose(ours.grad.numpy(), theirs.value.grad.numpy(), rtol=1e-4, atol=1e-5)


def test_moving_statistics_are_updated_in_place():
    layer = BatchNormalization(momentum=0.5)
    x = torch.tensor([[1.0, 10.0], [3.0, 30.0], [5.0, 50.0], [7.0, 70.0]])
    layer(x)
    mean, variance = layer.moving_mean, layer.moving_variance
    layer(x, training=True)
    assert layer.moving_mean is mean and layer.moving_variance is variance
    # 0.5 * initial + 0.5 * batch: batch mean (4, 40), biased variance (5, 500).
    np.testing.assert_allclose(mean.numpy(), [2.0, 20.0], rtol=1e-6)
    np.testing.assert_allclose(variance.numpy(), [3.0, 250.5], rtol=1e-6)


class _Double(torch.nn.Module):
    def forward(self, weight):
        return weight * 2


@pytest.mark.parametrize("training", [False, True])
def test_a_torch_parametrization_of_gamma_and_beta_takes_effect(training):
    """`torch.nn.utils.parametrize` moves a weight out of the parameter table: the layer
    must read it as an attribute, or it would silently normalize with the raw weights."""
    from torch.nn.utils import parametrize

    x = torch.from_numpy(sample((4, 3, 3, 2), 5, shift=1.0))
    plain, wrapped = BatchNormalization(), BatchNormalization()
    plain(x), wrapped(x)
    for layer, scale in ((plain, 2.0), (wrapped, 1.0)):
        with torch.no_grad():
            layer.gamma.copy_(torch.tensor([0.5, 1.5]) * scale)
            layer.beta.copy_(torch.tensor([-1.0, 2.0]) * scale)
    parametrize.register_parametrization(wrapped, "gamma", _Double())
    parametrize.register_parametrization(wrapped, "beta", _Double())
    torch.testing.assert_close(wrapped(x, training=training), plain(x, training=training))
