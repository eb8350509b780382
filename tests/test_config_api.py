"""`lamina.config`'s switches against `keras.config` (Keras 3.15.1 on torch): the same
defaults, the same values after each setter, and the effect each one has in Lamina."""

import logging

import numpy as np
import pytest
import torch

import lamina
from lamina import config
from lamina.utils import io_utils


def test_backend_is_torch_and_set_backend_accepts_only_torch(keras):
    assert config.backend() == keras.config.backend() == "torch"
    config.set_backend("torch")  # Keras would reload itself here; Lamina is already torch
    for other in ("jax", "tensorflow", "numpy"):
        with pytest.raises(ValueError, match=rf"only 'torch'.*backend='{other}'"):
            config.set_backend(other)
    assert config.is_nnx_enabled() is keras.config.is_nnx_enabled() is False


@pytest.fixture
def restore_switches(keras):
    from keras.src.backend.common import global_state

    yield
    config.enable_flash_attention()
    config.enable_interactive_logging()
    config.set_max_epochs(None)
    config.set_max_steps_per_epoch(None)
    config._SAFE_MODE = None
    keras.config.enable_flash_attention()
    keras.config.enable_interactive_logging()
    keras.config.set_max_epochs(None)
    keras.config.set_max_steps_per_epoch(None)
    global_state.set_global_attribute("safe_mode_saving", None)


@pytest.mark.parametrize("enable,disable,read", [
    ("enable_flash_attention", "disable_flash_attention", "is_flash_attention_enabled"),
    ("enable_interactive_logging", "disable_interactive_logging", "is_interactive_logging_enabled"),
])
def test_switches_read_like_keras(keras, restore_switches, enable, disable, read):
    assert getattr(config, read)() == getattr(keras.config, read)()  # defaults
    for step in (disable, enable, disable):
        getattr(config, step)()
        getattr(keras.config, step)()
        assert getattr(config, read)() == getattr(keras.config, read)()
    # keras.utils exports the logging switches too, as the same functions.
    if "logging" in read:
        assert getattr(lamina.utils, read) is getattr(config, read)


def test_disabled_interactive_logging_sends_messages_to_logging(restore_switches, capsys, caplog):
    io_utils.print_msg("to stdout")
    assert capsys.readouterr().out == "to stdout\n"
    config.disable_interactive_logging()
    with caplog.at_level(logging.INFO, logger="lamina"):
        io_utils.print_msg("to the log")
    assert capsys.readouterr().out == ""
    assert [r.getMessage() for r in caplog.records] == ["to the log"]


@pytest.mark.parametrize("setter,getter", [("set_max_epochs", "max_epochs"),
                                           ("set_max_steps_per_epoch", "max_steps_per_epoch")])
def test_debugging_caps_read_like_keras(keras, restore_switches, setter, getter):
    assert getattr(config, getter)() == getattr(keras.config, getter)() is None
    for value in (3, None, 1):
        getattr(config, setter)(value)
        getattr(keras.config, setter)(value)
        assert getattr(config, getter)() == getattr(keras.config, getter)() == value


def test_debugging_caps_come_from_the_environment(monkeypatch):
    # keras/src/backend/config.py reads KERAS_MAX_EPOCHS / KERAS_MAX_STEPS_PER_EPOCH at
    # import as ints; lamina.config reads them at import with this helper.
    monkeypatch.setenv("KERAS_MAX_EPOCHS", "2")
    monkeypatch.delenv("KERAS_MAX_STEPS_PER_EPOCH", raising=False)
    assert config._int_from_env("KERAS_MAX_EPOCHS") == 2
    assert config._int_from_env("KERAS_MAX_STEPS_PER_EPOCH") is None


def test_enable_unsafe_deserialization_sets_the_global_flag_like_keras(keras, restore_switches):
    from keras.src.saving import serialization_lib

    assert config.in_safe_mode() is serialization_lib.in_safe_mode() is None
    config.enable_unsafe_deserialization()
    keras.config.enable_unsafe_deserialization()
    assert config.in_safe_mode() is serialization_lib.in_safe_mode() is False


