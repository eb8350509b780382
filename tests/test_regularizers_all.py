"""Every name in `keras.regularizers` against Keras 3: penalties, configs and names."""

import numpy as np
import pytest
import torch

from lamina import regularizers

# Names of keras.regularizers that Lamina does not provide, with the reason. (None today.)
EXCLUDED: dict[str, str] = {}

CASES = [
    ("L1", {}, (5, 4)),
    ("L1", {"l1": 0.3}, (2, 3, 4)),
    ("L2", {}, (5, 4)),
    ("L2", {"l2": 0.7}, (6,)),
    ("L1L2", {}, (5, 4)),
    ("L1L2", {"l1": 0.1, "l2": 0.2}, (3, 3, 2, 4)),
    ("L1L2", {"l1": None, "l2": 0.2}, (5, 4)),
    ("OrthogonalRegularizer", {}, (6, 4)),
    ("OrthogonalRegularizer", {"factor": 0.5, "mode": "columns"}, (6, 4)),
    ("OrthogonalRegularizer", {"factor": 2.0}, (3, 8)),
]
LOWER_CASE = ("l1", "l2", "l1_l2", "orthogonal_regularizer")


def _weights(shape):
    w = np.random.default_rng(2).normal(0.0, 1.0, shape).astype("float32")
    if len(shape) == 2:
        w[1] = 0.0  # a zero row: the normalization's capped inverse norm keeps it finite
    return torch.as_tensor(w)


def test_every_keras_regularizer_name_exists(keras):
    names = [n for n in dir(keras.regularizers) if not n.startswith("_")]
    missing = [n for n in names if not hasattr(regularizers, n) and n not in EXCLUDED]
    assert not missing, f"keras.regularizers names Lamina lacks: {missing}"
    tested = {name for name, _, _ in CASES} | {"Regularizer"}
    classes = {
        getattr(keras.regularizers, n).__name__
        for n in names
        if isinstance(getattr(keras.regularizers, n), type)
    }
    assert classes <= tested


@pytest.mark.parametrize(("name", "kwargs", "shape"), CASES)
def test_penalties_and_configs_match_keras(keras, name, kwargs, shape):
    ours = getattr(regularizers, name)(**kwargs)
    theirs = getattr(keras.regularizers, name)(**kwargs)
    w = _weights(shape)
    penalty = ours(w)
    assert isinstance(penalty, torch.Tensor) and penalty.ndim == 0
    np.testing.assert_allclose(
        penalty.numpy(), keras.ops.convert_to_numpy(theirs(w)), rtol=1e-5, atol=1e-7
    )
    assert ours.get_config() == theirs.get_config()
    assert regularizers.serialize(ours) == keras.regularizers.serialize(theirs)
    again = regularizers.deserialize(keras.regularizers.serialize(theirs))
    assert type(again) is type(ours) and again.get_config() == ours.get_config()


def test_penalty_has_a_gradient(keras):
    w = _weights((6, 4)).requires_grad_()
    regularizers.OrthogonalRegularizer(0.1)(w).backward()
    theirs = _weights((6, 4)).requires_grad_()
    keras.regularizers.OrthogonalRegularizer(0.1)(theirs).backward()
    np.testing.assert_allclose(w.grad.numpy(), theirs.grad.numpy(), rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("name", LOWER_CASE)
def test_lowercase_names_are_the_classes(keras, name):
    assert getattr(regularizers, name).__name__ == getattr(keras.regularizers, name).__name__
    assert regularizers.l2(0.3).get_config() == keras.regularizers.l2(0.3).get_config()


@pytest.mark.parametrize(
    "name",
    ["l1", "l2", "L1", "L2", "L1L2", "l1l2", "OrthogonalRegularizer", "orthogonal_regularizer"],
)
def test_names_resolve_as_in_keras(keras, name):
    ours, theirs = regularizers.get(name), keras.regularizers.get(name)
    assert type(ours).__name__ == type(theirs).__name__
    assert ours.get_config() == theirs.get_config()


def test_l1_l2_name_keeps_keras_2_defaults(keras):
    # Keras 3.15.1 cannot resolve "l1_l2" by name (its table holds "l1l2"); Lamina keeps the
    # Keras 2 meaning, both factors at 0.01, so old configs still load.
    assert regularizers.get("l1_l2").get_config() == {"l1": 0.01, "l2": 0.01}


def test_bad_arguments_raise(keras):
    with pytest.raises(ValueError, match="rank 2"):
        regularizers.OrthogonalRegularizer()(torch.ones(2, 3, 4))
    with pytest.raises(ValueError, match="mode"):
        regularizers.OrthogonalRegularizer(mode="diagonal")
    for bad in (-1.0, float("inf"), float("nan"), "0.1"):
        with pytest.raises(ValueError, match="l2"):
            regularizers.L2(bad)


def test_get_instantiates_a_class_as_keras_does(keras):
    ours, theirs = regularizers.get(regularizers.L2), keras.regularizers.get(keras.regularizers.L2)
    assert isinstance(ours, regularizers.L2) and ours.get_config() == theirs.get_config()
    assert regularizers.get(None) is None
