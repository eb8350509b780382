"""Every optimizer of `keras.optimizers` against Keras: five steps of the same two-layer
model from the same weights on the same batches; state, configs, signatures, names."""

import inspect

import numpy as np
import pytest
import torch

import lamina
from lamina import optimizers

# Keras names Lamina does not provide, each with its reason. A name missing from Lamina
# and from this dict fails `test_every_keras_optimizer_is_provided_or_excluded`.
EXCLUDED = {
}

OPTIMIZERS = [
    "SGD", "Adam", "AdamW", "RMSprop", "Adadelta", "Adafactor", "Adagrad", "Adamax", "Ftrl",
    "Lamb", "Lion", "Muon", "Nadam", "ScheduleFreeAdamW",
]

# Non-default arguments tried with every optimizer (plus each one's defaults).
COMMON_CASES = {
    "defaults": {},
    "decay-clipnorm": {"learning_rate": 0.01, "weight_decay": 0.1, "clipnorm": 0.5},
    "ema": {"learning_rate": 0.01, "use_ema": True, "ema_momentum": 0.9,
            "ema_overwrite_frequency": 3},
    "accumulation-global-clipnorm": {"learning_rate": 0.01, "gradient_accumulation_steps": 2,
                                     "global_clipnorm": 0.2},
    "loss-scale-clipvalue": {"learning_rate": 0.01, "loss_scale_factor": 4.0, "clipvalue": 0.05},
}
# Each optimizer's own non-default arguments.
OWN_CASES = {
    "Adadelta": {"learning_rate": 1.0, "rho": 0.9, "epsilon": 1e-6},
    "Adagrad": {"learning_rate": 0.1, "initial_accumulator_value": 0.5, "epsilon": 1e-5},
    "Adamax": {"learning_rate": 0.01, "beta_1": 0.8, "beta_2": 0.99, "epsilon": 1e-5},
    "Lion": {"learning_rate": 0.003, "beta_1": 0.95, "beta_2": 0.98, "weight_decay": 0.5},
    "Nadam": {"learning_rate": 0.01, "beta_1": 0.8, "beta_2": 0.99, "epsilon": 1e-5},
    "Adafactor": {"learning_rate": 0.01, "beta_2_decay": -0.5, "epsilon_2": 1e-2,
                  "clip_threshold": 0.5, "relative_step": False},
    "Ftrl": {"learning_rate": 0.1, "learning_rate_power": -0.3, "initial_accumulator_value": 0.2,
             "l1_regularization_strength": 0.01, "l2_regularization_strength": 0.02,
             "l2_shrinkage_regularization_strength": 0.03, "beta": 0.1},
    "Lamb": {"learning_rate": 0.01, "beta_1": 0.8, "beta_2": 0.99, "epsilon": 1e-5},
    "Muon": {"learning_rate": 0.01, "adam_beta_1": 0.8, "adam_weight_decay": 0.1,
             "weight_decay": 0.2, "momentum": 0.9, "ns_steps": 3, "nesterov": False,
             "rms_rate": None, "adam_lr_ratio": 0.5},
    "ScheduleFreeAdamW": {"learning_rate": 0.01, "beta_1": 0.8, "warmup_steps": 3,
                          "epsilon": 1e-6},
}
# The base machinery (EMA, loss scaling, clipping) is shared, so those cases run on a few
# optimizers only; weight decay and accumulation (which changes each update's step number)
# run on all.
SUBSETS = {
    "ema": ["SGD", "Adam", "Nadam", "Adafactor"],
    "loss-scale-clipvalue": ["RMSprop", "Lion", "Ftrl", "Muon"],
}
CASES = [
    (name, case, kwargs)
    for case, kwargs in COMMON_CASES.items()
    for name in SUBSETS.get(case, OPTIMIZERS)
]
CASES += [(name, "own", kwargs) for name, kwargs in OWN_CASES.items()]


def _batches(steps=5):
    generator = torch.Generator().manual_seed(0)
    return [
        (torch.randn(8, 4, generator=generator), torch.randn(8, 2, generator=generator))
        for _ in range(steps)
    ]


