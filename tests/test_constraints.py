"""Every name in `keras.constraints` against Keras 3: projected weights, configs, names."""

import numpy as np
import pytest
import torch

import lamina
from lamina import constraints

# Names of keras.constraints that Lamina does not provide, with the reason. (None today.)
EXCLUDED: dict[str, str] = {}

# class name -> constructor kwargs to try (defaults first).
CASES = {
    "Constraint": [{}],
    "MaxNorm": [{}, {"max_value": 0.5, "axis": 1}, {"max_value": 1.5, "axis": [0, 1, 2]}],
    "MinMaxNorm": [
        {},
        {"min_value": 0.5, "max_value": 0.8, "rate": 0.5, "axis": 1},
        {"min_value": 1.0, "max_value": 2.0, "axis": [0, 1, 2]},
    ],
    "NonNeg": [{}],
    "UnitNorm": [{}, {"axis": 1}, {"axis": [0, 1, 2]}],
}
LOWER_CASE = {
    "max_norm": "MaxNorm",
    "min_max_norm": "MinMaxNorm",
    "non_neg": "NonNeg",
    "unit_norm": "UnitNorm",
}
CONSTRAINT_CASES = [(name, i) for name, cases in CASES.items() for i in range(len(cases))]


def _weights(kwargs):
    rng = np.random.default_rng(1)
    axis = kwargs.get("axis", 0)
    shape = (3, 3, 4, 5) if isinstance(axis, list) else (6, 4)
    w = rng.normal(0.0, 1.0, shape).astype("float32")
    w[0] = 0.0  # a zero row: the epsilon in the denominators keeps it finite
    return w


def test_every_keras_constraint_name_exists(keras):
    names = [n for n in dir(keras.constraints) if not n.startswith("_")]
    missing = [n for n in names if not hasattr(constraints, n) and n not in EXCLUDED]
    assert not missing, f"keras.constraints names Lamina lacks: {missing}"
    classes = {n for n in names if isinstance(getattr(keras.constraints, n), type)}
    assert classes - set(CASES) - set(LOWER_CASE) - set(EXCLUDED) == set()
    assert lamina.constraints is constraints


@pytest.mark.parametrize(("name", "index"), CONSTRAINT_CASES)
def test_values_and_configs_match_keras(keras, name, index):
    kwargs = CASES[name][index]
    ours, theirs = getattr(constraints, name)(**kwargs), getattr(keras.constraints, name)(**kwargs)
    w = _weights(kwargs)
    expected = keras.ops.convert_to_numpy(theirs(torch.as_tensor(w)))
    got = ours(torch.as_tensor(w))
    assert isinstance(got, torch.Tensor) and got.dtype == torch.float32
    np.testing.assert_allclose(got.numpy(), expected, rtol=1e-5, atol=1e-6)
    assert ours.get_config() == theirs.get_config()
    assert constraints.serialize(ours) == keras.constraints.serialize(theirs)
    again = constraints.deserialize(keras.constraints.serialize(theirs))
    assert type(again) is type(ours) and again.get_config() == ours.get_config()
    assert constraints.get(constraints.serialize(ours)).get_config() == ours.get_config()


@pytest.mark.parametrize("name", [*LOWER_CASE, *[n for n in CASES if n != "Constraint"]])
def test_names_resolve_as_in_keras(keras, name):
    assert getattr(constraints, name).__name__ == getattr(keras.constraints, name).__name__
    theirs = keras.constraints.get(name)
    ours = constraints.get(name)
    assert type(ours).__name__ == type(theirs).__name__
    assert ours.get_config() == theirs.get_config()


def test_get_passes_through_and_rejects(keras):
    assert constraints.get(None) is None
    c = constraints.MaxNorm(3)
    assert constraints.get(c) is c
    fn = torch.tanh
    assert constraints.get(fn) is fn
    with pytest.raises(ValueError, match="constraint"):
        constraints.get("no_such_constraint")
    with pytest.raises(ValueError, match="constraint"):
        constraints.get(42)


def test_nonneg_keeps_integer_dtype(keras):
    w = torch.tensor([-2, 0, 3])
    theirs = keras.constraints.NonNeg()(w)
    assert torch.equal(constraints.NonNeg()(w), torch.as_tensor(keras.ops.convert_to_numpy(theirs)))


def test_max_norm_caps_column_norms():
    """The invariant the constraint exists for: after it, no column norm exceeds max_value."""
    w = torch.randn(8, 5) * 3
    out = constraints.MaxNorm(max_value=1.25)(w)
    assert bool((out.norm(dim=0) <= 1.25 + 1e-5).all())
    small = torch.full((4, 2), 0.1)
    torch.testing.assert_close(constraints.MaxNorm(2.0)(small), small, rtol=1e-5, atol=1e-6)
