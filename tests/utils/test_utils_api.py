"""The `keras.utils` and `keras.preprocessing` names added for API parity, against Keras:
`Config`, `get_source_inputs`, `is_keras_tensor`, `standardize_dtype`, `smart_resize`,
the `keras.preprocessing` aliases, and `keras.optimizers.legacy`."""

import numpy as np
import pytest
import torch

import lamina
from lamina import utils


def _drive(config):
    """A fixed sequence of Config operations; returns everything observable."""
    seen = [list(config), repr(config), config.to_json(), len(config), "a" in config,
            config.a, config["b"], config.get("missing", 5), config.frozen]
    config.c = 3
    config["d"] = 4
    seen += [config.as_dict(), config.pop("d"), sorted(config.keys()), sorted(config.values())]
    config.update(e=5)
    del config["e"]
    config.freeze()
    for mutate in (lambda: setattr(config, "x", 1), lambda: config.__setitem__("x", 1),
                   lambda: config.pop("a"), lambda: config.update(x=1),
                   lambda: config.__delitem__("a")):
        with pytest.raises(ValueError, match="frozen"):
            mutate()
    seen.append(config.frozen)
    config.unfreeze()
    config.x = 1
    seen.append(dict(config.items()))
    with pytest.raises(AttributeError, match="Unknown attribute: 'learning_rat'. Did you mean 'learning_rate'"):
        config.learning_rat  # noqa: B018
    return seen


def test_config_behaves_like_keras(keras):
    ours = _drive(utils.Config(b=1, a=2, learning_rate=0.1))
    theirs = _drive(keras.utils.Config(b=1, a=2, learning_rate=0.1))
    assert ours == theirs


def test_get_source_inputs_matches_keras_on_a_branching_graph(keras):
    def graph(k):
        a, b = k.Input((3,), name="a"), k.Input((3,), name="b")
        shared = k.layers.Dense(3)
        left = shared(a)
        right = k.layers.Add()([shared(b), a])
        out = k.layers.Concatenate()([left, right, k.layers.Dense(3)(left)])
        return a, b, out, left

    for k in (lamina, keras):
        a, b, out, left = graph(k)
        sources = k.utils.get_source_inputs(out)
        assert [s is a for s in sources] == [True, False] and sources[1] is b  # each once, in order
        assert k.utils.get_source_inputs(left)[0] is a and len(k.utils.get_source_inputs(left)) == 1
        assert k.utils.get_source_inputs(a) == [a]
    x = torch.zeros(2)
    assert utils.get_source_inputs(x) is x  # Keras returns a non-symbolic value unchanged


def test_is_keras_tensor_matches_keras(keras):
    for k in (lamina, keras):
        symbolic = k.Input((2,))
        assert k.utils.is_keras_tensor(symbolic) and isinstance(symbolic, k.KerasTensor)
        assert not k.utils.is_keras_tensor(np.zeros(2))
    assert not utils.is_keras_tensor(torch.zeros(2))
    assert not keras.utils.is_keras_tensor(torch.zeros(2))


@pytest.mark.parametrize("dtype", ["float32", "int", "float64", np.int16, np.dtype("uint8"),
                                   torch.bfloat16, torch.int64, bool, "bool"])
def test_standardize_dtype_matches_keras(keras, dtype):
    assert utils.standardize_dtype(dtype) == keras.utils.standardize_dtype(dtype)


@pytest.mark.parametrize("shape,size,data_format,interpolation", [
    ((37, 21, 3), (10, 12), "channels_last", "bilinear"),
    ((2, 20, 41, 1), (8, 8), "channels_last", "nearest"),
    ((3, 37, 21), (9, 5), "channels_first", "bilinear"),
    ((2, 3, 16, 16), (4, 4), "channels_first", "bicubic"),
])
def test_smart_resize_matches_keras(keras, shape, size, data_format, interpolation):
    x = np.random.default_rng(0).random(shape, dtype=np.float32)
    ours = lamina.preprocessing.image.smart_resize(x, size, interpolation, data_format)
    theirs = keras.preprocessing.image.smart_resize(x, size, interpolation, data_format)
    assert isinstance(ours, np.ndarray) and ours.dtype == theirs.dtype
    np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)


def test_smart_resize_rejects_bad_arguments_like_keras(keras):
    for resize in (lamina.preprocessing.image.smart_resize, keras.preprocessing.image.smart_resize):
        with pytest.raises(ValueError, match="incorrect rank"):
            resize(np.zeros((4, 4)), (2, 2))
        with pytest.raises(ValueError, match="tuple of 2 integers"):
            resize(np.zeros((4, 4, 1)), (2, 2, 2))


def test_preprocessing_names_are_the_utils_functions():
    """keras.preprocessing.* are aliases of keras.utils.* (the same objects), so are ours."""
    p = lamina.preprocessing
    assert p.image.load_img is utils.load_img and p.image.array_to_img is utils.array_to_img
    assert p.image.img_to_array is utils.img_to_array and p.image.save_img is utils.save_img
    assert p.sequence.pad_sequences is utils.pad_sequences
    assert p.image_dataset_from_directory is utils.image_dataset_from_directory
    assert p.text_dataset_from_directory is utils.text_dataset_from_directory
    assert p.timeseries_dataset_from_array is utils.timeseries_dataset_from_array


@pytest.mark.parametrize("name", ["Adagrad", "Adam", "Ftrl", "Optimizer", "RMSprop", "SGD"])
def test_legacy_optimizers_raise_import_error_like_keras(keras, name):
    for module in (lamina.optimizers.legacy, keras.optimizers.legacy):
        with pytest.raises(ImportError, match="not supported in Keras 3"):
            getattr(module, name)(learning_rate=0.1)