def _models(keras):
    ours = lamina.Sequential(
        [lamina.Input((4,)), lamina.layers.Dense(3, activation="tanh"), lamina.layers.Dense(2)]
    )
    theirs = keras.Sequential(
        [keras.Input((4,)), keras.layers.Dense(3, activation="tanh"), keras.layers.Dense(2)]
    )
    theirs.set_weights(ours.get_weights())
    return ours, theirs


def _train_keras(keras, model, opt, batches):
    for x, y in batches:
        model.zero_grad()
        loss = torch.mean((model(x) - y) ** 2)
        loss.backward()
        grads = [v.value.grad for v in model.trainable_weights]
        opt.apply_gradients(zip(grads, model.trainable_weights))


def _train_lamina(model, opt, batches):
    opt.build(model.trainable_weights)
    for x, y in batches:
        opt.zero_grad()
        loss = torch.mean((model(x) - y) ** 2)
        loss.backward()
        opt.step()


def _numpy(tensor):
    tensor = tensor.value if hasattr(tensor, "value") else tensor
    return np.asarray(tensor.detach().cpu().numpy())


def _run_both(keras, name, kwargs, configure=None):
    ours, theirs = _models(keras)
    opt = getattr(optimizers, name)(**kwargs)
    keras_opt = getattr(keras.optimizers, name)(**kwargs)
    if configure is not None:
        configure(opt, ours)
        configure(keras_opt, theirs)
    batches = _batches()
    _train_keras(keras, theirs, keras_opt, batches)
    _train_lamina(ours, opt, batches)
    return ours, theirs, opt, keras_opt


def _assert_same_training(ours, theirs, opt, keras_opt):
    for mine, expected in zip(ours.get_weights(), theirs.get_weights()):
        np.testing.assert_allclose(mine, expected, rtol=1e-5, atol=1e-6)
    assert len(opt.variables) == len(keras_opt.variables)
    for mine, expected in zip(opt.variables, keras_opt.variables):
        expected = _numpy(expected)
        # Slots such as Ftrl's `linear` are differences of large terms: float32 rounding
        # there is relative to the largest entry, not to each (cancelled) one.
        scale = float(np.abs(expected).max()) if expected.size else 0.0
        np.testing.assert_allclose(_numpy(mine), expected, rtol=1e-5, atol=1e-6 + 1e-6 * scale)
    assert int(opt.iterations) == int(keras_opt.iterations)


@pytest.mark.parametrize(
    "name, case, kwargs", CASES, ids=[f"{name}-{case}" for name, case, _ in CASES]
)
def test_five_steps_match_keras(keras, name, case, kwargs):
    _assert_same_training(*_run_both(keras, name, kwargs))


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_schedule_as_learning_rate_matches_keras(keras, name):
    def schedule(module):
        return module.optimizers.schedules.ExponentialDecay(0.02, decay_steps=2, decay_rate=0.5)

    ours, theirs = _models(keras)
    opt = getattr(optimizers, name)(learning_rate=schedule(lamina), weight_decay=0.1)
    keras_opt = getattr(keras.optimizers, name)(learning_rate=schedule(keras), weight_decay=0.1)
    batches = _batches()
    _train_keras(keras, theirs, keras_opt, batches)
    _train_lamina(ours, opt, batches)
    _assert_same_training(ours, theirs, opt, keras_opt)
    np.testing.assert_allclose(opt.learning_rate, float(keras_opt.learning_rate), rtol=1e-6)
    config = opt.get_config()
    assert config == keras_opt.get_config() | {"name": opt.name}
    rebuilt = type(opt).from_config(config)
    assert isinstance(rebuilt._learning_rate, optimizers.schedules.ExponentialDecay)
    assert rebuilt.get_config() == config
    # Keras reads Lamina's serialized optimizer, schedule included (Keras 3.15.1's own
    # `deserialize` returns the string "Lamb" for a Lamb config, so Lamb is left out).
    if name != "Lamb":
        data = optimizers.serialize(opt)
        assert keras.optimizers.deserialize(data).get_config() == keras_opt.get_config() | {
            "name": opt.name
        }


