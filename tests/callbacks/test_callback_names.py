"""Every public name of `keras.callbacks` exists in `lamina.callbacks`, unless listed here
with the reason; the callbacks added for issue 15 take Keras's constructor arguments."""

import inspect

import pytest

import lamina.callbacks
from lamina import registry

NOT_PROVIDED = {
    # Saves through JAX's Orbax checkpointer (keras/src/callbacks/orbax_checkpoint.py needs
    # `orbax.checkpoint` and JAX arrays); Lamina checkpoints with ModelCheckpoint and
    # BackupAndRestore instead.
    "OrbaxCheckpoint": "JAX/Orbax-bound",
}

ADDED = ["TensorBoard", "LearningRateScheduler", "BackupAndRestore", "SwapEMAWeights", "RemoteMonitor"]


def _public(module):
    return sorted(name for name in dir(module) if not name.startswith("_"))


def test_every_keras_callback_name_exists(keras):
    missing = [name for name in _public(keras.callbacks)
               if name not in NOT_PROVIDED and not hasattr(lamina.callbacks, name)]
    assert missing == []


def test_exclusions_are_still_needed(keras):
    """A name listed as not provided must still be a Keras name and still be absent here."""
    for name in NOT_PROVIDED:
        assert hasattr(keras.callbacks, name), name
        assert not hasattr(lamina.callbacks, name), name


@pytest.mark.parametrize("name", ADDED)
def test_constructor_signature_matches_keras(keras, name):
    def parameters(cls):
        return [(p.name, p.kind, p.default) for p in inspect.signature(cls.__init__).parameters.values()]

    assert parameters(getattr(lamina.callbacks, name)) == parameters(getattr(keras.callbacks, name))


@pytest.mark.parametrize("name", ADDED)
def test_registered_as_a_callback(name):
    cls = getattr(lamina.callbacks, name)
    assert registry.lookup("callbacks", name) is cls
    assert registry.kind_of(cls) == "callbacks"
