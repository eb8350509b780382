"""Gradients of `lamina.ops`: `torch.autograd.gradcheck` in float64 on differentiable ops of
every family, and `stop_gradient` / `custom_gradient` compared with Keras (torch backend)."""

import numpy as np
import pytest
import torch

from lamina import ops


def _x(*shape, seed=0, low=None, high=None):
    rng = np.random.default_rng(seed)
    if low is None:
        data = rng.standard_normal(shape)
    else:
        data = rng.uniform(low, high, shape)
    return torch.tensor(data, dtype=torch.float64, requires_grad=True)


POS = dict(low=0.5, high=2.0)
# (id, function of tensors, input specs)
GRAD_CASES = [
    ("numpy.add", lambda a, b: ops.add(a, b), [(2, 3), (3,)]),
    ("numpy.multiply", lambda a, b: ops.multiply(a, b), [(2, 3), (2, 3)]),
    ("numpy.divide", lambda a, b: ops.divide(a, b), [(2, 3), ((2, 3), POS)]),
    ("numpy.power", lambda a, b: ops.power(a, b), [((2, 3), POS), (2, 3)]),
    ("numpy.sqrt", lambda a: ops.sqrt(a), [((4,), POS)]),
    ("numpy.log", lambda a: ops.log(a), [((4,), POS)]),
    ("numpy.exp", lambda a: ops.exp(a), [(2, 3)]),
    ("numpy.tanh", lambda a: ops.tanh(a), [(2, 3)]),
    ("numpy.sum", lambda a: ops.sum(a, axis=(0, 2)), [(2, 3, 2)]),
    ("numpy.mean", lambda a: ops.mean(a, axis=-1, keepdims=True), [(2, 3)]),
    ("numpy.std", lambda a: ops.std(a), [(4, 3)]),
    ("numpy.clip", lambda a: ops.clip(a, -0.5, 0.5), [(6,)]),
    ("numpy.einsum", lambda a, b: ops.einsum("ij,jk->ik", a, b), [(2, 3), (3, 4)]),
    ("numpy.concatenate", lambda a, b: ops.concatenate([a, b], axis=-1), [(2, 3), (2, 1)]),
    ("numpy.where", lambda a, b: ops.where(a > 0, a, b), [(2, 3), (2, 3)]),
    ("numpy.take", lambda a: ops.take(a, [2, 0, 2], axis=1), [(2, 3)]),
    ("core.slice_update", lambda a, b: ops.slice_update(a, (1, 0), b), [(3, 3), (1, 3)]),
    ("core.scatter_update", lambda a, b: ops.scatter_update(a, [[0], [2]], b),
     [(3, 2), (2, 2)]),
    ("core.scan", lambda a: ops.scan(lambda c, x: (c * x, c + x), a[0], a[1:])[1], [(4, 2)]),
    ("core.associative_scan", lambda a: ops.associative_scan(lambda u, v: u + v, a), [(5, 2)]),
    ("nn.softmax", lambda a: ops.softmax(a, axis=-1), [(2, 4)]),
    ("nn.log_softmax", lambda a: ops.log_softmax(a), [(2, 4)]),
    ("nn.gelu", lambda a: ops.gelu(a), [(2, 4)]),
    ("nn.conv", lambda a, k: ops.conv(a, k, padding="same"), [(1, 5, 5, 2), (3, 3, 2, 2)]),
    ("nn.max_pool", lambda a: ops.max_pool(a, 2), [(1, 4, 4, 2)]),
    ("nn.layer_normalization", lambda a: ops.layer_normalization(a), [(2, 5)]),
    ("math.logsumexp", lambda a: ops.logsumexp(a, axis=-1), [(2, 4)]),
    ("math.erf", lambda a: ops.erf(a), [(5,)]),
    ("linalg.inv", lambda a: ops.inv(a + 3 * torch.eye(3, dtype=a.dtype)), [(3, 3)]),
    ("linalg.det", lambda a: ops.det(a), [(3, 3)]),
    ("linalg.solve", lambda a, b: ops.solve(a + 3 * torch.eye(3, dtype=a.dtype), b),
     [(3, 3), (3, 2)]),
    ("image.resize", lambda a: ops.image.resize(a, (5, 5)), [(1, 3, 3, 2)]),
]

# Keras's torch backend narrows these to float32 for float64 inputs (its `result_type` maps
# float64 to float32), and we keep its dtypes; so their gradients are compared with Keras's
# in float32 instead of gradcheck'ed in float64.
NARROWED = [
    ("numpy.arctan2", lambda m: lambda a, b: m.arctan2(a, b), [(3,), ((3,), POS)]),
    ("numpy.hypot", lambda m: lambda a, b: m.hypot(a, b), [((3,), POS), ((3,), POS)]),
    ("numpy.logaddexp", lambda m: lambda a, b: m.logaddexp(a, b), [(3,), (3,)]),
    ("numpy.maximum", lambda m: lambda a, b: m.maximum(a, b),
     [(5,), ((5,), dict(low=3, high=4))]),
    ("numpy.var", lambda m: lambda a: m.var(a, axis=0), [(4, 3)]),
    ("numpy.prod", lambda m: lambda a: m.prod(a, axis=1), [((2, 3), POS)]),
    ("numpy.cumsum", lambda m: lambda a: m.cumsum(a, axis=1), [(2, 3)]),
    ("numpy.cumprod", lambda m: lambda a: m.cumprod(a), [((4,), POS)]),
    ("numpy.quantile", lambda m: lambda a: m.quantile(a, 0.3, axis=-1), [(2, 5)]),
    ("numpy.matmul", lambda m: lambda a, b: m.matmul(a, b), [(2, 3), (3, 4)]),
    ("nn.dot_product_attention", lambda m: lambda q, k, v: m.dot_product_attention(q, k, v),
     [(1, 3, 2, 4), (1, 3, 2, 4), (1, 3, 2, 4)]),
]


