"""Every layer in the layer case table (tests/layers/cases*.py) round-trips through a
`.keras` archive both ways with Keras 3: a one-layer model saved by Lamina loads in Keras
with the same outputs, and the other way round. New layer families are covered as soon
as they add rows to the case table."""

import pathlib
import sys

import numpy as np
import pytest
import torch

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "layers"))
from cases import CASES  # noqa: E402

import lamina  # noqa: E402

# The first row of each layer class; integer rows keep their input dtype. Wrapper's rows
# wrap a test-defined subclass, which neither registry knows (test_core_wrappers.py saves it).
# Keras 3.15.1 cannot build a model holding Equalization (its compute_output_spec returns
# its input, which Keras reports as a cycle); test_color_augmentation.py saves and loads it
# in Lamina.
KERAS_CANNOT_BUILD = {lamina.layers.Equalization}
FIRST = [case for case in {case.layer: case for case in reversed(CASES)}.values()
         if case.layer is not lamina.layers.Wrapper and case.layer not in KERAS_CANNOT_BUILD]


def one_layer_model(lib, case, keras=None):
    layer = case.oracle(keras) if keras is not None else case.make()
    return lib.Sequential([lib.Input(case.input_shape[1:], dtype=case.input_dtype), layer])


def varied_weights(model, seed=0):
    """Non-trivial weights; positive values keep variances and scales valid."""
    rng = np.random.default_rng(seed)
    return [(rng.random(w.shape) * 0.5 + 0.5).astype(w.dtype) for w in model.get_weights()]


def compare(case, ours, theirs):
    ours, theirs = torch.as_tensor(np.asarray(ours)), torch.as_tensor(np.asarray(theirs))
    if case.exact:
        assert torch.equal(ours, theirs)
    else:
        torch.testing.assert_close(ours, theirs, rtol=max(case.rtol, 5e-4 if "Conv" in case.layer.__name__ else case.rtol),
                                   atol=max(case.atol, 1e-5))


@pytest.mark.parametrize("case", FIRST, ids=[c.layer.__name__ for c in FIRST])
def test_lamina_archive_loads_in_keras_with_the_same_outputs(case, tmp_path, keras):
    ours = one_layer_model(lamina, case)
    ours.set_weights(varied_weights(ours))
    ours.save(tmp_path / "m.keras")
    theirs = keras.saving.load_model(tmp_path / "m.keras")
    x = case.sample().numpy()
    compare(case, ours.predict(x, verbose=0), theirs.predict(x, verbose=0))


@pytest.mark.parametrize("case", FIRST, ids=[c.layer.__name__ for c in FIRST])
def test_keras_archive_loads_in_lamina_with_the_same_outputs(case, tmp_path, keras):
    theirs = one_layer_model(keras, case, keras)
    theirs.set_weights(varied_weights(theirs))
    theirs.save(tmp_path / "m.keras")
    ours = lamina.models.load_model(tmp_path / "m.keras")
    x = case.sample().numpy()
    compare(case, ours.predict(x, verbose=0), theirs.predict(x, verbose=0))


def test_every_public_layer_class_is_in_the_archive_round_trips():
    exported = {
        obj for obj in (getattr(lamina.layers, name) for name in lamina.layers.__all__)
        if isinstance(obj, type) and issubclass(obj, lamina.layers.Layer)
    }
    # TorchModuleWrapper pickles its module (test_core_wrappers.py covers its archives).
    structural = {lamina.layers.Layer, lamina.layers.InputLayer, lamina.layers.TorchModuleWrapper,
                  lamina.layers.Pipeline, lamina.layers.Wrapper}
    # Sequence layers without rows: test_rnn_family.py saves and loads them with Keras.
    L = lamina.layers
    structural |= {L.RNN, L.Bidirectional, L.LSTMCell, L.GRUCell, L.SimpleRNNCell, L.StackedRNNCells,
                   L.MultiHeadAttention, L.GroupedQueryAttention, L.Attention, L.AdditiveAttention}
    # Layers without rows (see tests/layers/test_layer_contract.py); their own tests save them.
    structural |= {L.Hashing, L.HashedCrossing, L.RandomSaturation, L.IntegerLookup, L.StringLookup,
                   L.TextVectorization, *KERAS_CANNOT_BUILD}
    merged = {case.layer for case in __import__("cases").MERGE_CASES}  # functional-model tests
    assert exported - structural - merged - {case.layer for case in FIRST} == set()


def wrapped_models(lib):
    return {
        "time_distributed": lib.Sequential([lib.Input((3, 4)), lib.layers.TimeDistributed(lib.layers.Dense(2))]),
        "spectral_normalization": lib.Sequential(
            [lib.Input((4,)), lib.layers.SpectralNormalization(lib.layers.Dense(2))]
        ),
    }


@pytest.mark.parametrize("name", ["time_distributed", "spectral_normalization"])
def test_wrapped_layers_keep_keras_nested_weight_layout(name, tmp_path, keras):
    """Keras stores a wrapper's sublayer under `layers/<wrapper>/layer/vars`; files cross
    both ways with the same outputs."""
    ours = wrapped_models(lamina)[name]
    ours.set_weights(varied_weights(ours))
    ours.save(tmp_path / "ours.keras")
    theirs = keras.saving.load_model(tmp_path / "ours.keras")
    x = np.random.default_rng(1).random((2, *ours.input_shape[1:])).astype("float32")
    torch.testing.assert_close(torch.as_tensor(theirs.predict(x, verbose=0)),
                               torch.as_tensor(ours.predict(x, verbose=0)), rtol=1e-6, atol=1e-6)
    theirs.save(tmp_path / "theirs.keras")
    back = lamina.models.load_model(tmp_path / "theirs.keras")
    torch.testing.assert_close(torch.as_tensor(back.predict(x, verbose=0)),
                               torch.as_tensor(theirs.predict(x, verbose=0)), rtol=1e-6, atol=1e-6)
