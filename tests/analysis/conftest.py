"""Shared models for the analysis tests; fresh auto names in every test."""

import pytest

import lamina
from lamina import Input, Sequential, layers


@pytest.fixture(autouse=True)
def _fresh_names():
    """`conv2d`, `flatten`, `dense` ... restart for every test, so rows can be found by name."""
    lamina.utils.clear_session()


def reference_model():
    """The issue's reference model: a (30, 30, 32) feature map flattened into Dense(10)."""
    return Sequential([
        Input((32, 32, 3)),
        layers.Conv2D(32, 3, activation="relu"),
        layers.Flatten(),
        layers.Dense(10, activation="softmax"),
    ])


def gap_model():
    """The reference model with GlobalAveragePooling2D in place of Flatten."""
    return Sequential([
        Input((32, 32, 3)),
        layers.Conv2D(32, 3, activation="relu"),
        layers.GlobalAveragePooling2D(),
        layers.Dense(10, activation="softmax"),
    ])


@pytest.fixture
def reference():
    return reference_model()


@pytest.fixture
def gap():
    return gap_model()