@pytest.mark.parametrize("name", ["Adam", "Lion", "Adagrad"])
def test_exclude_from_weight_decay_matches_keras(keras, name):
    def configure(opt, model):
        opt.exclude_from_weight_decay(var_list=[model.layers[0].kernel], var_names=["bias"])

    kwargs = {"learning_rate": 0.01, "weight_decay": 0.3}
    _assert_same_training(*_run_both(keras, name, kwargs, configure))


def test_exclude_from_weight_decay_after_build_raises():
    opt = optimizers.Adam(weight_decay=0.1)
    opt.build([torch.nn.Parameter(torch.zeros(2))])
    with pytest.raises(ValueError, match="before optimizer 'adam.*' is built"):
        opt.exclude_from_weight_decay(var_names=["bias"])


def test_finalize_variable_values_copies_the_average(keras):
    ours, theirs, opt, keras_opt = _run_both(
        keras, "SGD", {"learning_rate": 0.1, "use_ema": True, "ema_momentum": 0.5}
    )
    opt.finalize_variable_values(ours.trainable_weights)
    keras_opt.finalize_variable_values(theirs.trainable_weights)
    _assert_same_training(ours, theirs, opt, keras_opt)


def test_scale_loss_matches_keras(keras):
    loss = torch.tensor(3.0)
    for factor in (None, 8.0):
        expected = keras.optimizers.Adam(loss_scale_factor=factor).scale_loss(loss)
        assert float(optimizers.Adam(loss_scale_factor=factor).scale_loss(loss)) == float(expected)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"gradient_accumulation_steps": 1}, "`gradient_accumulation_steps` must be"),
        ({"use_ema": True, "ema_momentum": 1.5}, "`ema_momentum` must be in the range"),
        ({"use_ema": True, "ema_overwrite_frequency": 0.5}, "`ema_overwrite_frequency`"),
    ],
)
def test_bad_common_arguments_fail_like_keras(keras, kwargs, message):
    with pytest.raises(ValueError, match=message):
        optimizers.Nadam(**kwargs)
    with pytest.raises(ValueError):
        keras.optimizers.Nadam(**kwargs)


def test_lion_rejects_a_zero_beta_1_like_keras(keras):
    with pytest.raises(ValueError, match="`beta_1` must be in the \\[0, 1\\] range"):
        optimizers.Lion(beta_1=0.0)
    with pytest.raises(ValueError):
        keras.optimizers.Lion(beta_1=0.0)


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_signature_matches_keras(keras, name):
    def parameters(cls):
        return [(p.name, p.default) for p in inspect.signature(cls).parameters.values()]

    assert parameters(getattr(optimizers, name)) == parameters(getattr(keras.optimizers, name))


@pytest.mark.parametrize("name", OPTIMIZERS)
@pytest.mark.parametrize("case", ["defaults", "own"])
def test_config_matches_keras_and_round_trips(keras, name, case):
    kwargs = {"name": "opt", **(OWN_CASES.get(name, {}) if case == "own" else {})}
    opt = getattr(optimizers, name)(**kwargs)
    expected = getattr(keras.optimizers, name)(**kwargs).get_config()
    assert opt.get_config() == expected
    assert type(opt).from_config(expected).get_config() == expected
    assert optimizers.get(name.lower()).get_config() | {"name": "opt"} == (
        getattr(keras.optimizers, name)().get_config() | {"name": "opt"}
    )