def _inputs(specs):
    out = []
    for i, spec in enumerate(specs):
        shape, kw = (spec if isinstance(spec[-1], dict) else (spec, {}))
        out.append(_x(*shape, seed=i, **kw))
    return out


@pytest.mark.parametrize(("fn", "specs"), [c[1:] for c in GRAD_CASES],
                         ids=[c[0] for c in GRAD_CASES])
def test_gradcheck_float64(fn, specs):
    inputs = _inputs(specs)
    assert fn(*inputs).dtype == torch.float64  # float64 stays float64 on the way through
    assert torch.autograd.gradcheck(fn, inputs, eps=1e-6, atol=1e-5)


def test_gradients_stay_on_the_input_device_and_dtype():
    x = _x(2, 3)
    y = ops.sum(ops.multiply(ops.exp(x), 2.0))
    (grad,) = torch.autograd.grad(y, x)
    assert grad.dtype == torch.float64 and grad.device == x.device


def test_stop_gradient_matches_keras(keras):
    def run(module):
        x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
        y = module.sum(module.multiply(x, module.stop_gradient(x)))
        (grad,) = torch.autograd.grad(y, x)
        return y.detach(), grad

    (ours_y, ours_g), (theirs_y, theirs_g) = run(ops), run(keras.ops)
    torch.testing.assert_close(ours_y, theirs_y)
    torch.testing.assert_close(ours_g, theirs_g)
    torch.testing.assert_close(ours_g, torch.tensor([1.0, 2.0, 3.0]))  # d(x * c)/dx = c


def _log1pexp(module):
    @module.custom_gradient
    def log1pexp(x):
        e = module.exp(x)

        def grad(*args, upstream=None):
            if upstream is None:
                (upstream,) = args
            return module.multiply(upstream, 1.0 - 1.0 / module.add(1, e))

        return module.log(1 + e), grad

    return log1pexp


def _clip_grad(module):
    @module.custom_gradient
    def clip_gradient(x, y):
        def grad(*args, upstream=None):
            return module.clip(upstream, -0.5, 0.5), module.multiply(upstream, 3.0)

        return module.add(module.multiply(x, 2.0), y), grad

    return clip_gradient


@pytest.mark.parametrize("make", [_log1pexp, _clip_grad], ids=["log1pexp", "two-inputs"])
def test_custom_gradient_matches_keras(make, keras):
    def run(module):
        inputs = [torch.tensor([-100.0, 0.0, 0.3, 100.0], requires_grad=True)]
        if make is _clip_grad:
            inputs.append(torch.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True))
        out = make(module)(*inputs)
        grads = torch.autograd.grad(module.sum(out * torch.arange(4.0)), inputs)
        return out.detach(), grads

    (ours_out, ours_grads), (theirs_out, theirs_grads) = run(ops), run(keras.ops)
    torch.testing.assert_close(ours_out, theirs_out)
    for ours, theirs in zip(ours_grads, theirs_grads):
        torch.testing.assert_close(ours, theirs)
    assert torch.isfinite(ours_grads[0]).all()  # log1pexp's custom gradient has no NaN at 100


def test_custom_gradient_needs_a_grad_fn():
    @ops.custom_gradient
    def no_grad_fn(x):
        return x * 2

    with pytest.raises(TypeError, match="custom_gradient"):
        no_grad_fn(torch.ones(2, requires_grad=True))


@pytest.mark.parametrize(("make", "specs"), [c[1:] for c in NARROWED],
                         ids=[c[0] for c in NARROWED])
def test_gradients_match_keras_where_keras_narrows_float64(make, specs, keras):
    def run(module):
        inputs = [x.detach().float().requires_grad_() for x in _inputs(specs)]
        out = make(module)(*inputs)
        weights = torch.linspace(-1.0, 1.0, out.numel()).reshape(out.shape)
        return out.detach(), torch.autograd.grad((out * weights).sum(), inputs)

    (ours, ours_grads), (theirs, theirs_grads) = run(ops), run(keras.ops)
    torch.testing.assert_close(ours, theirs, rtol=1e-5, atol=1e-5)
    for a, b in zip(ours_grads, theirs_grads):
        torch.testing.assert_close(a, b, rtol=1e-4, atol=1e-5)
    wide = _inputs(specs)
    assert make(ops)(*wide).dtype == make(keras.ops)(*wide).dtype  # both narrow float64
