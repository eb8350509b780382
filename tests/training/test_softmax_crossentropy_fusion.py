"""Crossentropy on a softmax output runs as a clamped log-softmax of the logits in training
(`lamina/losses/utils.py`); values and gradients must be Keras's clipped-probability ones."""

import numpy as np
import pytest
import torch

from lamina import activations, losses
from lamina.losses.utils import softmax_logits


def _logits(scale, seed=0):
    generator = torch.Generator().manual_seed(seed)
    return (torch.randn(6, 5, generator=generator) * scale).requires_grad_()


LABELS = torch.tensor([0, 1, 2, 3, 4, 0])


def _sparse(y_pred):
    return losses.sparse_categorical_crossentropy(LABELS, y_pred)


def _categorical(y_pred):
    return losses.categorical_crossentropy(torch.nn.functional.one_hot(LABELS, 5).float(), y_pred)


@pytest.mark.parametrize("loss", [_sparse, _categorical], ids=["sparse", "categorical"])
@pytest.mark.parametrize("scale", [1.0, 30.0], ids=["moderate", "saturating"])
def test_fused_values_and_gradients_equal_the_clipped_probability_path(loss, scale):
    logits = _logits(scale)
    probabilities = activations.softmax(logits)
    assert softmax_logits(probabilities, -1) is logits
    fused = loss(probabilities)
    unfused = loss(probabilities.clone())  # a new tensor: no logits recorded, Keras's path
    torch.testing.assert_close(fused, unfused, rtol=1e-5, atol=1e-6)
    (fused_grad,) = torch.autograd.grad(fused.sum(), logits, retain_graph=True)
    (unfused_grad,) = torch.autograd.grad(unfused.sum(), logits)
    torch.testing.assert_close(fused_grad, unfused_grad, rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("scale", [1.0, 30.0], ids=["moderate", "saturating"])
def test_fused_values_match_keras(keras, scale):
    logits = _logits(scale, seed=1)
    ours = _sparse(activations.softmax(logits)).detach().numpy()
    theirs = keras.losses.sparse_categorical_crossentropy(
        LABELS.numpy(), keras.activations.softmax(logits.detach().numpy())
    )
    np.testing.assert_allclose(ours, np.asarray(theirs), rtol=1e-5, atol=1e-6)


def test_logits_are_not_used_once_the_output_changes():
    probabilities = activations.softmax(_logits(1.0))
    probabilities.mul_(1.0)
    assert softmax_logits(probabilities, -1) is None


def test_logits_are_not_used_for_another_axis_or_without_gradients():
    logits = _logits(1.0).reshape(2, 3, 5)
    assert softmax_logits(activations.softmax(logits, axis=1), -1) is None
    with torch.no_grad():
        assert softmax_logits(activations.softmax(logits), -1) is None