@pytest.mark.parametrize("inner", ["SGD", "Adam"])
def test_loss_scale_optimizer_matches_keras(keras, inner):
    ours, theirs = _models(keras)
    kwargs = {"initial_scale": 64.0, "dynamic_growth_steps": 2}
    opt = optimizers.LossScaleOptimizer(getattr(optimizers, inner)(learning_rate=0.05), **kwargs)
    keras_opt = keras.optimizers.LossScaleOptimizer(
        getattr(keras.optimizers, inner)(learning_rate=0.05), **kwargs
    )
    batches = _batches()
    poisoned = 2  # this step's gradients hold an inf: skipped, and the scale halves

    def train(model, optimizer, variables_of, step):
        for i, (x, y) in enumerate(batches):
            model.zero_grad()
            loss = optimizer.scale_loss(torch.mean((model(x) - y) ** 2))
            loss.backward()
            grads = [g.clone() for g in variables_of(model)]
            if i == poisoned:
                grads[0][0, 0] = float("inf")
            step(optimizer, grads, model.trainable_weights)

    train(theirs, keras_opt, lambda m: [v.value.grad for v in m.trainable_weights],
          lambda o, g, v: o.apply_gradients(zip(g, v)))
    train(ours, opt, lambda m: [v.grad for v in m.trainable_weights],
          lambda o, g, v: o.apply(g, v))
    _assert_same_training(ours, theirs, opt, keras_opt)
    assert float(opt.dynamic_scale) == float(keras_opt.dynamic_scale.numpy())
    config = opt.get_config()
    expected = keras_opt.get_config()
    assert config["inner_optimizer"]["config"] == expected["inner_optimizer"]["config"] | {
        "name": opt.inner_optimizer.name
    }
    assert {k: v for k, v in config.items() if k not in ("inner_optimizer", "name")} == {
        k: v for k, v in expected.items() if k not in ("inner_optimizer", "name")
    }
    rebuilt = optimizers.deserialize(keras.optimizers.serialize(keras_opt))
    assert isinstance(rebuilt, optimizers.LossScaleOptimizer)
    assert rebuilt.get_config()["inner_optimizer"]["config"] == expected["inner_optimizer"]["config"]


def test_loss_scale_optimizer_rejects_base_arguments_like_keras(keras):
    for module in (optimizers, keras.optimizers):
        with pytest.raises(ValueError, match="does not support `clipnorm`"):
            module.LossScaleOptimizer(module.SGD(), clipnorm=1.0)
        with pytest.raises(ValueError, match="no longer supports `dynamic=False`"):
            module.LossScaleOptimizer(module.SGD(), dynamic=False)


def _configs_only(data):
    """A nested serialized config without the `module`/`registered_name` keys."""
    if isinstance(data, dict):
        return {k: _configs_only(v) for k, v in data.items() if k not in ("module", "registered_name")}
    return data


def test_multi_optimizer_matches_keras(keras):
    def make(module):
        mapping = module.optimizers.OptimizerMap(
            module.optimizers.Adam(learning_rate=0.01, name="inner_adam"),
            {".*bias": module.optimizers.SGD(learning_rate=0.1, momentum=0.9, name="inner_sgd")},
        )
        return module.optimizers.MultiOptimizer(mapping, name="multi")

    ours, theirs = _models(keras)
    opt, keras_opt = make(lamina), make(keras)
    batches = _batches()
    _train_keras(keras, theirs, keras_opt, batches)
    _train_lamina(ours, opt, batches)
    _assert_same_training(ours, theirs, opt, keras_opt)
    assert [type(o).__name__ for o in opt.optimizers] == ["SGD", "Adam"]
    # Keras writes its torch-backend module paths for the inner optimizers; compare the
    # configs themselves.
    assert _configs_only(opt.get_config()) == _configs_only(keras_opt.get_config())
    rebuilt = optimizers.deserialize(keras.optimizers.serialize(keras_opt))
    assert isinstance(rebuilt, optimizers.MultiOptimizer)
    assert _configs_only(rebuilt.get_config()) == _configs_only(keras_opt.get_config())
    with pytest.raises(AttributeError, match="sub-optimizers"):
        opt.learning_rate  # noqa: B018
    with pytest.raises(ValueError, match="cannot be a MultiOptimizer"):
        opt._optimizer_map["x"] = make(lamina)