@pytest.fixture
def restore_policy(keras):
    yield
    config.set_dtype_policy("float32")
    keras.config.set_dtype_policy("float32")


def test_dtype_policy_setters_match_keras_and_reach_new_layers(keras, restore_policy):
    assert config.dtype_policy() == lamina.DTypePolicy(keras.config.dtype_policy().name)
    for name in ("mixed_bfloat16", "float64", "mixed_float16"):
        config.set_dtype_policy(name)
        keras.config.set_dtype_policy(name)
        ours, theirs = config.dtype_policy(), keras.config.dtype_policy()
        assert (ours.name, ours.compute_dtype, ours.variable_dtype) == (
            theirs.name, theirs.compute_dtype, theirs.variable_dtype)
        ours_dense, theirs_dense = lamina.layers.Dense(2), keras.layers.Dense(2)
        assert ours_dense.compute_dtype == theirs_dense.compute_dtype
        assert ours_dense.dtype == theirs_dense.dtype  # the variable dtype
    config.set_dtype_policy(lamina.DTypePolicy("float32"))
    assert config.dtype_policy().name == "float32"
    assert lamina.mixed_precision.set_dtype_policy is config.set_dtype_policy
    assert lamina.mixed_precision.global_policy is config.dtype_policy
    for module in (config, keras.config):
        with pytest.raises(ValueError, match="Invalid `policy` argument"):
            module.set_dtype_policy(3)
        with pytest.raises(ValueError, match="Cannot convert 'float' "):
            module.set_dtype_policy("float")


# --------------------------------------------------------------------- keras.device
def test_device_scope_puts_new_weights_on_that_device_like_keras(keras):
    with lamina.device("meta") as ours, keras.device("meta") as theirs:
        assert ours == theirs == torch.device("meta")
        dense, keras_dense = lamina.layers.Dense(2), keras.layers.Dense(2)
        dense.build((None, 3))
        keras_dense.build((None, 3))
        assert dense.kernel.device == keras_dense.kernel.value.device == torch.device("meta")
        assert config.device() == torch.device("meta")  # fit would run there too
    assert config.device() != torch.device("meta")
    assert lamina.layers.Dense(2)(torch.zeros(1, 3)).device.type == "cpu"


def test_device_scope_names_and_errors_match_keras(keras):
    with lamina.device("GPU:0") as ours, keras.device("GPU:0") as theirs:
        assert ours == theirs == torch.device("cuda:0")  # only named, nothing allocated
    for module in (lamina, keras):
        with pytest.raises(ValueError, match="device_name"):
            with module.device(0):
                pass
    with lamina.device("cpu"), lamina.device("meta"):
        assert config.device() == torch.device("meta")  # innermost wins


# --------------------------------------------------------------------- keras.remat
def test_remat_gives_keras_values_and_gradients(keras):
    def block(x, scale=2.0):
        return torch.tanh(x @ x.T) * scale

    x = torch.tensor(np.random.default_rng(0).normal(size=(3, 4)), dtype=torch.float32)
    grads = []
    for wrap in (lambda f: f, lamina.remat, keras.remat):
        leaf = x.clone().requires_grad_(True)
        out = wrap(block)(leaf, scale=3.0)
        out.sum().backward()
        grads.append((out.detach(), leaf.grad))
    for out, grad in grads[1:]:
        torch.testing.assert_close(out, grads[0][0], rtol=1e-5, atol=1e-6)
        torch.testing.assert_close(grad, grads[0][1], rtol=1e-5, atol=1e-6)
    with pytest.raises(TypeError, match="remat"):
        lamina.remat(3)


def test_remat_wraps_a_layer(keras):
    dense = lamina.layers.Dense(3)
    x = torch.rand(2, 4, requires_grad=True)
    expected = dense(x)
    torch.testing.assert_close(lamina.remat(dense)(x), expected, rtol=0, atol=0)


def test_device_scope_is_per_thread():
    import threading

    seen = []
    with lamina.device("meta"):
        worker = threading.Thread(target=lambda: seen.append((config.device(), torch.zeros(1).device)))
        worker.start()
        worker.join()
    assert seen[0][0] != torch.device("meta") and seen[0][1].type == "cpu"
