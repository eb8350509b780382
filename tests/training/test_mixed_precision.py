"""Mixed precision policies, loss scaling and device choice."""

import numpy as np
import pytest
import torch

import lamina
from lamina import layers, mixed_precision
from lamina.training.loss_scale import DynamicLossScale


@pytest.fixture
def policy():
    yield mixed_precision.set_global_policy
    mixed_precision.set_global_policy("float32")


def _model():
    return lamina.Sequential([
        lamina.Input((6, 6, 2)),
        layers.Conv2D(4, 3, activation="relu"),
        layers.Flatten(),
        layers.Dense(8, activation="relu"),
        layers.Dense(3, activation="softmax"),
    ])


def test_mixed_bfloat16_keeps_float32_weights_and_outputs_float32_softmax(policy):
    policy("mixed_bfloat16")
    model = _model()
    dense = model.layers[2]
    assert dense.dtype == "float32" and dense.compute_dtype == "bfloat16"
    assert all(w.dtype == torch.float32 for w in model.weights)
    x = torch.rand(4, 6, 6, 2)
    assert dense(torch.rand(4, 16 * 4)).dtype == torch.bfloat16
    probabilities = model(x)
    assert probabilities.dtype == torch.float32  # softmax comes back in float32, as Keras does
    torch.testing.assert_close(probabilities.sum(-1), torch.ones(4), rtol=1e-3, atol=1e-3)
    assert model.get_config()["layers"][1]["config"]["dtype"]["config"]["name"] == "mixed_bfloat16"


def test_mixed_bfloat16_trains(policy):
    policy("mixed_bfloat16")
    model = _model()
    model.compile("adam", "sparse_categorical_crossentropy")
    rng = np.random.default_rng(0)
    x = rng.random((64, 6, 6, 2), dtype=np.float32)
    y = (x.mean(axis=(1, 2, 3)) * 3).astype(int).clip(0, 2)
    history = model.fit(x, y, epochs=8, batch_size=16, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]
    assert model._loss_scale is None  # bfloat16 needs no loss scaling


def test_mixed_float16_uses_dynamic_loss_scaling(policy):
    policy("mixed_float16")
    model = _model()
    model.compile("sgd", "sparse_categorical_crossentropy")
    x = np.random.default_rng(0).random((16, 6, 6, 2), dtype=np.float32)
    model.fit(x, np.arange(16) % 3, epochs=1, verbose=0)
    assert isinstance(model._loss_scale, DynamicLossScale)
    assert all(torch.isfinite(w).all() for w in model.weights)


def test_loss_scale_skips_non_finite_steps_and_grows_after_good_ones():
    scale = DynamicLossScale(initial_scale=8.0, growth_steps=2)
    grads = [torch.tensor([8.0, 16.0])]
    assert scale.unscale_(grads) and torch.equal(grads[0], torch.tensor([1.0, 2.0]))
    assert scale.scale == 8.0
    assert scale.unscale_([torch.tensor([8.0])]) and scale.scale == 16.0  # 2 good steps: doubled
    assert not scale.unscale_([torch.tensor([float("inf")])])
    assert scale.scale == 8.0


def test_unknown_policy_is_refused(policy):
    with pytest.raises(ValueError, match="mixed_float8"):
        policy("mixed_float8")


def test_device_choice(monkeypatch):
    model = lamina.Sequential([lamina.Input((3,)), layers.Dense(1)])
    model.compile("sgd", "mse", device="cpu")
    model.fit(np.ones((4, 3), "float32"), np.zeros((4, 1), "float32"), verbose=0)
    assert model.layers[0].kernel.device.type == "cpu"
    lamina.config.set_device("cpu")
    try:
        assert lamina.config.device() == torch.device("cpu")
    finally:
        lamina.config.set_device(None)
    with pytest.raises(RuntimeError):
        lamina.config.set_device("not-a-device")
