"""Embedding's id handling against Keras 3: negative ids count from the end of the table
(Keras's torch `take` wraps `-input_dim <= id < 0`), ids outside that range are refused with
a ValueError naming the layer, in eager calls, under autograd and under torch.compile's
tracing (where the wrap always runs)."""

import numpy as np
import pytest
import torch

from lamina.layers import Embedding

IDS = np.array([[0, 3, -1, -5], [4, -2, 1, 2]], dtype="int64")


def _pair(keras):
    ours, theirs = Embedding(5, 3), keras.layers.Embedding(5, 3)
    ours.build((None, 4))
    theirs.build((None, 4))
    table = np.random.default_rng(0).standard_normal((5, 3)).astype("float32")
    ours.set_weights([table])
    theirs.set_weights([table])
    return ours, theirs


@pytest.mark.parametrize("grad", [False, True])
def test_negative_ids_wrap_as_keras(keras, grad):
    ours, theirs = _pair(keras)
    expected = np.asarray(theirs(IDS).detach().cpu())
    with torch.set_grad_enabled(grad):
        got = ours(torch.from_numpy(IDS))
    np.testing.assert_array_equal(got.detach().numpy(), expected)
    np.testing.assert_array_equal(expected[0, 2], ours.get_weights()[0][4])  # -1 is the last row


@pytest.mark.parametrize("bad", [5, -6, 100])
def test_ids_outside_the_table_are_a_value_error(bad):
    layer = Embedding(5, 3)
    ids = torch.tensor([[0, bad]])
    with pytest.raises(ValueError, match=rf"Embedding '{layer.name}'.*\[-5, 5\).*{bad}"):
        layer(ids)


def test_compiled_lookup_wraps_negative_ids():
    layer = Embedding(5, 3)
    layer(torch.zeros((1, 2), dtype=torch.int64))
    compiled = torch.compile(layer, backend="eager", fullgraph=True)
    ids = torch.from_numpy(IDS)
    torch.testing.assert_close(compiled(ids), layer(ids), rtol=0, atol=0)


def test_a_torch_parametrization_of_the_table_takes_effect():
    from torch.nn.utils import parametrize

    class Double(torch.nn.Module):
        def forward(self, table):
            return table * 2

    layer = Embedding(5, 3)
    ids = torch.from_numpy(IDS)
    raw = layer(ids).detach()
    parametrize.register_parametrization(layer, "embeddings", Double())
    torch.testing.assert_close(layer(ids), raw * 2, rtol=0, atol=0)
