"""Lamina optimizers against the Keras oracle: the same gradients in, the same weights out."""

import re

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from lamina import optimizers

SHAPES = [(3, 4), (4,), (2, 2, 3)]

CASES = [
    ("SGD", {}),
    ("SGD", {"momentum": 0.9}),
    ("SGD", {"momentum": 0.9, "nesterov": True}),
    ("SGD", {"learning_rate": 0.1, "weight_decay": 0.01}),
    ("Adam", {}),
    ("Adam", {"amsgrad": True}),
    ("Adam", {"weight_decay": 0.05, "clipnorm": 0.5}),
    ("Adam", {"global_clipnorm": 1.0}),
    ("Adam", {"clipvalue": 0.1}),
    ("AdamW", {}),
    ("AdamW", {"amsgrad": True, "weight_decay": 0.1, "learning_rate": 0.01}),
    ("RMSprop", {}),
    ("RMSprop", {"momentum": 0.5}),
    ("RMSprop", {"centered": True}),
    ("RMSprop", {"momentum": 0.5, "centered": True, "global_clipnorm": 0.5}),
]
CASE_IDS = [
    f"{name}-{'-'.join(f'{k}={v}' for k, v in kw.items()) or 'defaults'}" for name, kw in CASES
]


def _problem(seed=0, steps=5):
    generator = torch.Generator().manual_seed(seed)
    init = [torch.randn(shape, generator=generator) for shape in SHAPES]
    grads = [[torch.randn(s, generator=generator) for s in SHAPES] for _ in range(steps)]
    return init, grads


def _run_keras(keras, name, kwargs, init, grads):
    variables = [keras.Variable(x.numpy()) for x in init]
    opt = getattr(keras.optimizers, name)(**kwargs)
    for step in grads:
        opt.apply_gradients(zip([g.clone() for g in step], variables))
    return [torch.from_numpy(np.array(v.numpy())) for v in variables], opt


def _run_lamina(name, kwargs, init, grads):
    params = [torch.nn.Parameter(x.clone()) for x in init]
    opt = getattr(optimizers, name)(**kwargs)
    opt.build(params)
    for step in grads:
        for param, grad in zip(params, step):
            param.grad = grad.clone()
        opt.step()
    return [p.detach() for p in params], opt


def _numpy(tensor):
    return np.array(tensor.detach().cpu().numpy() if torch.is_tensor(tensor) else tensor.numpy())


@pytest.mark.parametrize("name, kwargs", CASES, ids=CASE_IDS)
def test_five_steps_match_keras(keras, name, kwargs):
    init, grads = _problem()
    expected, keras_opt = _run_keras(keras, name, kwargs, init, grads)
    actual, opt = _run_lamina(name, kwargs, init, grads)
    for a, e in zip(actual, expected):
        torch.testing.assert_close(a, e, rtol=1e-5, atol=1e-6)
    # The state, in Keras's saving order: iteration, learning rate, then the slots.
    assert len(opt.variables) == len(keras_opt.variables)
    for mine, theirs in zip(opt.variables, keras_opt.variables):
        assert tuple(mine.shape) == tuple(theirs.shape)
        np.testing.assert_allclose(_numpy(mine), _numpy(theirs), rtol=1e-5, atol=1e-7)
    assert opt.variables[0].dtype == torch.int32 and int(opt.iterations) == 5


