"""Every learning-rate schedule of `keras.optimizers.schedules` against Keras: values over
steps, configs, serialization, and errors."""

import inspect

import numpy as np
import pytest
import torch

from lamina import optimizers
from lamina.optimizers import schedules

# Keras schedule names Lamina does not provide, each with its reason.
EXCLUDED: dict[str, str] = {}

CASES = [
    ("ExponentialDecay", {"initial_learning_rate": 0.1, "decay_steps": 3, "decay_rate": 0.5}),
    ("ExponentialDecay", {"initial_learning_rate": 0.1, "decay_steps": 3, "decay_rate": 0.5,
                          "staircase": True, "name": "stairs"}),
    ("InverseTimeDecay", {"initial_learning_rate": 0.2, "decay_steps": 2, "decay_rate": 0.7}),
    ("InverseTimeDecay", {"initial_learning_rate": 0.2, "decay_steps": 2, "decay_rate": 0.7,
                          "staircase": True}),
    ("PolynomialDecay", {"initial_learning_rate": 0.1, "decay_steps": 7}),
    ("PolynomialDecay", {"initial_learning_rate": 0.1, "decay_steps": 7,
                         "end_learning_rate": 0.01, "power": 0.5, "cycle": True}),
    ("PiecewiseConstantDecay", {"boundaries": [3, 8], "values": [1.0, 0.5, 0.1]}),
    ("PiecewiseConstantDecay", {"boundaries": [4], "values": [0.3, 0.01], "name": "pc"}),
    ("CosineDecay", {"initial_learning_rate": 0.1, "decay_steps": 9}),
    ("CosineDecay", {"initial_learning_rate": 0.1, "decay_steps": 9, "alpha": 0.1}),
    ("CosineDecay", {"initial_learning_rate": 0.0, "decay_steps": 9, "alpha": 0.2,
                     "warmup_target": 0.5, "warmup_steps": 4}),
    ("CosineDecayRestarts", {"initial_learning_rate": 0.1, "first_decay_steps": 3}),
    ("CosineDecayRestarts", {"initial_learning_rate": 0.1, "first_decay_steps": 4,
                             "t_mul": 1.0, "m_mul": 0.5, "alpha": 0.1}),
    ("CosineDecayRestarts", {"initial_learning_rate": 0.1, "first_decay_steps": 2,
                             "t_mul": 1.5, "m_mul": 0.8}),
]
IDS = [f"{name}-{i}" for i, (name, _) in enumerate(CASES)]
STEPS = list(range(0, 25))


