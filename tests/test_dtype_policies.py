"""`lamina.dtype_policies` (and `lamina.DTypePolicy`) against `keras.dtype_policies`."""

import numpy as np
import pytest
import torch

import lamina
from lamina import dtype_policies

NAMES = ["float32", "float16", "bfloat16", "float64", "mixed_float16", "mixed_bfloat16",
         "int32", "int", "bool", "uint8"]


def _described(policy):
    return (type(policy).__name__, policy.name, policy.compute_dtype, policy.variable_dtype,
            policy.quantization_mode, repr(policy), policy.get_config())


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("cls", ["DTypePolicy", "FloatDTypePolicy"])
def test_policy_properties_config_and_repr_match_keras(keras, name, cls):
    ours, theirs = getattr(lamina, cls)(name), getattr(keras, cls)(name)
    assert _described(ours) == _described(theirs)
    assert _described(type(ours).from_config(ours.get_config())) == _described(theirs)


def test_default_name_is_the_global_policy(keras):
    assert _described(lamina.DTypePolicy()) == _described(keras.DTypePolicy())


@pytest.mark.parametrize("bad,error", [("foo", ValueError), ("float", ValueError), (3, TypeError)])
def test_bad_names_raise_like_keras(keras, bad, error):
    for module in (lamina, keras):
        with pytest.raises(error):
            module.DTypePolicy(bad)


def test_equality_like_keras(keras):
    for module in (lamina, keras):
        assert module.DTypePolicy("float32") == module.FloatDTypePolicy("float32")
        assert module.DTypePolicy("float32") != module.DTypePolicy("float16")
        assert module.DTypePolicy("float32") != "float32"


@pytest.mark.parametrize("identifier", [
    None, "mixed_bfloat16", "float16", np.float64, "int32",
    {"class_name": "DTypePolicy", "config": {"name": "float64"}},
    {"class_name": "FloatDTypePolicy", "config": {"name": "mixed_float16"}},
])
def test_get_matches_keras(keras, identifier):
    assert _described(dtype_policies.get(identifier)) == _described(keras.dtype_policies.get(identifier))


def test_get_passes_policies_through_and_rejects_junk(keras):
    policy = lamina.DTypePolicy("float16")
    assert dtype_policies.get(policy) is policy
    for module in (dtype_policies, keras.dtype_policies):
        with pytest.raises(ValueError):
            module.get(object())


@pytest.mark.parametrize("cls,name", [("DTypePolicy", "mixed_float16"), ("FloatDTypePolicy", "float32")])
def test_serialize_and_deserialize_match_keras(keras, cls, name):
    ours = dtype_policies.serialize(getattr(lamina, cls)(name))
    assert ours == keras.dtype_policies.serialize(getattr(keras, cls)(name))
    assert _described(dtype_policies.deserialize(ours)) == _described(keras.dtype_policies.deserialize(ours))


def test_a_layer_accepts_a_policy_object_like_keras(keras):
    ours = lamina.layers.Dense(2, dtype=lamina.DTypePolicy("mixed_bfloat16"))
    theirs = keras.layers.Dense(2, dtype=keras.DTypePolicy("mixed_bfloat16"))
    assert (ours.compute_dtype, ours.dtype) == (theirs.compute_dtype, theirs.dtype)
    assert ours.get_config()["dtype"] == theirs.get_config()["dtype"]


@pytest.mark.parametrize("x_dtype", [torch.float32, torch.float16, torch.int32])
@pytest.mark.parametrize("autocast", [True, False])
def test_convert_input_casts_floats_only_like_keras(keras, x_dtype, autocast):
    x = torch.ones(2, dtype=x_dtype)
    ours = lamina.DTypePolicy("mixed_bfloat16").convert_input(x, autocast, "bfloat16")
    theirs = keras.DTypePolicy("mixed_bfloat16").convert_input(x, autocast, "bfloat16")
    assert ours.dtype == theirs.dtype