@pytest.mark.parametrize(
    "name, kwargs", CASES[:: len(CASES) // 5], ids=CASE_IDS[:: len(CASES) // 5]
)
def test_apply_gradients_matches_step(name, kwargs):
    init, grads = _problem(seed=1)
    by_step, _ = _run_lamina(name, kwargs, init, grads)
    params = [torch.nn.Parameter(x.clone()) for x in init]
    opt = getattr(optimizers, name)(**kwargs)
    for step in grads:
        opt.apply_gradients(zip(step, params))
    for a, e in zip(params, by_step):
        torch.testing.assert_close(a.detach(), e, rtol=0, atol=0)


def test_adam_first_step_matches_keras_semantics_example(keras):
    # KERAS_SEMANTICS I2: epsilon is added to the uncorrected sqrt(v), so tiny gradients
    # take much smaller first steps than in torch.optim.Adam (9.9e-4 for the middle one).
    grads = torch.tensor([1.0, 1e-6, -1e-3])
    param = torch.nn.Parameter(torch.zeros(3))
    optimizers.Adam().apply_gradients([(grads, param)])
    delta = -param.detach()
    # The document quotes 6 significant digits, hence rtol=1e-4 for it.
    torch.testing.assert_close(
        delta, torch.tensor([9.99987e-4, 2.40266e-4, -9.96828e-4]), rtol=1e-4, atol=0
    )
    variable = keras.Variable(np.zeros(3, dtype="float32"))
    keras.optimizers.Adam().apply_gradients([(grads.clone(), variable)])
    torch.testing.assert_close(
        delta, -torch.from_numpy(np.array(variable.numpy())), rtol=1e-6, atol=0
    )
    # torch.optim.Adam with the same epsilon is a different optimizer (9.09e-4 here).
    torch_param = torch.nn.Parameter(torch.zeros(3))
    torch_param.grad = grads.clone()
    torch.optim.Adam([torch_param], lr=1e-3, eps=1e-7).step()
    assert (
        abs(float(torch_param.detach()[1]) + 9.0909e-4) < 1e-7
        and abs(float(delta[1]) - 9.0909e-4) > 6e-4
    )


@pytest.mark.parametrize("name", ["SGD", "Adam", "AdamW", "RMSprop"])
def test_default_config_matches_keras(keras, name):
    config = getattr(optimizers, name)().get_config()
    expected = getattr(keras.optimizers, name)().get_config()
    assert re.fullmatch(r"[a-z_]+(_\d+)?", config.pop("name"))
    expected.pop("name")
    assert config == expected
    assert list(config) == list(expected)  # same key order, as written to config.json


def test_learning_rate_is_float32_rounded_and_settable():
    opt = optimizers.Adam()
    assert opt.learning_rate == 0.0010000000474974513
    assert opt.get_config()["learning_rate"] == 0.0010000000474974513
    opt.learning_rate = 0.5
    assert opt.learning_rate == 0.5 and float(opt.variables[1]) == 0.5


def test_callable_learning_rate_is_evaluated_at_each_iteration():
    opt = optimizers.SGD(learning_rate=lambda iteration: 0.1 / (1 + iteration))
    param = torch.nn.Parameter(torch.zeros(2))
    opt.build([param])
    assert len(opt.variables) == 1  # no learning-rate tensor to save
    for _ in range(3):
        param.grad = torch.ones(2)
        opt.step()
    expected = -(0.1 + 0.1 / 2 + 0.1 / 3)
    torch.testing.assert_close(param.detach(), torch.full((2,), expected), rtol=1e-6, atol=0)
    with pytest.raises(TypeError, match="callable learning rate"):
        opt.learning_rate = 0.01


def test_step_skips_variables_without_gradients():
    a, b = torch.nn.Parameter(torch.ones(2)), torch.nn.Parameter(torch.ones(3))
    opt = optimizers.Adam(learning_rate=0.1)
    opt.build([a, b])
    a.grad = torch.ones(2)
    opt.step()
    assert torch.equal(b.detach(), torch.ones(3))
    assert torch.all(a.detach() < 1)
    assert int(opt.iterations) == 1
    opt.zero_grad()
    assert a.grad is None


def test_build_again_with_other_variables_rebuilds_state():
    a, b = torch.nn.Parameter(torch.ones(2)), torch.nn.Parameter(torch.ones(3))
    opt = optimizers.Adam()
    opt.build([a])
    slots = opt.variables[2:]
    opt.build([a])
    assert all(x is y for x, y in zip(opt.variables[2:], slots))
    opt.build([a, b])
    assert [tuple(v.shape) for v in opt.variables[2:]] == [(2,), (2,), (3,), (3,)]


def test_keras_optimizer_state_resumes_in_lamina(keras):
    # The values Keras writes to optimizer/vars/N of a .weights.h5, loaded mid-training.
    init, grads = _problem(seed=2, steps=4)
    variables = [keras.Variable(x.numpy()) for x in init]
    keras_opt = keras.optimizers.Adam(amsgrad=True)
    for step in grads[:3]:
        keras_opt.apply_gradients(zip([g.clone() for g in step], variables))
    weights = [torch.from_numpy(_numpy(v)) for v in variables]
    store = {str(i): _numpy(v) for i, v in enumerate(keras_opt.variables)}
    keras_opt.apply_gradients(zip([g.clone() for g in grads[3]], variables))

    opt = optimizers.Adam(amsgrad=True)
    params = [torch.nn.Parameter(w.clone()) for w in weights]
    opt.build(params)
    opt.load_own_variables(store)
    assert int(opt.iterations) == 3
    for p, g in zip(params, grads[3]):
        p.grad = g.clone()
    opt.step()
    for a, v in zip(params, variables):
        torch.testing.assert_close(a.detach(), torch.from_numpy(_numpy(v)), rtol=1e-5, atol=1e-6)


def test_state_dict_round_trip():
    init, grads = _problem(seed=3, steps=3)
    _, opt = _run_lamina("RMSprop", {"momentum": 0.5, "centered": True}, init, grads)
    clone = optimizers.RMSprop(momentum=0.5, centered=True, learning_rate=0.5)
    clone.build([torch.zeros(s) for s in SHAPES])
    clone.load_state_dict(opt.state_dict())
    assert len(clone.variables) == 2 + 3 * len(SHAPES)
    for x, y in zip(clone.variables, opt.variables):
        assert torch.equal(x, y)
    saved = {}
    clone.save_own_variables(saved)
    assert list(saved) == [str(i) for i in range(len(opt.variables))]
    with pytest.raises(ValueError, match="state tensor 2 has shape \\(3, 4\\)"):
        clone.load_state_dict({**opt.state_dict(), "slots": [torch.zeros(1)] * 9})


def test_loading_a_store_of_another_size_warns_and_skips():
    opt = optimizers.Adam()
    with pytest.warns(UserWarning, match="Skipping variable loading"):
        opt.load_own_variables({"0": np.array(3), "1": np.array(0.1), "2": np.zeros(2)})
    assert int(opt.iterations) == 0


def test_apply_gradients_errors_and_warnings():
    a, b = torch.nn.Parameter(torch.ones(2)), torch.nn.Parameter(torch.ones(3))
    opt = optimizers.SGD()
    opt.apply_gradients([(torch.ones(2), a)])
    with pytest.raises(ValueError, match="Unknown variable of shape \\(3,\\)"):
        opt.apply_gradients([(torch.ones(3), b)])
    opt = optimizers.SGD()
    with pytest.raises(ValueError, match="No gradients provided"):
        opt.apply_gradients([(None, a), (None, b)])
    with pytest.warns(UserWarning, match="positions \\[1\\]"):
        opt.apply_gradients([(torch.ones(2), a), (None, b)])


def test_step_before_build_raises():
    with pytest.raises(ValueError, match="not built"):
        optimizers.Adam().step()


@pytest.mark.parametrize(
    "factory, message",
    [
        (lambda m: m.Adam(clipnorm=1.0, clipvalue=1.0), "Only one of `clipnorm`"),
        (lambda m: m.SGD(momentum=1), "`momentum` must be a float"),
        (lambda m: m.SGD(momentum=1.5), "`momentum` must be a float"),
        (lambda m: m.Adam(learning_rate=1), "`learning_rate` should be"),
        (lambda m: m.AdamW(weight_decay=None), "`weight_decay` must be a float"),
        (lambda m: m.Adam(betas=(0.9, 0.99)), "betas"),
    ],
    ids=["two-clips", "int-momentum", "momentum>1", "int-lr", "adamw-no-decay", "unknown-arg"],
)
def test_bad_arguments_fail_like_keras(keras, factory, message):
    with pytest.raises(ValueError, match=message):
        factory(optimizers)
    with pytest.raises(ValueError):
        factory(keras.optimizers)


def test_get_resolves_names_instances_and_configs():
    assert isinstance(optimizers.get("adam"), optimizers.Adam)
    assert isinstance(optimizers.get("RMSprop"), optimizers.RMSprop)
    assert isinstance(optimizers.get("AdamW"), optimizers.AdamW)
    opt = optimizers.SGD(momentum=0.5)
    assert optimizers.get(opt) is opt
    assert optimizers.get(None) is None
    rebuilt = optimizers.get({"class_name": "SGD", "config": {"momentum": 0.5}})
    assert rebuilt.momentum == 0.5
    for bad in ["adamx", 3, torch.optim.SGD]:
        with pytest.raises(ValueError, match="Could not interpret optimizer identifier.*'adam'"):
            optimizers.get(bad)


@pytest.mark.parametrize("name", ["SGD", "Adam", "AdamW", "RMSprop"])
def test_serialize_round_trips_and_keras_reads_it(keras, name):
    opt = getattr(optimizers, name)(learning_rate=0.05, clipnorm=2.0)
    data = optimizers.serialize(opt)
    assert data["module"] == "keras.optimizers" and data["registered_name"] is None
    assert data["class_name"] == name
    assert optimizers.deserialize(data).get_config() == opt.get_config()
    assert keras.optimizers.deserialize(data).get_config() == opt.get_config()
    # And a Keras-written config (torch backend module path) loads in Lamina.
    keras_data = keras.optimizers.serialize(getattr(keras.optimizers, name)(learning_rate=0.05))
    assert optimizers.deserialize(keras_data).get_config() == keras_data["config"]


@given(
    scale=st.floats(1e-3, 1e3),
    clip=st.floats(0.1, 10.0),
    seed=st.integers(0, 2**16),
)
def test_global_clipnorm_bounds_the_whole_step(scale, clip, seed):
    generator = torch.Generator().manual_seed(seed)
    params = [torch.nn.Parameter(torch.zeros(s)) for s in SHAPES]
    opt = optimizers.SGD(learning_rate=1.0, global_clipnorm=clip)
    opt.build(params)
    grads = [torch.randn(s, generator=generator) * scale for s in SHAPES]
    for p, g in zip(params, grads):
        p.grad = g
    opt.step()
    step_norm = torch.linalg.vector_norm(torch.cat([p.detach().reshape(-1) for p in params]))
    grad_norm = torch.linalg.vector_norm(torch.cat([g.reshape(-1) for g in grads]))
    # Plain SGD with lr 1 moves by exactly the clipped gradient.
    assert step_norm <= min(clip, grad_norm) * (1 + 1e-5)


def test_state_follows_the_model_to_another_dtype():
    # `module.to(...)` swaps `.data` in place, so a built optimizer must move its slots.
    model = torch.nn.Linear(3, 2)
    opt = optimizers.Adam()
    opt.build(list(model.parameters()))
    model(torch.ones(1, 3)).sum().backward()
    opt.step()
    model.double()
    opt.zero_grad()
    model(torch.ones(1, 3, dtype=torch.float64)).sum().backward()
    opt.step()
    assert all(slot.dtype == torch.float64 for slot in opt.variables[2:])
    assert int(opt.iterations) == 2
