"""Gradients handed to `apply_gradients` update the right elements whatever their memory layout.

Dense and convolution kernels keep Keras's shapes over torch's memory order, so a gradient
a user computes (numpy, `torch.randn`, `torch.autograd.grad` of another expression) is
often laid out differently from its weight. torch's fused Adam kernel pairs elements by
memory position and silently mixes them when layouts differ; every optimizer here must
instead update like Keras, which has no layouts to mix up.
"""

import numpy as np
import pytest
import torch

import lamina

OPTIMIZERS = ["Adam", "AdamW", "SGD", "RMSprop", "Nadam", "Lion"]

# (layer, input shape): a small kernel and ones past the size where Adam hands torch views.
LAYERS = [
    ("Dense", dict(units=6), (None, 5)),
    ("Dense", dict(units=160), (None, 128)),
    ("Conv2D", dict(filters=8, kernel_size=3), (None, 7, 7, 4)),
    ("Conv2D", dict(filters=64, kernel_size=3), (None, 7, 7, 32)),
]


def _gradients(rng, weights, step, layout):
    grads = []
    for w in weights:
        g = rng.standard_normal(w.shape).astype("float32") * (step + 1)
        if layout == "numpy":
            grads.append(g)
        elif layout == "row-major":
            grads.append(torch.from_numpy(g))
        else:  # the weight's own layout, as autograd leaves it in `.grad`
            grads.append(torch.empty_like(w.detach()).copy_(torch.from_numpy(g)))
    return grads


@pytest.mark.parametrize("layout", ["numpy", "row-major", "weight's own"])
@pytest.mark.parametrize("layer_name, kwargs, input_shape", LAYERS,
                         ids=[f"{name}-{list(kw.values())[0]}" for name, kw, _ in LAYERS])
@pytest.mark.parametrize("name", OPTIMIZERS)
def test_apply_gradients_matches_keras_for_any_gradient_layout(name, layer_name, kwargs, input_shape,
                                                                layout, keras):
    ours = getattr(lamina.layers, layer_name)(**kwargs)
    theirs = getattr(keras.layers, layer_name)(**kwargs)
    ours.build(input_shape)
    theirs.build(input_shape)
    theirs.set_weights([w.detach().numpy() for w in ours.weights])
    our_opt = getattr(lamina.optimizers, name)(learning_rate=0.01)
    their_opt = getattr(keras.optimizers, name)(learning_rate=0.01)
    rng = np.random.default_rng(3)
    for step in range(3):
        grads = _gradients(rng, ours.trainable_weights, step, layout)
        our_opt.apply_gradients(zip(grads, ours.trainable_weights))
        their_opt.apply_gradients(zip([keras.ops.convert_to_tensor(np.asarray(g)) for g in grads],
                                      theirs.trainable_weights))
    for mine, want in zip(ours.weights, theirs.weights):
        np.testing.assert_allclose(mine.detach().numpy(), keras.ops.convert_to_numpy(want),
                                   rtol=1e-5, atol=1e-6)
