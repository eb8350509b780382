"""`fit`'s warning when trainable parameters exceed 1,000 x the training samples."""

import warnings

import numpy as np
import pytest
import torch

from lamina import Input, Sequential, layers
from lamina.analysis import OverparameterizedWarning, set_overparameterized_warning
from lamina.analysis.size_warning import DEFAULT_RATIO


@pytest.fixture(autouse=True)
def _default_settings():
    yield
    set_overparameterized_warning(True, ratio=DEFAULT_RATIO)


def dense_model(features, units=10):
    """`features * units + units` trainable parameters."""
    model = Sequential([Input((features,)), layers.Dense(units)])
    model.compile("sgd", "mse")
    return model


def fit(model, samples, **kwargs):
    x = np.zeros((samples, *model.input_shape[1:]), "float32")
    y = np.zeros((samples, *model.output_shape[1:]), "float32")
    return model.fit(x, y, epochs=1, verbose=0, **kwargs)


def test_reference_model_on_few_samples_warns_with_the_numbers(reference):
    reference.compile("sgd", "sparse_categorical_crossentropy")
    x = np.zeros((100, 32, 32, 3), "float32")
    with pytest.warns(OverparameterizedWarning) as record:
        reference.fit(x, np.zeros(100, "int64"), epochs=1, verbose=0)
    assert len(record) == 1
    message = str(record[0].message)
    assert "\n" not in message
    assert f"{896 + 288_010:,} trainable parameters for 100 training samples" in message
    assert f"({(896 + 288_010) / 100:,.0f} per sample)" in message
    assert "GlobalAveragePooling2D it would need 330 instead of 288,010" in message
    assert "model.summary()" in message
    assert record[0].filename == __file__  # points at the caller's `fit` line
    assert issubclass(OverparameterizedWarning, UserWarning)


def test_threshold_is_strictly_more_than_1000_per_sample():
    model = dense_model(99)  # 99 * 10 + 10 = 1,000 parameters
    fit(model, 1)  # exactly 1,000 per sample: silent (pytest turns warnings into errors)
    with pytest.warns(OverparameterizedWarning, match="1,010 trainable parameters for 1 training"):
        fit(dense_model(100), 1)


def test_validation_split_counts_only_training_samples():
    # 3,010 parameters; 4 samples of which 1 is held out -> 3 training samples: 1,003 each.
    with pytest.warns(OverparameterizedWarning, match="for 3 training samples"):
        fit(dense_model(300), 4, validation_split=0.25)
    fit(dense_model(300), 4)  # 4 samples: 752 each, silent


def test_frozen_parameters_do_not_count():
    model = Sequential([Input((300,)), layers.Dense(10, trainable=False), layers.Dense(1)])
    model.compile("sgd", "mse")
    fit(model, 1)  # 11 trainable parameters


def test_dataloader_samples_come_from_the_dataset():
    model = dense_model(300)
    dataset = torch.utils.data.TensorDataset(torch.zeros(2, 300), torch.zeros(2, 10))
    with pytest.warns(OverparameterizedWarning, match="for 2 training samples"):
        model.fit(torch.utils.data.DataLoader(dataset, batch_size=1), epochs=1, verbose=0)


def test_a_generator_of_unknown_length_never_warns():
    model = dense_model(300)
    model.fit(((np.zeros((1, 300), "float32"), np.zeros((1, 10), "float32")) for _ in range(2)), verbose=0)


def test_silenced_with_the_warnings_module(reference):
    reference.compile("sgd", "sparse_categorical_crossentropy")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", OverparameterizedWarning)
        reference.fit(np.zeros((2, 32, 32, 3), "float32"), np.zeros(2, "int64"), verbose=0)


def test_switched_off_and_threshold_moved():
    set_overparameterized_warning(False)
    fit(dense_model(300), 1)
    set_overparameterized_warning(True, ratio=2)
    # 2 * 10 + 10 = 30 parameters: 10 samples give 3 per sample (warns), 15 give 2 (silent).
    with pytest.warns(OverparameterizedWarning, match=r"\(3 per sample\)"):
        fit(dense_model(2), 10)
    fit(dense_model(2), 15)
    with pytest.raises(ValueError, match="positive"):
        set_overparameterized_warning(True, ratio=0)