@pytest.mark.parametrize("name, kwargs", CASES, ids=IDS)
def test_values_over_steps_match_keras(keras, name, kwargs):
    ours = getattr(schedules, name)(**kwargs)
    theirs = getattr(keras.optimizers.schedules, name)(**kwargs)
    for step in STEPS:
        expected = np.asarray(keras.ops.convert_to_numpy(theirs(step)))
        # Both an int step and the optimizer's int32 step tensor.
        for given in (step, torch.tensor(step, dtype=torch.int32)):
            value = ours(given)
            assert torch.is_tensor(value) and value.dtype == torch.float32 and value.dim() == 0
            np.testing.assert_allclose(value.numpy(), expected, rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("name, kwargs", CASES, ids=IDS)
def test_config_matches_keras_and_round_trips(keras, name, kwargs):
    ours = getattr(schedules, name)(**kwargs)
    theirs = getattr(keras.optimizers.schedules, name)(**kwargs)
    assert ours.get_config() == theirs.get_config()
    data = schedules.serialize(ours)
    assert data == keras.optimizers.schedules.serialize(theirs)
    rebuilt = schedules.deserialize(keras.optimizers.schedules.serialize(theirs))
    assert type(rebuilt) is type(ours) and rebuilt.get_config() == ours.get_config()
    assert keras.optimizers.schedules.deserialize(data).get_config() == ours.get_config()


@pytest.mark.parametrize("name", sorted({name for name, _ in CASES}))
def test_signature_matches_keras(keras, name):
    def parameters(cls):
        return [(p.name, p.default) for p in inspect.signature(cls).parameters.values()]

    assert parameters(getattr(schedules, name)) == parameters(
        getattr(keras.optimizers.schedules, name)
    )


@pytest.mark.parametrize(
    "factory",
    [
        lambda m: m.ExponentialDecay(0.1, decay_steps=0, decay_rate=0.5),
        lambda m: m.InverseTimeDecay(0.1, decay_steps=-1, decay_rate=0.5),
        lambda m: m.PolynomialDecay(0.1, decay_steps=0),
        lambda m: m.CosineDecay(0.1, decay_steps=0),
        lambda m: m.CosineDecayRestarts(0.1, first_decay_steps=0),
        lambda m: m.PiecewiseConstantDecay([1, 2], [0.1, 0.2]),
    ],
    ids=["exponential", "inverse-time", "polynomial", "cosine", "restarts", "piecewise"],
)
def test_bad_arguments_fail_like_keras(keras, factory):
    with pytest.raises(ValueError, match="decay_steps` must be > 0|length of boundaries"):
        factory(schedules)
    with pytest.raises(ValueError):
        factory(keras.optimizers.schedules)


def test_the_base_class_needs_call_and_get_config(keras):
    with pytest.raises(NotImplementedError, match="must override `__call__"):
        schedules.LearningRateSchedule()(0)
    with pytest.raises(NotImplementedError, match="must override `get_config"):
        schedules.LearningRateSchedule().get_config()


def test_a_user_schedule_is_saved_and_loaded_with_the_optimizer():
    class Halving(schedules.LearningRateSchedule):
        def __init__(self, start):
            self.start = start

        def __call__(self, step):
            return self.start / 2 ** (step // 2)

        def get_config(self):
            return {"start": self.start}

    opt = optimizers.SGD(learning_rate=Halving(0.8))
    param = torch.nn.Parameter(torch.zeros(2))
    opt.build([param])
    seen = []
    for _ in range(5):
        seen.append(opt.learning_rate)
        param.grad = torch.ones(2)
        opt.step()
    np.testing.assert_allclose(seen, [0.8, 0.8, 0.4, 0.4, 0.2], rtol=1e-6)
    # Keras's optimizer `SGD(learning_rate=schedule)` steps: sum of the rates, negated.
    np.testing.assert_allclose(param.detach().numpy(), [-2.6, -2.6], rtol=1e-6)
    data = optimizers.serialize(opt)
    assert data["config"]["learning_rate"]["class_name"] == "Halving"
    rebuilt = optimizers.deserialize(data, custom_objects={"Halving": Halving})
    assert isinstance(rebuilt._learning_rate, Halving) and rebuilt._learning_rate.start == 0.8
    with pytest.raises(ValueError, match="Halving"):
        optimizers.deserialize(data)


def test_a_schedule_cannot_be_replaced_by_a_float():
    opt = optimizers.Adam(learning_rate=schedules.ExponentialDecay(0.1, 2, 0.5))
    with pytest.raises(TypeError, match="cannot be set to a number"):
        opt.learning_rate = 0.3
    opt.learning_rate = schedules.CosineDecay(0.2, 4)
    assert opt.learning_rate == pytest.approx(0.2)


def test_every_keras_schedule_is_provided_or_excluded(keras):
    names = {
        n for n in dir(keras.optimizers.schedules)
        if not n.startswith("_") and n not in {"serialize", "deserialize"}
    }
    missing = sorted(n for n in names if not hasattr(schedules, n) and n not in EXCLUDED)
    assert not missing, f"Keras schedules that Lamina neither has nor excludes: {missing}"
    untested = names - {name for name, _ in CASES} - {"LearningRateSchedule"} - set(EXCLUDED)
    assert not untested, f"Schedules without a parity case: {sorted(untested)}"