def test_every_keras_optimizer_is_provided_or_excluded(keras):
    names = {
        n for n in dir(keras.optimizers)
        if not n.startswith("_") and n not in {"get", "serialize", "deserialize", "schedules"}
    }
    missing = sorted(n for n in names if not hasattr(optimizers, n) and n not in EXCLUDED)
    assert not missing, f"Keras optimizers that Lamina neither has nor excludes: {missing}"
    stale = sorted(n for n in EXCLUDED if hasattr(optimizers, n))
    assert not stale, f"Names listed in EXCLUDED that Lamina now provides: {stale}"
    # The wrappers have their own tests above.
    tested = set(OPTIMIZERS) | {"Optimizer", "LossScaleOptimizer", "MultiOptimizer", "OptimizerMap", "legacy"}
    untested = sorted(names - tested - set(EXCLUDED))
    assert not untested, f"Optimizers without a parity case: {untested}"


def test_a_subclass_with_a_one_argument_from_config_still_deserializes():
    class Halved(optimizers.SGD):
        @classmethod
        def from_config(cls, config):
            return cls(**{**config, "learning_rate": config["learning_rate"] / 2})

    data = optimizers.serialize(Halved(learning_rate=0.5))
    rebuilt = optimizers.deserialize(data, custom_objects={"Halved": Halved})
    assert isinstance(rebuilt, Halved) and rebuilt.learning_rate == pytest.approx(0.25)


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_keras_state_resumes_in_lamina(keras, name):
    # Keras's `variables` (its saving order, EMA averages and accumulators included) load
    # into Lamina with `set_weights`, and the next steps agree.
    kwargs = {"learning_rate": 0.01, "use_ema": True, "gradient_accumulation_steps": 2}
    ours, theirs = _models(keras)
    keras_opt = getattr(keras.optimizers, name)(**kwargs)
    batches = _batches(steps=7)
    _train_keras(keras, theirs, keras_opt, batches[:5])
    ours.set_weights(theirs.get_weights())
    opt = getattr(optimizers, name)(**kwargs)
    opt.build(ours.trainable_weights)
    opt.set_weights([_numpy(v) for v in keras_opt.variables])
    _train_keras(keras, theirs, keras_opt, batches[5:])
    _train_lamina(ours, opt, batches[5:])
    _assert_same_training(ours, theirs, opt, keras_opt)
    state = opt.state_dict()
    fresh = getattr(optimizers, name)(**kwargs)
    fresh.build(ours.trainable_weights)
    fresh.load_state_dict(state)
    for mine, loaded in zip(opt.variables, fresh.variables):
        torch.testing.assert_close(loaded, mine, rtol=0, atol=0)


@pytest.mark.parametrize("wrapper", ["LossScaleOptimizer", "MultiOptimizer"])
def test_wrapper_state_dict_round_trips(wrapper):
    inner = optimizers.Nadam(learning_rate=0.01)
    if wrapper == "LossScaleOptimizer":
        opt = optimizers.LossScaleOptimizer(inner)
    else:
        opt = optimizers.MultiOptimizer(optimizers.OptimizerMap(inner))
    params = [torch.nn.Parameter(torch.ones(2, 2)), torch.nn.Parameter(torch.ones(2))]
    opt.build(params)
    for p in params:
        p.grad = torch.full_like(p, 0.5)
    opt.step()
    state = {"variables": [v.clone() for v in opt.state_dict()["variables"]]}
    opt.step()
    opt.load_state_dict(state)
    for mine, saved in zip(opt.variables, state["variables"]):
        torch.testing.assert_close(mine, saved, rtol=0, atol=0)


def _keras_style_momentum(base, ops_cast):
    """The subclassing guide's pattern: `build` + `update_step` with `assign*`."""

    class Momentum(base):
        def __init__(self, learning_rate=0.05, momentum=0.5, **kwargs):
            super().__init__(learning_rate=learning_rate, **kwargs)
            self.momentum = momentum

        def build(self, variables):
            if self.built:
                return
            super().build(variables)
            self.velocities = self.add_optimizer_variables(variables, "velocity")
            self.count = self.add_variable(shape=(), initializer="zeros", name="count")

        def update_step(self, gradient, variable, learning_rate):
            lr = ops_cast(learning_rate, variable.dtype)
            v = self.velocities[self._get_variable_index(variable)]
            self.assign(v, v * self.momentum - gradient * lr)
            self.assign_add(variable, v)
            self.assign_add(self.count, 1.0)

    return Momentum


