"""from_torch / to_torch: a ported model computes what the original computes."""

import numpy as np
import pytest
import torch
from torch import nn

import lamina
from lamina import layers
from lamina.interop import from_torch, to_torch
from lamina.utils import convert_dense_weights_data_format


def _randomize_batch_norm(module):
    with torch.no_grad():
        for m in module.modules():
            if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)):
                m.running_mean.uniform_(-1, 1)
                m.running_var.uniform_(0.5, 2.0)
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.5, 0.5)
    return module.eval()


TORCH_MODELS = {
    "flatten_head": lambda: nn.Sequential(
        nn.Conv2d(3, 8, 3), nn.ReLU(), nn.Flatten(), nn.Linear(8 * 10 * 10, 5), nn.Softmax(dim=1)
    ),
    "cnn": lambda: nn.Sequential(
        nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 3, stride=2, padding=1), nn.Tanh(), nn.AvgPool2d(2),
        nn.Flatten(), nn.Dropout(0.5), nn.Linear(16, 10),
    ),
    "gap_head": lambda: nn.Sequential(
        nn.Conv2d(3, 8, 5, padding="same"), nn.SiLU(), nn.Conv2d(8, 8, 3, groups=2, dilation=2),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(8, 4),
    ),
    "nested_and_padding": lambda: nn.Sequential(
        nn.Sequential(nn.ZeroPad2d((0, 1, 0, 1)), nn.Conv2d(3, 4, 2, stride=2)), nn.GELU(),
        nn.AvgPool2d(3, stride=1, padding=1), nn.Flatten(), nn.Linear(4 * 6 * 6, 6),
        nn.BatchNorm1d(6), nn.Sigmoid(),
    ),
}


@pytest.mark.parametrize("name", sorted(TORCH_MODELS))
def test_from_torch_matches_the_torch_model(name):
    torch_model = _randomize_batch_norm(TORCH_MODELS[name]())
    x = torch.rand(4, 3, 12, 12)
    model = from_torch(torch_model, (12, 12, 3))
    assert isinstance(model, lamina.Sequential) and model.built
    with torch.no_grad():
        expected = torch_model(x)
        got = model(x.permute(0, 2, 3, 1))
    torch.testing.assert_close(got, expected, rtol=1e-4, atol=1e-5)  # float32 conv reorderings


@pytest.mark.parametrize("name", sorted(TORCH_MODELS))
def test_to_torch_inverts_from_torch(name):
    torch_model = _randomize_batch_norm(TORCH_MODELS[name]())
    x = torch.rand(3, 3, 12, 12)
    roundtrip = to_torch(from_torch(torch_model, (12, 12, 3)))
    with torch.no_grad():
        torch.testing.assert_close(roundtrip(x), torch_model(x), rtol=1e-4, atol=1e-5)


def test_to_torch_handles_same_padding_and_keras_built_models():
    model = lamina.Sequential([
        lamina.Input((9, 9, 2)),
        layers.Conv2D(4, 3, strides=2, padding="same", activation="relu"),  # asymmetric pad
        layers.MaxPooling2D(2, padding="same"),
        layers.Flatten(),
        layers.Dense(3, activation="softmax"),
    ])
    x = torch.rand(5, 9, 9, 2)
    torch_model = to_torch(model)
    with torch.no_grad():
        torch.testing.assert_close(torch_model(x.permute(0, 3, 1, 2)), model(x), rtol=1e-5, atol=1e-6)


def test_the_flatten_dense_kernel_is_reordered_not_copied():
    """Without the re-ordering a ported Flatten -> Linear head computes garbage."""
    torch_model = TORCH_MODELS["flatten_head"]().eval()
    model = from_torch(torch_model, (12, 12, 3))
    naive = torch_model[3].weight.detach().numpy().T
    assert not np.allclose(model.layers[-2].get_weights()[0], naive)


@pytest.mark.parametrize(
    "module, reason",
    [
        (nn.LSTM(4, 4), "LSTM"),
        (nn.MaxPool2d(2, padding=1), "padding"),
        (nn.Conv2d(3, 3, 3, padding_mode="reflect"), "padding_mode"),
        (nn.ReflectionPad2d(1), "no Lamina equivalent"),
    ],
    ids=["lstm", "maxpool-padding", "reflect", "reflection-pad"],
)
def test_unsupported_modules_are_named(module, reason):
    with pytest.raises(ValueError, match=rf"from_torch: cannot convert module '0' .*{reason}"):
        from_torch(nn.Sequential(module), (8, 8, 3))


def test_convert_dense_weights_data_format_matches_flatten_data_format():
    """A Dense trained after a channels_first Flatten, converted, serves channels_last maps."""
    x_first = torch.rand(2, 3, 4, 5)  # (c, h, w)
    x_last = x_first.permute(0, 2, 3, 1)  # (h, w, c)
    # Torch-style: flatten NCHW in (c, h, w) order, as Keras 2 channels_first models did.
    flat_first = x_first.reshape(2, -1)
    dense = layers.Dense(6)
    expected = dense(flat_first)
    convert_dense_weights_data_format(dense, (3, 4, 5), target_data_format="channels_last")
    got = dense(layers.Flatten()(x_last))
    torch.testing.assert_close(got, expected, rtol=1e-5, atol=1e-6)
    convert_dense_weights_data_format(dense, (4, 5, 3), target_data_format="channels_first")
    torch.testing.assert_close(dense(flat_first), expected, rtol=1e-5, atol=1e-6)