def test_a_keras_style_subclass_matches_keras(keras):
    ours, theirs = _models(keras)
    opt = _keras_style_momentum(optimizers.Optimizer, lambda x, d: x.to(d))(weight_decay=0.1)
    keras_opt = _keras_style_momentum(keras.optimizers.Optimizer, keras.ops.cast)(
        weight_decay=0.1
    )
    batches = _batches()
    _train_keras(keras, theirs, keras_opt, batches)
    _train_lamina(ours, opt, batches)
    _assert_same_training(ours, theirs, opt, keras_opt)
    assert float(opt.count) == 5 * len(ours.trainable_weights)


def test_an_optimizer_without_an_update_rule_says_so():
    class Empty(optimizers.Optimizer):
        pass

    opt = Empty(learning_rate=0.1)
    param = torch.nn.Parameter(torch.zeros(2))
    opt.build([param])
    param.grad = torch.ones(2)
    with pytest.raises(NotImplementedError, match="implement `update_step"):
        opt.step()


@pytest.mark.parametrize("name", ["SGD", "Nadam"])
def test_weight_constraints_apply_after_each_step_like_keras(keras, name):
    # Set on the weights themselves: the optimizer applies `variable.constraint` after its
    # step, as Keras's `Optimizer.apply` does (attaching it is the layer's job).
    ours, theirs = _models(keras)
    ours.layers[0].kernel.constraint = lambda w: w.clamp(-0.3, 0.3)
    theirs.layers[0].kernel.constraint = lambda w: keras.ops.clip(w, -0.3, 0.3)
    opt = getattr(optimizers, name)(learning_rate=0.1)
    keras_opt = getattr(keras.optimizers, name)(learning_rate=0.1)
    batches = _batches()
    _train_keras(keras, theirs, keras_opt, batches)
    _train_lamina(ours, opt, batches)
    _assert_same_training(ours, theirs, opt, keras_opt)
    assert float(ours.layers[0].kernel.detach().abs().max()) <= np.float32(0.3)


@pytest.mark.parametrize("name", ["Adam", "Nadam"])
def test_stateless_apply_and_update_step_match_keras(keras, name):
    ours, theirs = _models(keras)
    opt, keras_opt = getattr(optimizers, name)(), getattr(keras.optimizers, name)()
    batches = _batches(steps=2)
    _train_keras(keras, theirs, keras_opt, batches[:1])
    _train_lamina(ours, opt, batches[:1])
    grads = [torch.full_like(w, 0.25) for w in ours.trainable_weights]
    before = [_numpy(v).copy() for v in opt.variables]
    weights, state = opt.stateless_apply(
        [v.clone() for v in opt.variables], grads, [w.detach().clone() for w in ours.trainable_weights]
    )
    keras_weights, keras_state = keras_opt.stateless_apply(
        [v.value for v in keras_opt.variables], grads, [v.value for v in theirs.trainable_weights]
    )
    for mine, expected in zip(weights + state, list(keras_weights) + list(keras_state)):
        np.testing.assert_allclose(_numpy(mine), _numpy(expected), rtol=1e-5, atol=1e-6)
    for unchanged, saved in zip(opt.variables, before):
        np.testing.assert_array_equal(_numpy(unchanged), saved)
    # `update_step` moves one variable only, without counting a step.
    kernel = ours.trainable_weights[0]
    expected_kernel = _numpy(weights[0])
    opt.update_step(grads[0], kernel, opt.learning_rate)
    np.testing.assert_allclose(_numpy(kernel), expected_kernel, rtol=1e-5, atol=1e-6)
    assert int(opt.iterations) == 1


@pytest.mark.parametrize("name", ["Adagrad", "Adam", "Ftrl", "RMSprop", "SGD", "Optimizer"])
def test_legacy_optimizers_raise_import_error_as_in_keras(keras, name):
    with pytest.raises(ImportError):
        getattr(keras.optimizers.legacy, name)()
    with pytest.raises(ImportError, match="keras.optimizers"):
        getattr(optimizers.legacy, name)()
